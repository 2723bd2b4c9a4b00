using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Plan;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

/// <summary>Empowerment (/api/v1/empowerment): what each role may do on its own, recorded recoveries and the complaints they close.</summary>
public static class EmpowermentEndpoints
{
    public static IEndpointRouteBuilder MapEmpowermentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/empowerment").WithTags("Empowerment");
        group.MapGet("/guidelines", ListGuidelinesAsync)
            .WithSummary("What each role (Employee, Leader, Owner) may do on its own to recover a failing interaction.")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/guidelines/{role}", GetGuidelineAsync)
            .WithSummary("One role's guideline; its ETag is the revision (\"0\" before the first).")
            .RequireAuthorization(Policies.Employee);
        group.MapPut("/guidelines/{role}", SetGuidelineAsync)
            .WithSummary("Replaces a role's guideline: refund limit, gestures and examples tied to pillars (If-Match required; \"0\" for the first).")
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/recoveries", RecordRecoveryAsync)
            .WithSummary("Records a recovery: what happened, what was done, amount, outcome, touchpoint, and the complaint it answers; above the role's limit it awaits a leader's approval.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/recoveries", ListRecoveriesAsync)
            .WithSummary("Recorded recoveries, newest first; filter with status=Recorded|AwaitingApproval|Approved|Declined.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/recoveries/{recoveryRecordId}", GetRecoveryAsync)
            .WithSummary("One recorded recovery; its ETag is the revision.")
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/recoveries/{recoveryRecordId}/decision", DecideAsync)
            .WithSummary("A leader approves or declines a recovery awaiting approval (If-Match required).")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/complaints", ListComplaintsAsync)
            .WithSummary("Complaints from customer feedback (ServiceRecoveryNeeded), earliest deadline first: open ones, or all with includeResolved=true.")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static IEmpowermentGrain Grain(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<IEmpowermentGrain>(PlanKeys.Empowerment(caller.OrganizationId));

    private static MemberRole RoleOf(string role) =>
        MemberRules.TryParseRole(role, out var parsed) ? parsed : throw new NotFoundException("The role");

    private static async Task<Ok<IReadOnlyList<GuidelineView>>> ListGuidelinesAsync(Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Grain(grains, caller).ListGuidelines());

    private static async Task<Ok<GuidelineView>> GetGuidelineAsync(string role, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var guideline = await Grain(grains, caller).GetGuideline(RoleOf(role));
        ETags.Set(context, guideline.Revision);
        return TypedResults.Ok(guideline);
    }

    private static async Task<Ok<GuidelineView>> SetGuidelineAsync(string role, GuidelineInput request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var parsed = RoleOf(role);
        var expected = ETags.RequireIfMatch(context);
        var guideline = await Grain(grains, caller).SetGuideline(parsed, request, expected, caller.MemberId);
        ETags.Set(context, guideline.Revision);
        return TypedResults.Ok(guideline);
    }

    private static async Task<Created<RecoveryView>> RecordRecoveryAsync(RecoveryInput request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var recovery = await Grain(grains, caller).RecordRecovery(request, caller.MemberId, caller.Role);
        ETags.Set(context, recovery.Revision);
        return TypedResults.Created($"/api/v1/empowerment/recoveries/{recovery.Id}", recovery);
    }

    private static async Task<Ok<PagedList<RecoveryView>>> ListRecoveriesAsync(Caller caller, IGrainFactory grains, PageRequest page, string? status = null)
    {
        RecoveryStatus? filter = null;
        if (status is not null)
        {
            filter = AnnouncementRules.TryParse<RecoveryStatus>(status, out var parsed)
                ? parsed
                : throw new ValidationFailedException("status", "Filter by Recorded, AwaitingApproval, Approved or Declined.");
        }

        return TypedResults.Ok(await Grain(grains, caller).ListRecoveries(filter, page));
    }

    private static async Task<Ok<RecoveryView>> GetRecoveryAsync(string recoveryRecordId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var recovery = await Grain(grains, caller).GetRecovery(recoveryRecordId);
        ETags.Set(context, recovery.Revision);
        return TypedResults.Ok(recovery);
    }

    private static async Task<Ok<RecoveryView>> DecideAsync(string recoveryRecordId, RecoveryDecisionRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        var approve = request.Decision?.Trim() switch
        {
            { } d when string.Equals(d, "Approve", StringComparison.OrdinalIgnoreCase) => true,
            { } d when string.Equals(d, "Decline", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new ValidationFailedException("decision", "The decision is Approve or Decline."),
        };
        var recovery = await Grain(grains, caller).Decide(recoveryRecordId, approve, request.Note, caller.MemberId, expected);
        ETags.Set(context, recovery.Revision);
        return TypedResults.Ok(recovery);
    }

    private static async Task<Ok<PagedList<ComplaintView>>> ListComplaintsAsync(Caller caller, IGrainFactory grains, PageRequest page, bool includeResolved = false) =>
        TypedResults.Ok(await Grain(grains, caller).ListComplaints(includeResolved, page));
}

/// <param name="Decision">Approve or Decline.</param>
/// <param name="Note">Why, at most 2,000 characters.</param>
public sealed record RecoveryDecisionRequest(string? Decision, string? Note);
