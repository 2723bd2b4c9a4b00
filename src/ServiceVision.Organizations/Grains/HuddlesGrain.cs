using ServiceVision.Api;
using ServiceVision.Domain.Plan;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>Huddles held by leaders, counted per team; topics proposed from the vision and recent recognitions.</summary>
public sealed class HuddlesGrain : Grain<HuddlesState>, IHuddlesGrain
{
    public async Task<HuddleView> Record(HuddleInput input, string leaderId)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (draft, errors) = HuddleRules.Validate(input, Time.GetUtcNow());
        ValidationFailedException.ThrowIfAny(errors);
        if (State.Huddles.Count >= HuddleRules.MaxHuddles)
        {
            throw new ConflictException($"An organization keeps at most {HuddleRules.MaxHuddles} huddles.");
        }

        var organization = GrainFactory.GetGrain<IOrganizationGrain>(TenantId);
        await EnsureTeamAsync(organization, draft!.TeamKind, draft.TeamId, "team.id");
        var members = (await organization.ListMembers()).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var failures = new List<Domain.ValidationError>();
        for (var i = 0; i < draft.AttendeeIds.Count; i++)
        {
            if (!members.Contains(draft.AttendeeIds[i]))
            {
                failures.Add(new Domain.ValidationError($"attendeeIds[{i}]", "This is not an active member."));
            }
        }

        if (draft.Topic.Kind is HuddleTopicKind.Pillar or HuddleTopicKind.Standard)
        {
            var vision = await GrainFactory.GetGrain<IVisionGrain>(TenantId + "/vision").GetCurrentVersion();
            var item = vision?.Items.FirstOrDefault(i => i.Id == draft.Topic.RefId);
            var fits = item is not null && (draft.Topic.Kind == HuddleTopicKind.Pillar
                ? item.Kind is VisionItemKind.Pillar or VisionItemKind.SubPillar
                : item.Kind is VisionItemKind.Standard or VisionItemKind.Never or VisionItemKind.Always);
            if (!fits)
            {
                failures.Add(new Domain.ValidationError("topic.refId", $"This is not a {draft.Topic.Kind.ToString().ToLowerInvariant()} of the published vision."));
            }
        }

        ValidationFailedException.ThrowIfAny(failures);
        var record = new HuddleRecord
        {
            Id = Ids.New(PlanKeys.HuddlePrefix),
            TeamKind = draft.TeamKind,
            TeamId = draft.TeamId,
            LeaderId = leaderId,
            AttendeeIds = [.. draft.AttendeeIds],
            Topic = draft.Topic,
            HeldAt = draft.HeldAt,
            Notes = draft.Notes,
            RecordedAt = Time.GetUtcNow(),
        };
        State.Huddles.Add(record);
        await WriteStateAsync();

        return View(record);
    }

    public Task<PagedList<HuddleView>> List(HuddleTeamKind? teamKind, string? teamId, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var huddles = State.Huddles
            .Where(h => teamKind is null || h.TeamKind == teamKind)
            .Where(h => teamId is null || h.TeamId == teamId)
            .OrderByDescending(h => h.HeldAt)
            .ThenByDescending(h => h.RecordedAt)
            .Select(View);
        return Task.FromResult(PagedList.Of(huddles, page));
    }

    public Task<HuddleView> GetHuddle(string huddleId) =>
        Task.FromResult(View(State.Huddles.FirstOrDefault(h => h.Id == huddleId) ?? throw new NotFoundException("The huddle")));

    public async Task<ProposedTopicView> ProposeTopic(HuddleTeamKind teamKind, string teamId)
    {
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(TenantId);
        await EnsureTeamAsync(organization, teamKind, teamId, teamKind == HuddleTeamKind.Department ? "departmentId" : "locationId");
        var vision = await GrainFactory.GetGrain<IVisionGrain>(TenantId + "/vision").GetCurrentVersion()
            ?? throw new ConflictException("No vision is published yet: huddles reinforce its pillars and standards.");
        var ordered = vision.Items.OrderBy(i => i.Order).ToList();
        var pillars = ordered.Where(i => i.Kind == VisionItemKind.Pillar).Select(i => (i.Id, i.Text)).ToList();
        var standards = ordered.Where(i => i.Kind is VisionItemKind.Standard or VisionItemKind.Never or VisionItemKind.Always).Select(i => (i.Id, i.Text)).ToList();
        var pillarText = ordered.ToDictionary(i => i.Id, i => i.Text, StringComparer.Ordinal);

        var signals = await GrainFactory.GetGrain<IScoresGrain>(PlanKeys.Scores(TenantId)).GetSnapshot();
        var since = Time.GetUtcNow() - HuddleRules.RecentRecognitions;
        var recent = signals.RecentRecognitions
            .Where(r => r.GivenAt >= since)
            .Where(r => teamKind == HuddleTeamKind.Department ? r.DepartmentId == teamId : r.LocationId == teamId)
            .ToList();
        var names = recent.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : (await organization.ListMembers()).ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        var recognitions = recent.Select(r => new RecognitionTopicSource(
            r.RecognitionId,
            $"{names.GetValueOrDefault(r.MemberId, "A colleague")} was recognized for living \"{string.Join("\", \"", r.PillarIds.Select(p => pillarText.GetValueOrDefault(p, p)))}\": what did they do, and how can we all do it?",
            r.GivenAt)).ToList();

        var held = State.Huddles.Count(h => h.TeamKind == teamKind && h.TeamId == teamId);
        var topic = HuddleRules.ProposeTopic(pillars, standards, recognitions, held)
            ?? throw new ConflictException("The published vision has no pillars or standards to talk about yet.");
        return new ProposedTopicView(new HuddleTeamRef(teamKind, teamId), held, topic);
    }

    public Task<PagedList<HuddleTeamView>> ListTeams(PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var teams = State.Huddles
            .GroupBy(h => (h.TeamKind, h.TeamId))
            .Select(g => new HuddleTeamView(
                new HuddleTeamRef(g.Key.TeamKind, g.Key.TeamId),
                g.Count(),
                g.Select(h => HuddleRules.WeekOf(h.HeldAt)).Distinct(StringComparer.Ordinal).Count(),
                g.Max(h => h.HeldAt),
                HuddleRules.Habit(g.Count())))
            .OrderByDescending(t => t.Repetitions)
            .ThenBy(t => t.Team.Kind)
            .ThenBy(t => t.Team.Id, StringComparer.Ordinal);
        return Task.FromResult(PagedList.Of(teams, page));
    }

    public Task<HuddleSnapshot> GetSnapshot() =>
        Task.FromResult(new HuddleSnapshot(State.Huddles.Count, State.Huddles.Select(h => HuddleRules.WeekOf(h.HeldAt)).Distinct(StringComparer.Ordinal).Count()));

    private static async Task EnsureTeamAsync(IOrganizationGrain organization, HuddleTeamKind kind, string teamId, string field)
    {
        try
        {
            _ = kind == HuddleTeamKind.Department
                ? (object)await organization.GetDepartment(teamId)
                : await organization.GetLocation(teamId);
        }
        catch (NotFoundException)
        {
            throw new ValidationFailedException(field, $"There is no such {kind.ToString().ToLowerInvariant()}.");
        }
    }

    private HuddleView View(HuddleRecord h)
    {
        // Repetitions as of this huddle: the team's huddles held no later than it.
        var repetitions = State.Huddles.Count(o => o.TeamKind == h.TeamKind && o.TeamId == h.TeamId && (o.HeldAt < h.HeldAt || (o.HeldAt == h.HeldAt && o.RecordedAt <= h.RecordedAt)));
        return new HuddleView(h.Id, new HuddleTeamRef(h.TeamKind, h.TeamId), h.LeaderId, h.AttendeeIds, h.Topic, h.HeldAt, h.Notes, h.RecordedAt, repetitions);
    }
}

public sealed class HuddlesState
{
    public List<HuddleRecord> Huddles { get; set; } = [];
}

public sealed class HuddleRecord
{
    public string Id { get; set; } = "";

    public HuddleTeamKind TeamKind { get; set; }

    public string TeamId { get; set; } = "";

    public string LeaderId { get; set; } = "";

    public List<string> AttendeeIds { get; set; } = [];

    public HuddleTopic Topic { get; set; } = new(HuddleTopicKind.Other, null, "");

    public DateTimeOffset HeldAt { get; set; }

    public string? Notes { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
