using ServiceVision.Api;
using ServiceVision.Domain.Networks;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>A network's audit checklists; items point at the observable items of the published vision.</summary>
public sealed class AuditChecklistsGrain : Grain<AuditChecklistsState>, IAuditChecklistsGrain
{
    public async Task<AuditChecklistView> CreateChecklist(AuditChecklistInput input, string memberId)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (checklist, errors) = AuditRules.ValidateChecklist(input);
        ValidationFailedException.ThrowIfAny(errors);
        if (State.Checklists.Count >= AuditRules.MaxChecklists)
        {
            throw new ConflictException($"A network keeps at most {AuditRules.MaxChecklists} audit checklists; delete one first.");
        }

        RequireUniqueName(checklist!.Name, exceptId: null);
        var items = await ItemsAsync(checklist);
        var now = Time.GetUtcNow();
        var record = new AuditChecklistRecord
        {
            Id = Ids.New(NetworkKeys.ChecklistPrefix),
            Name = checklist.Name,
            Items = items,
            CreatedAt = now,
            CreatedBy = memberId,
            UpdatedAt = now,
            UpdatedBy = memberId,
            Revision = 1,
        };
        State.Checklists[record.Id] = record;
        await WriteStateAsync();
        return View(record);
    }

    public Task<PagedList<AuditChecklistSummary>> ListChecklists(PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var checklists = State.Checklists.Values
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new AuditChecklistSummary(c.Id, c.Name, c.Items.Count, c.Items.Count(i => i.Critical), c.UpdatedAt, c.Revision));
        return Task.FromResult(PagedList.Of(checklists, page));
    }

    public Task<AuditChecklistView> GetChecklist(string checklistId) => Task.FromResult(View(Require(checklistId)));

    public async Task<AuditChecklistView> UpdateChecklist(string checklistId, AuditChecklistInput input, string memberId, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(input);
        var record = Require(checklistId);
        var (checklist, errors) = AuditRules.ValidateChecklist(input);
        ValidationFailedException.ThrowIfAny(errors);
        if (expectedRevision != record.Revision)
        {
            throw new PreconditionFailedException("The checklist", record.Revision);
        }

        RequireUniqueName(checklist!.Name, exceptId: record.Id);
        var items = await ItemsAsync(checklist);
        if (record.Name == checklist.Name && record.Items.Select(Item).SequenceEqual(items.Select(Item)))
        {
            // Nothing changes, so the revision (the ETag) stays.
            return View(record);
        }

        record.Name = checklist.Name;
        record.Items = items;
        record.UpdatedAt = Time.GetUtcNow();
        record.UpdatedBy = memberId;
        record.Revision++;
        await WriteStateAsync();
        return View(record);
    }

    public async Task DeleteChecklist(string checklistId, long expectedRevision)
    {
        var record = Require(checklistId);
        if (expectedRevision != record.Revision)
        {
            throw new PreconditionFailedException("The checklist", record.Revision);
        }

        State.Checklists.Remove(record.Id);
        await WriteStateAsync();
    }

    /// <summary>The checklist's items with their vision item's kind; 409 while nothing is published, 400 for items that are not standards, nevers or alwayses of it.</summary>
    private async Task<List<AuditChecklistItemRecord>> ItemsAsync(AuditChecklistDraft checklist)
    {
        var vision = await GrainFactory.GetGrain<IVisionGrain>(TenantId + "/vision").GetCurrentVersion()
            ?? throw new ConflictException("No vision is published yet: checklist items check its standards, never and always items.");
        var kinds = vision.Items.ToDictionary(i => i.Id, i => i.Kind, StringComparer.Ordinal);
        ValidationFailedException.ThrowIfAny(AuditRules.CheckVisionItems(checklist, id => kinds.TryGetValue(id, out var kind) ? kind : null));
        return [.. checklist.Items.Select(i => new AuditChecklistItemRecord
        {
            VisionItemId = i.VisionItemId,
            Kind = kinds[i.VisionItemId],
            Text = i.Text,
            Weight = i.Weight,
            Critical = i.Critical,
        })];
    }

    private AuditChecklistRecord Require(string checklistId) =>
        State.Checklists.TryGetValue(checklistId, out var record) ? record : throw new NotFoundException("The checklist");

    private void RequireUniqueName(string name, string? exceptId)
    {
        if (State.Checklists.Values.Any(c => c.Id != exceptId && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConflictException($"A checklist named '{name}' exists already.", "name");
        }
    }

    private static (string, VisionItemKind, string, int, bool) Item(AuditChecklistItemRecord i) => (i.VisionItemId, i.Kind, i.Text, i.Weight, i.Critical);

    private static AuditChecklistView View(AuditChecklistRecord c) => new(
        c.Id,
        c.Name,
        [.. c.Items.Select(i => new AuditChecklistItemView(i.VisionItemId, i.Kind, i.Text, i.Weight, i.Critical))],
        c.Items.Sum(i => i.Weight),
        c.CreatedAt,
        c.CreatedBy,
        c.UpdatedAt,
        c.UpdatedBy,
        c.Revision);
}

public sealed class AuditChecklistsState
{
    public Dictionary<string, AuditChecklistRecord> Checklists { get; set; } = [];
}

public sealed class AuditChecklistRecord
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public List<AuditChecklistItemRecord> Items { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    public long Revision { get; set; }
}

public sealed class AuditChecklistItemRecord
{
    public string VisionItemId { get; set; } = "";

    public VisionItemKind Kind { get; set; }

    public string Text { get; set; } = "";

    public int Weight { get; set; }

    public bool Critical { get; set; }
}
