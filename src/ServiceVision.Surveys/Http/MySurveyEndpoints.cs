using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Http;

public sealed record MemberResponseRequest(IReadOnlyList<AnswerInput?>? Answers);

/// <summary>A survey the caller is invited to, with where it stands for them.</summary>
public sealed record MySurveyView(string SurveyId, string Title, SurveyKind Kind, SurveyStatus Status, int Round, bool AnsweredThisRound, DateTimeOffset InvitedAt);

/// <summary>A survey to answer: its questions.</summary>
public sealed record MySurveyForm(string SurveyId, string Title, string? Description, SurveyKind Kind, SurveyStatus Status, int Round, bool AnsweredThisRound, IReadOnlyList<SurveyQuestion> Questions);

/// <summary>
/// The caller's own surveys (/api/v1/surveys/mine): any member sees the surveys they are invited to
/// and answers each round once. Their response is stored without their id.
/// </summary>
public static class MySurveyEndpoints
{
    public static IEndpointRouteBuilder MapMySurveyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/surveys/mine").WithTags("Surveys");
        group.MapGet("/", ListAsync).WithSummary("Surveys you are invited to, newest first, and whether you answered the current round.").RequireAuthorization(Policies.Employee);
        group.MapGet("/{surveyId}", GetAsync).WithSummary("A survey you are invited to, with its questions.").RequireAuthorization(Policies.Employee);
        group.MapPost("/{surveyId}/responses", AnswerAsync).WithSummary("Answers the current round of a survey you are invited to (once).").WithIdempotency().RequireAuthorization(Policies.Employee);
        return routes;
    }

    private static ISurveyMemberGrain Member(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<ISurveyMemberGrain>(SurveysKeys.Member(caller.OrganizationId, caller.MemberId));

    private static async Task<Ok<PagedList<MySurveyView>>> ListAsync(Caller caller, IGrainFactory grains, PageRequest page)
    {
        var invitations = PagedList.Of(await Member(grains, caller).ListInvitations(), page);
        var views = await Task.WhenAll(invitations.Items.Select(async i =>
        {
            var survey = await SurveyEndpoints.Survey(grains, caller, i.SurveyId).GetSurvey();
            return new MySurveyView(i.SurveyId, survey.Title, survey.Kind, survey.Status, survey.Round, i.AnsweredRounds.Contains(survey.Round), i.InvitedAt);
        }));
        return TypedResults.Ok(new PagedList<MySurveyView>(views, invitations.Page, invitations.PageSize, invitations.Total));
    }

    private static async Task<Ok<MySurveyForm>> GetAsync(string surveyId, Caller caller, IGrainFactory grains)
    {
        var invitation = (await Member(grains, caller).ListInvitations()).FirstOrDefault(i => i.SurveyId == surveyId)
            ?? throw new NotFoundException("Your invitation to this survey");
        var survey = await SurveyEndpoints.Survey(grains, caller, surveyId).GetSurvey();
        return TypedResults.Ok(new MySurveyForm(surveyId, survey.Title, survey.Description, survey.Kind, survey.Status, survey.Round, invitation.AnsweredRounds.Contains(survey.Round), survey.Questions));
    }

    private static async Task<Created<SubmissionResult>> AnswerAsync(string surveyId, MemberResponseRequest request, Caller caller, IGrainFactory grains)
    {
        var result = await Member(grains, caller).Answer(surveyId, request.Answers);
        return TypedResults.Created($"/api/v1/surveys/mine/{surveyId}", result);
    }
}
