using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Partners.Abstractions;

namespace ServiceVision.Partners.Grains;

public sealed class PartnerRegistryState
{
    public Dictionary<string, PartnerRecord> Partners { get; set; } = new(StringComparer.Ordinal);
}

public sealed class PartnerRecord
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public PartnerStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class PartnerRegistryGrain : Grain<PartnerRegistryState>, IPartnerRegistryGrain
{
    public async Task<PartnerView> Add(string partnerId, string name)
    {
        ValidationFailedException.ThrowIfAny(PartnerLimits.ValidateName(name));
        var trimmed = name.Trim();
        if (State.Partners.Values.Any(p => string.Equals(p.Name, trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConflictException($"A partner named '{trimmed}' exists already.", "name");
        }

        if (State.Partners.Count >= PartnerLimits.MaxPartners)
        {
            throw new ConflictException($"The platform has the most partners it allows ({PartnerLimits.MaxPartners}).");
        }

        var record = new PartnerRecord { Id = partnerId, Name = trimmed, Status = PartnerStatus.Provisioning, CreatedAt = Time.GetUtcNow() };
        State.Partners[partnerId] = record;
        await WriteStateAsync();
        return View(record);
    }

    public async Task<PartnerView> MarkProvisioned(string partnerId)
    {
        var record = State.Partners.GetValueOrDefault(partnerId) ?? throw PartnerLimits.NotFound();
        if (record.Status != PartnerStatus.Provisioned)
        {
            record.Status = PartnerStatus.Provisioned;
            await WriteStateAsync();
        }

        return View(record);
    }

    public async Task<bool> Remove(string partnerId)
    {
        if (!State.Partners.Remove(partnerId))
        {
            return false;
        }

        await WriteStateAsync();
        return true;
    }

    public Task<PartnerView?> Find(string partnerId) =>
        Task.FromResult(State.Partners.GetValueOrDefault(partnerId) is { } record ? View(record) : null);

    public Task<IReadOnlyList<PartnerView>> List() =>
        Task.FromResult<IReadOnlyList<PartnerView>>([.. State.Partners.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal).Select(View)]);

    private static PartnerView View(PartnerRecord record) => new(
        record.Id,
        record.Name,
        record.Status,
        record.CreatedAt,
        PartnerKeys.UserName(record.Id),
        PartnerKeys.InboundExchange(record.Id),
        PartnerKeys.OutboundQueue(record.Id));
}
