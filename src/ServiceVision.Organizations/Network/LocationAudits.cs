using System.Globalization;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Networks;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Http;

namespace ServiceVision.Organizations.Network;

/// <summary>
/// Location audits as the API and the web app both do them: who may act (network leaders manage
/// checklists; a location's manager or a network leader records its visits and orders refreshers),
/// the grain call, and the audit log entry. One place, so the page and the API cannot drift apart.
/// </summary>
public static class LocationAudits
{
    public static IAuditChecklistsGrain Checklists(IGrainFactory grains, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        return grains.GetGrain<IAuditChecklistsGrain>(NetworkKeys.Checklists(caller.OrganizationId));
    }

    public static ILocationAuditsGrain Visits(IGrainFactory grains, Caller caller, string locationId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        return grains.GetGrain<ILocationAuditsGrain>(NetworkKeys.LocationAudits(caller.OrganizationId, locationId));
    }

    /// <summary>403 unless the caller is a network leader (an owner, an API key, or a leader of no location).</summary>
    public static async Task RequireNetworkLeaderAsync(Caller caller, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAtLeast(MemberRole.Leader))
        {
            throw new ForbiddenException("This needs the Leader role.");
        }

        if (await LocationAccess.ScopeOfAsync(caller, grains) is not null)
        {
            throw new ForbiddenException("Only network leaders (owners, and leaders who belong to no location) manage the network's audit checklists.");
        }
    }

    public static async Task<AuditChecklistView> CreateChecklistAsync(Caller caller, IGrainFactory grains, IAuditLog audit, AuditChecklistInput input)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await RequireNetworkLeaderAsync(caller, grains);
        var checklist = await Checklists(grains, caller).CreateChecklist(input, caller.MemberId);
        await audit.RecordAsync(caller, AuditKind.AuditChecklistCreated, checklist.Id, $"Audit checklist \"{checklist.Name}\" created with {checklist.Items.Count} item(s).");
        return checklist;
    }

    public static async Task<AuditChecklistView> UpdateChecklistAsync(Caller caller, IGrainFactory grains, IAuditLog audit, string checklistId, AuditChecklistInput input, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await RequireNetworkLeaderAsync(caller, grains);
        var checklists = Checklists(grains, caller);
        var before = await checklists.GetChecklist(checklistId);
        var checklist = await checklists.UpdateChecklist(checklistId, input, caller.MemberId, expectedRevision);
        if (checklist.Revision != before.Revision)
        {
            await audit.RecordAsync(caller, AuditKind.AuditChecklistChanged, checklist.Id, $"Audit checklist \"{checklist.Name}\" changed (revision {checklist.Revision}, {checklist.Items.Count} item(s)).");
        }

        return checklist;
    }

    public static async Task DeleteChecklistAsync(Caller caller, IGrainFactory grains, IAuditLog audit, string checklistId, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await RequireNetworkLeaderAsync(caller, grains);
        var checklists = Checklists(grains, caller);
        var checklist = await checklists.GetChecklist(checklistId);
        await checklists.DeleteChecklist(checklistId, expectedRevision);
        await audit.RecordAsync(caller, AuditKind.AuditChecklistDeleted, checklist.Id, $"Audit checklist \"{checklist.Name}\" deleted.");
    }

    /// <summary>Records a visit at a location the caller may act for (404 unknown location, 403 another location's manager).</summary>
    public static async Task<AuditVisitView> RecordVisitAsync(Caller caller, IGrainFactory grains, IAuditLog audit, string locationId, AuditVisitInput input)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var location = await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Leader);
        var visit = await Visits(grains, caller, location.Id).RecordVisit(input, caller.MemberId);
        await audit.RecordAsync(caller, AuditKind.AuditVisitRecorded, visit.Id,
            $"Audit visit at {location.Name} with \"{visit.ChecklistName}\": score {visit.Score.ToString("0.0", CultureInfo.InvariantCulture)}, {visit.FailedCriticalItems} critical item(s) failed.");
        return visit;
    }

    public static async Task<AuditVisitView> AssignRefreshersAsync(Caller caller, IGrainFactory grains, IAuditLog audit, string locationId, string visitId, AuditRefresherInput? input)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var location = await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Leader);
        var visit = await Visits(grains, caller, location.Id).AssignRefreshers(visitId, input, caller.MemberId);
        var order = visit.Refreshers[^1];
        await audit.RecordAsync(caller, AuditKind.AuditRefreshersAssigned, visit.Id,
            $"Refreshers on {order.ItemIds.Count} item(s) ordered for {order.Members} member(s) at {location.Name}{(order.Role is { } role ? $" ({role})" : "")}.");
        return visit;
    }

    /// <summary>
    /// Alerts the caller may see, most recently raised first: of <paramref name="locationId"/> when given (which
    /// the caller must be allowed to act for), else of the caller's location for a location manager, else of
    /// every location of the network (each location's grain read, a bounded number at a time).
    /// </summary>
    public static async Task<IReadOnlyList<AuditAlertView>> AlertsAsync(Caller caller, IGrainFactory grains, AuditAlertState? state, string? locationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        IReadOnlyList<string> locations;
        if (locationId is not null)
        {
            locations = [(await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Leader)).Id];
        }
        else if (await LocationAccess.ScopeOfAsync(caller, grains) is { } scope)
        {
            locations = [scope];
        }
        else
        {
            locations = [.. (await NetworkLocations.AllAsync(grains, caller.OrganizationId)).Select(l => l.Id)];
        }

        var perLocation = await NetworkLocations.FanOutAsync(locations, id => Visits(grains, caller, id).ListAlerts(state), cancellationToken);
        return [.. perLocation.SelectMany(a => a).OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }
}
