using ServiceVision.Api;
using ServiceVision.Domain.Networks;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// The audit checklists of a network (key <see cref="NetworkKeys.Checklists"/>): scored lists of what an
/// auditor checks at a location, each item pointing at a standard, never or always item of the published
/// vision. Who may change them (network leaders) is checked at the edge.
/// </summary>
public interface IAuditChecklistsGrain : IGrain
{
    /// <summary>
    /// Adds a checklist. 400 for invalid fields (<c>items[i].visionItemId</c> when it is not a standard, never or
    /// always item of the current published vision), 409 when nothing is published, 409 <c>name</c> when the name is
    /// taken (ignoring case), 409 past <see cref="AuditRules.MaxChecklists"/>.
    /// </summary>
    Task<AuditChecklistView> CreateChecklist(AuditChecklistInput input, string memberId);

    /// <summary>Checklists ordered by name.</summary>
    [ReadOnly]
    Task<PagedList<AuditChecklistSummary>> ListChecklists(PageRequest page);

    /// <summary>A checklist; 404 when there is none.</summary>
    [ReadOnly]
    Task<AuditChecklistView> GetChecklist(string checklistId);

    /// <summary>Replaces name and items: 404, 400, 412 stale, 409 as for <see cref="CreateChecklist"/>. Visits recorded before keep the checklist as it was.</summary>
    Task<AuditChecklistView> UpdateChecklist(string checklistId, AuditChecklistInput input, string memberId, long expectedRevision);

    /// <summary>Deletes a checklist (visits recorded with it keep their copy): 404, 412 stale.</summary>
    Task DeleteChecklist(string checklistId, long expectedRevision);
}

/// <param name="TotalWeight">The sum of the items' weights: what a visit that passes everything scores against.</param>
public sealed record AuditChecklistView(
    string Id,
    string Name,
    IReadOnlyList<AuditChecklistItemView> Items,
    int TotalWeight,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    long Revision);

/// <param name="VisionItemId">The standard, never or always item checked; also the item's id in a visit's results.</param>
/// <param name="Kind">The vision item's kind when the checklist was saved.</param>
public sealed record AuditChecklistItemView(string VisionItemId, VisionItemKind Kind, string Text, int Weight, bool Critical);

public sealed record AuditChecklistSummary(string Id, string Name, int ItemCount, int CriticalItems, DateTimeOffset UpdatedAt, long Revision);
