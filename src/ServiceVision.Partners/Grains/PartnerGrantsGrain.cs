using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Partners.Abstractions;

namespace ServiceVision.Partners.Grains;

public sealed class PartnerGrantsState
{
    public Dictionary<string, GrantRecord> Grants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Oldest first; capped at <see cref="GrantRules.MaxHistory"/>.</summary>
    public List<GrantHistoryEntry> History { get; set; } = [];
}

public sealed class GrantRecord
{
    public List<string> Events { get; set; } = [];

    public List<string> Commands { get; set; } = [];

    public DateTimeOffset GrantedAt { get; set; }

    public string GrantedBy { get; set; } = "";

    public long Revision { get; set; }
}

public sealed class PartnerGrantsGrain : Grain<PartnerGrantsState>, IPartnerGrantsGrain
{
    public async Task<PartnerGrantView> Put(string partnerId, GrantChange change, string grantedBy, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(change);
        ValidationFailedException.ThrowIfAny(GrantRules.Validate(change.Events, change.Commands));
        var existing = State.Grants.GetValueOrDefault(partnerId);
        var current = existing?.Revision ?? 0;
        if (current != expectedRevision)
        {
            throw new PreconditionFailedException("The grant", current);
        }

        if (existing is null && State.Grants.Count >= GrantRules.MaxGrants)
        {
            throw new ConflictException($"The organization has the most partner grants it allows ({GrantRules.MaxGrants}).");
        }

        var now = Time.GetUtcNow();
        var record = existing ?? new GrantRecord();
        record.Events = [.. change.Events];
        record.Commands = [.. change.Commands];
        record.GrantedAt = now;
        record.GrantedBy = grantedBy;
        record.Revision = current + 1;
        State.Grants[partnerId] = record;
        AddHistory(new GrantHistoryEntry(now, grantedBy, partnerId, existing is null ? "Granted" : "Changed", record.Events, record.Commands));
        await WriteStateAsync();
        return View(partnerId, record);
    }

    public async Task Revoke(string partnerId, string revokedBy, long expectedRevision)
    {
        var existing = State.Grants.GetValueOrDefault(partnerId) ?? throw new NotFoundException("The grant");
        if (existing.Revision != expectedRevision)
        {
            throw new PreconditionFailedException("The grant", existing.Revision);
        }

        State.Grants.Remove(partnerId);
        AddHistory(new GrantHistoryEntry(Time.GetUtcNow(), revokedBy, partnerId, "Revoked", [], []));
        await WriteStateAsync();
    }

    public Task<PartnerGrantView?> Find(string partnerId) =>
        Task.FromResult(State.Grants.GetValueOrDefault(partnerId) is { } record ? View(partnerId, record) : null);

    public Task<IReadOnlyList<PartnerGrantView>> List() =>
        Task.FromResult<IReadOnlyList<PartnerGrantView>>([.. State.Grants.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => View(g.Key, g.Value))]);

    public Task<IReadOnlyList<string>> PartnersGrantedEvent(string eventKind) =>
        Task.FromResult<IReadOnlyList<string>>([.. State.Grants.Where(g => g.Value.Events.Contains(eventKind, StringComparer.Ordinal)).Select(g => g.Key)]);

    public Task<bool> AllowsCommand(string partnerId, string command) =>
        Task.FromResult(State.Grants.GetValueOrDefault(partnerId)?.Commands.Contains(command, StringComparer.Ordinal) == true);

    public Task<IReadOnlyList<GrantHistoryEntry>> History() =>
        Task.FromResult<IReadOnlyList<GrantHistoryEntry>>([.. Enumerable.Reverse(State.History)]);

    private void AddHistory(GrantHistoryEntry entry)
    {
        State.History.Add(entry);
        if (State.History.Count > GrantRules.MaxHistory)
        {
            State.History.RemoveRange(0, State.History.Count - GrantRules.MaxHistory);
        }
    }

    private static PartnerGrantView View(string partnerId, GrantRecord record) =>
        new(partnerId, [.. record.Events], [.. record.Commands], record.GrantedAt, record.GrantedBy, record.Revision);
}
