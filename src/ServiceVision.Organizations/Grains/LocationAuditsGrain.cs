using System.Globalization;
using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Networks;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// One location's audit visits, their alerts and the refreshers ordered after them. A visit keeps the
/// checklist as it was (stored once per checklist revision), so editing a checklist never changes a past score.
/// </summary>
public sealed class LocationAuditsGrain : Grain<LocationAuditsState>, ILocationAuditsGrain
{
    /// <summary>The location: the key is "{org}/locations/{location}/audits".</summary>
    private string LocationId => GrainKey.Split(GrainId.TenantSeparator)[2];

    public Task<AuditVisitSummary?> GetLatest()
    {
        var latest = Newest(State.Visits).FirstOrDefault();
        return Task.FromResult(latest is null
            ? null
            : new AuditVisitSummary(latest.Id, State.Snapshots[latest.Snapshot].ChecklistId, LocationId, latest.VisitedAt, latest.RecordedBy, latest.Score, latest.FailedCriticalItems));
    }

    public async Task<AuditVisitView> RecordVisit(AuditVisitInput input, string memberId)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = Time.GetUtcNow();
        var (visit, errors) = AuditRules.ValidateVisit(input, now);
        ValidationFailedException.ThrowIfAny(errors);
        if (State.Visits.Count >= AuditRules.MaxVisitsPerLocation)
        {
            throw new ConflictException($"A location keeps at most {AuditRules.MaxVisitsPerLocation} audit visits.");
        }

        AuditChecklistView checklist;
        try
        {
            checklist = await GrainFactory.GetGrain<IAuditChecklistsGrain>(NetworkKeys.Checklists(TenantId)).GetChecklist(visit!.ChecklistId);
        }
        catch (NotFoundException)
        {
            throw new ValidationFailedException("checklistId", "The network has no such checklist.");
        }

        var items = checklist.Items.Select(i => new AuditChecklistItem(i.VisionItemId, i.Text, i.Weight, i.Critical)).ToList();
        ValidationFailedException.ThrowIfAny(AuditRules.MatchResults(items, visit.Results));
        var score = AuditScore.Compute(AuditRules.Outcomes(items, visit.Results));

        var snapshotKey = checklist.Id + "@" + checklist.Revision.ToString(CultureInfo.InvariantCulture);
        State.Snapshots.TryAdd(snapshotKey, new ChecklistSnapshotRecord
        {
            ChecklistId = checklist.Id,
            Revision = checklist.Revision,
            Name = checklist.Name,
            Items = [.. checklist.Items.Select(i => new AuditChecklistItemRecord { VisionItemId = i.VisionItemId, Kind = i.Kind, Text = i.Text, Weight = i.Weight, Critical = i.Critical })],
        });
        var answers = visit.Results.ToDictionary(r => r.ItemId, StringComparer.Ordinal);
        var record = new AuditVisitRecord
        {
            Id = Ids.New(NetworkKeys.VisitPrefix),
            Snapshot = snapshotKey,
            VisitedAt = visit.VisitedAt,
            RecordedAt = now,
            RecordedBy = memberId,
            Score = score.Score,
            WeightedPercent = score.WeightedPercent,
            FailedCriticalItems = score.FailedCriticalItems,
            // In checklist order, whatever order the answers came in.
            Results = [.. items.Select(i => new AuditResultRecord { ItemId = i.VisionItemId, Passed = answers[i.VisionItemId].Passed, Note = answers[i.VisionItemId].Note })],
        };
        State.Visits.Add(record);
        foreach (var failed in items.Where(i => i.Critical && !answers[i.VisionItemId].Passed))
        {
            State.Alerts.Add(new AuditAlertRecord { Id = Ids.New("alr"), VisitId = record.Id, ItemId = failed.VisionItemId, RaisedAt = now });
        }

        await WriteStateAsync();
        return View(record);
    }

    public Task<PagedList<AuditVisitView>> ListVisits(PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var newest = Newest(State.Visits).ToList();
        var shown = PagedList.Of(newest, page);
        return Task.FromResult(new PagedList<AuditVisitView>([.. shown.Items.Select(View)], shown.Page, shown.PageSize, shown.Total));
    }

    public Task<AuditVisitView> GetVisit(string visitId) => Task.FromResult(View(RequireVisit(visitId)));

    public Task<IReadOnlyList<AuditAlertView>> ListAlerts(AuditAlertState? state) =>
        Task.FromResult<IReadOnlyList<AuditAlertView>>([.. State.Alerts
            .Where(a => state is null || StateOf(a) == state)
            .OrderByDescending(a => a.RaisedAt)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(AlertView)]);

    public async Task<AuditVisitView> AssignRefreshers(string visitId, AuditRefresherInput? input, string memberId)
    {
        var visit = RequireVisit(visitId);
        var (refresher, errors) = AuditRules.ValidateRefresher(input);
        ValidationFailedException.ThrowIfAny(errors);
        var failed = visit.Results.Where(r => !r.Passed).Select(r => r.ItemId).ToList();
        if (failed.Count == 0)
        {
            throw new ConflictException("Every item of this visit passed: there is nothing to re-train.");
        }

        var itemIds = refresher!.ItemIds ?? failed;
        var notFailed = itemIds.Select((id, i) => (id, i)).Where(p => !failed.Contains(p.id, StringComparer.Ordinal)).ToList();
        ValidationFailedException.ThrowIfAny([.. notFailed.Select(p => new Domain.ValidationError($"itemIds[{p.i}]", "This item did not fail in this visit."))]);

        var organization = GrainFactory.GetGrain<IOrganizationGrain>(TenantId);
        var location = await organization.GetLocation(LocationId);
        var members = await organization.ListMembers();
        var audience = ComplaintRefreshers.Audience([.. members.Select(m => new RolloutCandidate(m.Id, m.DepartmentId, m.Role, m.LocationId))], LocationId, refresher.Role);
        if (audience.Count == 0)
        {
            var who = refresher.Role is { } role ? $"in the {role} role " : "";
            throw new ConflictException($"No active member {who}works at {location.Name}: nobody would get the refresher.", refresher.Role is null ? null : "role");
        }

        var now = Time.GetUtcNow();
        var dueAt = ComplaintRefreshers.DueAt(now);
        var reason = AuditRules.RefresherReason(location.Name);
        foreach (var batch in ComplaintRefreshers.Batches(audience, AssignRefresher.MaxMembers))
        {
            // Keyed by the visit: a repeated order (a retry, a second request) creates nothing new in training.
            Publish(new AssignRefresher(TenantId, visit.Id, itemIds, reason, dueAt, batch));
        }

        foreach (var alert in State.Alerts.Where(a => a.VisitId == visit.Id && a.ResolvedAt is null && itemIds.Contains(a.ItemId, StringComparer.Ordinal)))
        {
            alert.ResolvedAt = now;
            alert.ResolvedBy = memberId;
            alert.RefresherId = visit.Id;
        }

        visit.Refreshers.Add(new AuditRefresherRecord
        {
            ItemIds = [.. itemIds],
            Role = refresher.Role,
            Members = audience.Count,
            DueAt = dueAt,
            OrderedAt = now,
            OrderedBy = memberId,
        });

        // The commands go out if and only if this write (alerts resolved) is stored: the outbox.
        await WriteStateAsync();
        return View(visit);
    }

    private static IOrderedEnumerable<AuditVisitRecord> Newest(IEnumerable<AuditVisitRecord> visits) =>
        visits.OrderByDescending(v => v.VisitedAt).ThenByDescending(v => v.RecordedAt).ThenBy(v => v.Id, StringComparer.Ordinal);

    private AuditVisitRecord RequireVisit(string visitId) =>
        State.Visits.FirstOrDefault(v => v.Id == visitId) ?? throw new NotFoundException("The audit visit");

    private static AuditAlertState StateOf(AuditAlertRecord alert) => alert.ResolvedAt is null ? AuditAlertState.Open : AuditAlertState.Resolved;

    private AuditAlertView AlertView(AuditAlertRecord a)
    {
        var visit = State.Visits.First(v => v.Id == a.VisitId);
        var text = State.Snapshots[visit.Snapshot].Items.FirstOrDefault(i => i.VisionItemId == a.ItemId)?.Text ?? "";
        return new AuditAlertView(a.Id, LocationId, a.VisitId, a.ItemId, text, a.RaisedAt, StateOf(a), a.ResolvedAt, a.ResolvedBy, a.RefresherId);
    }

    private AuditVisitView View(AuditVisitRecord v)
    {
        var snapshot = State.Snapshots[v.Snapshot];
        var results = v.Results.ToDictionary(r => r.ItemId, StringComparer.Ordinal);
        return new AuditVisitView(
            v.Id,
            LocationId,
            snapshot.ChecklistId,
            snapshot.Name,
            snapshot.Revision,
            v.VisitedAt,
            v.RecordedAt,
            v.RecordedBy,
            v.Score,
            v.WeightedPercent,
            v.FailedCriticalItems,
            [.. snapshot.Items.Select(i => new AuditVisitItemView(i.VisionItemId, i.Kind, i.Text, i.Weight, i.Critical, results[i.VisionItemId].Passed, results[i.VisionItemId].Note))],
            [.. State.Alerts.Where(a => a.VisitId == v.Id).Select(AlertView)],
            [.. v.Refreshers.Select(r => new AuditRefresherView(v.Id, r.ItemIds, r.Role, r.Members, r.DueAt, r.OrderedAt, r.OrderedBy))]);
    }
}

public sealed class LocationAuditsState
{
    /// <summary>The checklists visits answered, once per checklist revision ("{checklistId}@{revision}").</summary>
    public Dictionary<string, ChecklistSnapshotRecord> Snapshots { get; set; } = [];

    public List<AuditVisitRecord> Visits { get; set; } = [];

    public List<AuditAlertRecord> Alerts { get; set; } = [];
}

public sealed class ChecklistSnapshotRecord
{
    public string ChecklistId { get; set; } = "";

    public long Revision { get; set; }

    public string Name { get; set; } = "";

    public List<AuditChecklistItemRecord> Items { get; set; } = [];
}

public sealed class AuditVisitRecord
{
    public string Id { get; set; } = "";

    /// <summary>The key of the checklist snapshot the visit answered.</summary>
    public string Snapshot { get; set; } = "";

    public DateTimeOffset VisitedAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public string RecordedBy { get; set; } = "";

    public decimal Score { get; set; }

    public decimal WeightedPercent { get; set; }

    public int FailedCriticalItems { get; set; }

    public List<AuditResultRecord> Results { get; set; } = [];

    public List<AuditRefresherRecord> Refreshers { get; set; } = [];
}

public sealed class AuditResultRecord
{
    public string ItemId { get; set; } = "";

    public bool Passed { get; set; }

    public string? Note { get; set; }
}

public sealed class AuditAlertRecord
{
    public string Id { get; set; } = "";

    public string VisitId { get; set; } = "";

    public string ItemId { get; set; } = "";

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }

    public string? RefresherId { get; set; }
}

public sealed class AuditRefresherRecord
{
    public List<string> ItemIds { get; set; } = [];

    public MemberRole? Role { get; set; }

    public int Members { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset OrderedAt { get; set; }

    public string OrderedBy { get; set; } = "";
}
