using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

public sealed record QuestionRequest(string? Text);

/// <summary>The hiring scorecard, leaders' interview questions, candidates and their evaluations (/api/v1/hiring). Leaders only.</summary>
public static class HiringEndpoints
{
    public static IEndpointRouteBuilder MapHiringEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/hiring").WithTags("Hiring");

        group.MapGet("/scorecard", GetScorecardAsync)
            .WithSummary("The hiring criteria derived from the current published vision, with interview questions and weights.")
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/criteria/{criterionId}/questions", AddQuestionAsync)
            .WithSummary("Adds an interview question of your own to a criterion of the scorecard.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        group.MapDelete("/criteria/{criterionId}/questions/{questionId}", RemoveQuestionAsync)
            .WithSummary("Removes a leader's interview question.")
            .RequireAuthorization(Policies.Leader);

        group.MapPost("/candidates", CreateCandidateAsync)
            .WithSummary("Adds a candidate with a copy of the current scorecard.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/candidates", ListCandidatesAsync)
            .WithSummary("Candidates, newest first, with their overall recommendation.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/candidates/{candidateId}", GetCandidateAsync)
            .WithSummary("A candidate with their scorecard, evaluations and overall result; its ETag is the revision.")
            .RequireAuthorization(Policies.Leader);
        group.MapDelete("/candidates/{candidateId}", RemoveCandidateAsync)
            .WithSummary("Deletes a candidate and their evaluations (If-Match required).")
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/candidates/{candidateId}/evaluations", EvaluateAsync)
            .WithSummary("Records your scores (1 to 5 per criterion) for a candidate.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static IHiringGrain Grain(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<IHiringGrain>(caller.OrganizationId + "/hiring");

    private static async Task<Ok<Scorecard>> GetScorecardAsync(Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Grain(grains, caller).GetScorecard());

    private static async Task<Created<LeaderQuestionView>> AddQuestionAsync(string criterionId, QuestionRequest request, Caller caller, IGrainFactory grains)
    {
        var question = await Grain(grains, caller).AddQuestion(criterionId, request.Text, caller.MemberId);
        return TypedResults.Created("/api/v1/hiring/scorecard", question);
    }

    private static async Task<NoContent> RemoveQuestionAsync(string criterionId, string questionId, Caller caller, IGrainFactory grains)
    {
        await Grain(grains, caller).RemoveQuestion(criterionId, questionId);
        return TypedResults.NoContent();
    }

    private static async Task<Created<CandidateView>> CreateCandidateAsync(NewCandidate request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var candidate = await Grain(grains, caller).CreateCandidate(request, caller.MemberId);
        ETags.Set(context, candidate.Revision);
        return TypedResults.Created($"/api/v1/hiring/candidates/{candidate.Id}", candidate);
    }

    private static async Task<Ok<PagedList<CandidateSummary>>> ListCandidatesAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(PagedList.Of(await Grain(grains, caller).ListCandidates(), page));

    private static async Task<Ok<CandidateView>> GetCandidateAsync(string candidateId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var candidate = await Grain(grains, caller).GetCandidate(candidateId);
        ETags.Set(context, candidate.Revision);
        return TypedResults.Ok(candidate);
    }

    private static async Task<NoContent> RemoveCandidateAsync(string candidateId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        await Grain(grains, caller).RemoveCandidate(candidateId, expected);
        return TypedResults.NoContent();
    }

    private static async Task<Created<EvaluationView>> EvaluateAsync(string candidateId, EvaluationInput request, Caller caller, IGrainFactory grains)
    {
        var evaluation = await Grain(grains, caller).Evaluate(candidateId, request, caller.MemberId);
        return TypedResults.Created($"/api/v1/hiring/candidates/{candidateId}", evaluation);
    }
}
