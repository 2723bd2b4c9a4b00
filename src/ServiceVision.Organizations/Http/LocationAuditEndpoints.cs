using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Networks;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Network;

namespace ServiceVision.Organizations.Http;

/// <summary>
/// Location audits of a franchise network: checklists (/api/v1/audit-checklists, network leaders), visits
/// per location (/api/v1/locations/{locationId}/audit-visits, that location's manager or a network leader),
/// alerts raised by failed critical items (/api/v1/audit-alerts) and refreshers ordered on failed items.
/// </summary>
public static class LocationAuditEndpoints
{
    public static IEndpointRouteBuilder MapLocationAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        var checklists = routes.MapGroup("/api/v1/audit-checklists").WithTags("Location audits");
        checklists.MapPost("/", CreateChecklistAsync)
            .WithSummary("Creates an audit checklist (network leaders): name and 1-100 items, each checking a standard, never or always item of the published vision, with a weight 1-5 and whether it is critical.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        checklists.MapGet("/", ListChecklistsAsync)
            .WithSummary("The network's audit checklists by name, with item counts.")
            .RequireAuthorization(Policies.Leader);
        checklists.MapGet("/{checklistId}", GetChecklistAsync)
            .WithSummary("One audit checklist with its items; its ETag is the revision.")
            .RequireAuthorization(Policies.Leader);
        checklists.MapPut("/{checklistId}", UpdateChecklistAsync)
            .WithSummary("Replaces a checklist's name and items (network leaders, If-Match required); visits recorded before keep the checklist as it was.")
            .RequireAuthorization(Policies.Leader);
        checklists.MapDelete("/{checklistId}", DeleteChecklistAsync)
            .WithSummary("Deletes a checklist (network leaders, If-Match required); visits recorded with it keep their copy.")
            .RequireAuthorization(Policies.Leader);

        var visits = routes.MapGroup("/api/v1/locations/{locationId}/audit-visits").WithTags("Location audits");
        visits.MapPost("/", RecordVisitAsync)
            .WithSummary("Records an audit visit at the location (its manager or a network leader): every item of a checklist passed or failed, scored; each failed critical item raises an alert.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        visits.MapGet("/", ListVisitsAsync)
            .WithSummary("The location's audit visits, most recent first, with scores, items and alerts.")
            .RequireAuthorization(Policies.Leader);
        visits.MapGet("/{visitId}", GetVisitAsync)
            .WithSummary("One audit visit with the checklist as it was, the results, alerts and refreshers.")
            .RequireAuthorization(Policies.Leader);
        visits.MapPost("/{visitId}/refreshers", AssignRefreshersAsync)
            .WithSummary("Gives the location's members (in one role, optionally) a refresher on failed items of the visit (all by default) and resolves their alerts.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);

        routes.MapGet("/api/v1/audit-alerts", ListAlertsAsync)
            .WithTags("Location audits")
            .WithSummary("Alerts raised by failed critical items, most recent first: state=open (default) or resolved; a location manager sees their location's, a network leader every location's (or locationId=).")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static async Task<Created<AuditChecklistView>> CreateChecklistAsync(AuditChecklistInput request, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var checklist = await LocationAudits.CreateChecklistAsync(caller, grains, audit, request);
        ETags.Set(context, checklist.Revision);
        return TypedResults.Created($"/api/v1/audit-checklists/{checklist.Id}", checklist);
    }

    private static async Task<Ok<PagedList<AuditChecklistSummary>>> ListChecklistsAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(await LocationAudits.Checklists(grains, caller).ListChecklists(page));

    private static async Task<Ok<AuditChecklistView>> GetChecklistAsync(string checklistId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var checklist = await LocationAudits.Checklists(grains, caller).GetChecklist(checklistId);
        ETags.Set(context, checklist.Revision);
        return TypedResults.Ok(checklist);
    }

    private static async Task<Ok<AuditChecklistView>> UpdateChecklistAsync(string checklistId, AuditChecklistInput request, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        var checklist = await LocationAudits.UpdateChecklistAsync(caller, grains, audit, checklistId, request, expected);
        ETags.Set(context, checklist.Revision);
        return TypedResults.Ok(checklist);
    }

    private static async Task<NoContent> DeleteChecklistAsync(string checklistId, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        await LocationAudits.DeleteChecklistAsync(caller, grains, audit, checklistId, expected);
        return TypedResults.NoContent();
    }

    private static async Task<Created<AuditVisitView>> RecordVisitAsync(string locationId, AuditVisitInput request, Caller caller, IGrainFactory grains, IAuditLog audit)
    {
        var visit = await LocationAudits.RecordVisitAsync(caller, grains, audit, locationId, request);
        return TypedResults.Created($"/api/v1/locations/{visit.LocationId}/audit-visits/{visit.Id}", visit);
    }

    private static async Task<Ok<PagedList<AuditVisitView>>> ListVisitsAsync(string locationId, Caller caller, IGrainFactory grains, PageRequest page)
    {
        var location = await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Leader);
        return TypedResults.Ok(await LocationAudits.Visits(grains, caller, location.Id).ListVisits(page));
    }

    private static async Task<Ok<AuditVisitView>> GetVisitAsync(string locationId, string visitId, Caller caller, IGrainFactory grains)
    {
        var location = await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Leader);
        return TypedResults.Ok(await LocationAudits.Visits(grains, caller, location.Id).GetVisit(visitId));
    }

    private static async Task<Ok<AuditVisitView>> AssignRefreshersAsync(string locationId, string visitId, AuditRefresherInput? request, Caller caller, IGrainFactory grains, IAuditLog audit) =>
        TypedResults.Ok(await LocationAudits.AssignRefreshersAsync(caller, grains, audit, locationId, visitId, request));

    private static async Task<Ok<PagedList<AuditAlertView>>> ListAlertsAsync(Caller caller, IGrainFactory grains, PageRequest page, HttpContext context, string? state = null, string? locationId = null)
    {
        var errors = new List<Domain.ValidationError>(LocationRules.ValidateOptionalLocationId(locationId));
        AuditAlertState? filter = state?.Trim().ToLowerInvariant() switch
        {
            null or "open" => AuditAlertState.Open,
            "resolved" => AuditAlertState.Resolved,
            _ => null,
        };
        if (filter is null)
        {
            errors.Add(new Domain.ValidationError("state", "state is open or resolved."));
        }

        ValidationFailedException.ThrowIfAny(errors);
        var alerts = await LocationAudits.AlertsAsync(caller, grains, filter, locationId, context.RequestAborted);
        return TypedResults.Ok(PagedList.Of(alerts, page));
    }
}
