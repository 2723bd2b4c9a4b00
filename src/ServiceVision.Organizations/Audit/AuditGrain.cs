using ServiceVision.Api;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Audit;

public sealed class AuditState
{
    public List<AuditEntryState> Entries { get; set; } = [];
}

public sealed class AuditEntryState
{
    public string Id { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string ActorId { get; set; } = "";

    public AuditKind Kind { get; set; }

    public string SubjectId { get; set; } = "";

    public string Summary { get; set; } = "";
}

/// <summary>
/// One organization's audit log. Audited changes are rare (publishing the vision, roles, keys,
/// invitations: hundreds a year), so one grain per organization holds them all; if volumes grow,
/// the key takes a month suffix ("{org}/audit/2026-11") and queries walk the months back.
/// </summary>
public sealed class AuditGrain : Grain<AuditState>, IAuditGrain
{
    public const int MaxSummaryLength = 300;

    public async Task<AuditEntry> Append(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entry = new AuditEntryState
        {
            Id = Ids.New("aud"),
            At = Time.GetUtcNow(),
            ActorId = record.ActorId,
            Kind = record.Kind,
            SubjectId = record.SubjectId,
            Summary = record.Summary.Length > MaxSummaryLength ? record.Summary[..MaxSummaryLength] : record.Summary,
        };
        State.Entries.Add(entry);
        await WriteStateAsync();
        return View(entry);
    }

    public Task<PagedList<AuditEntry>> Query(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entries = Enumerable.Reverse(State.Entries).Where(e => query.Kind is null || e.Kind == query.Kind).Select(View);
        return Task.FromResult(PagedList.Of(entries, query.Page));
    }

    private static AuditEntry View(AuditEntryState e) => new(e.Id, e.At, e.ActorId, e.Kind, e.SubjectId, e.Summary);
}
