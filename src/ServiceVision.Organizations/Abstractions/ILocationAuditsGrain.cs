using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Networks;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// The audit visits of one location (key <see cref="NetworkKeys.LocationAudits"/>): each visit scores
/// one of the network's checklists item by item.
/// </summary>
public interface ILocationAuditsGrain : IGrain
{
    /// <summary>The most recent visit (by visit time), or null when the location was never audited.</summary>
    [ReadOnly]
    Task<AuditVisitSummary?> GetLatest();

    /// <summary>
    /// Records a visit that answers every item of one of the network's checklists: 400 for invalid fields,
    /// 400 <c>checklistId</c> for an unknown checklist, <c>results[i].itemId</c> for an item the checklist
    /// does not have or answered twice, <c>results</c> for items left unanswered; 409 past
    /// <see cref="AuditRules.MaxVisitsPerLocation"/>. Stores the checklist as it is now with the visit and
    /// raises an open alert per failed critical item.
    /// </summary>
    Task<AuditVisitView> RecordVisit(AuditVisitInput input, string memberId);

    /// <summary>Visits, most recent visit time first.</summary>
    [ReadOnly]
    Task<PagedList<AuditVisitView>> ListVisits(PageRequest page);

    /// <summary>One visit; 404 when there is none.</summary>
    [ReadOnly]
    Task<AuditVisitView> GetVisit(string visitId);

    /// <summary>The location's alerts (of one state when given), most recently raised first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AuditAlertView>> ListAlerts(AuditAlertState? state);

    /// <summary>
    /// Orders refreshers on failed items of a visit (all of them when none are named) for the active members
    /// of the location (in one role when given): publishes <c>AssignRefresher</c> keyed by the visit id, in the
    /// same write that resolves the alerts of those items. 404 for an unknown visit, 400 <c>itemIds[i]</c> for an
    /// item that did not fail in it, 409 when nothing failed or no member of the location would get it.
    /// </summary>
    Task<AuditVisitView> AssignRefreshers(string visitId, AuditRefresherInput? input, string memberId);
}

/// <param name="ChecklistRevision">The revision of the checklist the visit answered; its items are stored with the visit.</param>
/// <param name="WeightedPercent">The weighted share of passed items before the critical cap (see <see cref="AuditScore"/>).</param>
public sealed record AuditVisitView(
    string Id,
    string LocationId,
    string ChecklistId,
    string ChecklistName,
    long ChecklistRevision,
    DateTimeOffset VisitedAt,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    decimal Score,
    decimal WeightedPercent,
    int FailedCriticalItems,
    IReadOnlyList<AuditVisitItemView> Items,
    IReadOnlyList<AuditAlertView> Alerts,
    IReadOnlyList<AuditRefresherView> Refreshers);

public sealed record AuditVisitItemView(string VisionItemId, VisionItemKind Kind, string Text, int Weight, bool Critical, bool Passed, string? Note);

public enum AuditAlertState
{
    Open,
    Resolved,
}

/// <summary>A critical item a visit failed: open until a refresher on it is ordered.</summary>
/// <param name="RefresherId">The refresher that resolved it (the visit id).</param>
public sealed record AuditAlertView(
    string Id,
    string LocationId,
    string VisitId,
    string VisionItemId,
    string Text,
    DateTimeOffset RaisedAt,
    AuditAlertState State,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? RefresherId);

/// <summary>Refreshers ordered after a visit.</summary>
/// <param name="RefresherId">The key the training service assigns by (the visit id): a member gets one refresher per visit.</param>
/// <param name="Role">Only members in this role, or every role.</param>
/// <param name="Members">How many members the command named.</param>
public sealed record AuditRefresherView(
    string RefresherId,
    IReadOnlyList<string> ItemIds,
    MemberRole? Role,
    int Members,
    DateTimeOffset DueAt,
    DateTimeOffset OrderedAt,
    string OrderedBy);

/// <param name="Score">0-100, one decimal (see ServiceVision.Domain's audit score).</param>
/// <param name="FailedCriticalItems">Critical items the visit failed: each one raised an alert.</param>
public sealed record AuditVisitSummary(
    string VisitId,
    string ChecklistId,
    string LocationId,
    DateTimeOffset VisitedAt,
    string RecordedBy,
    decimal Score,
    int FailedCriticalItems);
