using ServiceVision.Api;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Audit;

/// <summary>
/// The append-only audit log of one organization, keyed "{org}/audit": entries are added, never
/// changed or removed.
/// </summary>
public interface IAuditGrain : IGrain
{
    Task<AuditEntry> Append(AuditRecord record);

    /// <summary>Entries newest first, optionally of one kind.</summary>
    [ReadOnly]
    Task<PagedList<AuditEntry>> Query(AuditQuery query);
}
