using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Http;

public sealed record NominationRequest(string? RecognitionId);

/// <summary>
/// Celebrations (/api/v1/celebrations): every member sees them; leaders schedule, nominate
/// recognitions, hold them and decide on the milestones that propose them; owners set the
/// customer-score goals.
/// </summary>
public static class CelebrationEndpoints
{
    public static IEndpointRouteBuilder MapCelebrationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/celebrations").WithTags("Celebrations");

        group.MapPost("/", ScheduleAsync)
            .WithSummary("Schedules a celebration with optional reminders (minutes before it); it is held automatically at its time unless held before.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/", ListAsync)
            .WithSummary("Celebrations, latest date first (paged); ?status=Scheduled|Held.")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/goals", GetGoalsAsync)
            .WithSummary("The customer-score goals a location must beat to propose a celebration; its ETag is the revision (0 until set).")
            .RequireAuthorization(Policies.Leader);
        group.MapPut("/goals", SetGoalsAsync)
            .WithSummary("Sets the customer-score goals (If-Match required).")
            .RequireAuthorization(Policies.Owner);
        group.MapGet("/milestones", ListMilestonesAsync)
            .WithSummary("Celebrations proposed by milestones (a completed rollout, a location beating a score goal), newest first (paged); ?status=Pending|Accepted|Dismissed.")
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/milestones/{milestoneId}/accept", AcceptMilestoneAsync)
            .WithSummary("Schedules the proposed celebration; title and description default to the milestone's.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/milestones/{milestoneId}/dismiss", DismissMilestoneAsync)
            .WithSummary("Dismisses a proposed celebration.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/{celebrationId}", GetAsync)
            .WithSummary("One celebration with its honourees and the reminders sent; its ETag is the revision.")
            .RequireAuthorization(Policies.Employee);
        group.MapPut("/{celebrationId}", UpdateAsync)
            .WithSummary("Changes a scheduled celebration's title, description, time and reminders (If-Match required).")
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/{celebrationId}/nominations", NominateAsync)
            .WithSummary("Nominates a recognition: its member is honoured at the celebration (at most 100; If-Match required).")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        group.MapDelete("/{celebrationId}/nominations/{recognitionId}", RemoveNominationAsync)
            .WithSummary("Takes a nomination back (If-Match required).")
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/{celebrationId}/hold", HoldAsync)
            .WithSummary("Holds (closes) the celebration now and announces its honourees (CelebrationHeld) once (If-Match required).")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static ICelebrationsGrain Celebrations(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<ICelebrationsGrain>(RecognitionKeys.Celebrations(caller.OrganizationId));

    private static async Task<Created<CelebrationView>> ScheduleAsync(CelebrationInput request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var celebration = await Celebrations(grains, caller).Schedule(request, caller.MemberId);
        ETags.Set(context, celebration.Revision);
        return TypedResults.Created($"/api/v1/celebrations/{celebration.Id}", celebration);
    }

    private static async Task<Ok<PagedList<CelebrationView>>> ListAsync(Caller caller, IGrainFactory grains, PageRequest page, HttpContext context) =>
        TypedResults.Ok(await Celebrations(grains, caller).List(StatusQuery.Parse<CelebrationStatus>(context), page));

    private static async Task<Ok<CelebrationView>> GetAsync(string celebrationId, Caller caller, IGrainFactory grains, HttpContext context) =>
        Tagged(context, await Celebrations(grains, caller).GetCelebration(celebrationId));

    private static async Task<Ok<CelebrationView>> UpdateAsync(string celebrationId, CelebrationInput request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        return Tagged(context, await Celebrations(grains, caller).Update(celebrationId, request, expected, caller.MemberId));
    }

    private static async Task<Ok<CelebrationView>> NominateAsync(string celebrationId, NominationRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        return Tagged(context, await Celebrations(grains, caller).Nominate(celebrationId, request.RecognitionId, expected, caller.MemberId));
    }

    private static async Task<Ok<CelebrationView>> RemoveNominationAsync(string celebrationId, string recognitionId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        return Tagged(context, await Celebrations(grains, caller).RemoveNomination(celebrationId, recognitionId, expected));
    }

    private static async Task<Ok<CelebrationView>> HoldAsync(string celebrationId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        return Tagged(context, await Celebrations(grains, caller).Hold(celebrationId, expected, caller.MemberId));
    }

    private static async Task<Ok<CelebrationGoalsView>> GetGoalsAsync(Caller caller, IGrainFactory grains, HttpContext context)
    {
        var goals = await Celebrations(grains, caller).GetGoals();
        ETags.Set(context, goals.Revision);
        return TypedResults.Ok(goals);
    }

    private static async Task<Ok<CelebrationGoalsView>> SetGoalsAsync(CelebrationGoals request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        var goals = await Celebrations(grains, caller).SetGoals(request, expected, caller.MemberId);
        ETags.Set(context, goals.Revision);
        return TypedResults.Ok(goals);
    }

    private static async Task<Ok<PagedList<MilestoneView>>> ListMilestonesAsync(Caller caller, IGrainFactory grains, PageRequest page, HttpContext context) =>
        TypedResults.Ok(await Celebrations(grains, caller).ListMilestones(StatusQuery.Parse<ProposalStatus>(context), page));

    private static async Task<Created<CelebrationView>> AcceptMilestoneAsync(string milestoneId, CelebrationInput request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var celebration = await Celebrations(grains, caller).AcceptMilestone(milestoneId, request, caller.MemberId);
        ETags.Set(context, celebration.Revision);
        return TypedResults.Created($"/api/v1/celebrations/{celebration.Id}", celebration);
    }

    private static async Task<Ok<MilestoneView>> DismissMilestoneAsync(string milestoneId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Celebrations(grains, caller).DismissMilestone(milestoneId, caller.MemberId));

    private static Ok<CelebrationView> Tagged(HttpContext context, CelebrationView celebration)
    {
        ETags.Set(context, celebration.Revision);
        return TypedResults.Ok(celebration);
    }
}
