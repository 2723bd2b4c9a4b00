using ServiceVision.Api;
using ServiceVision.Domain.Alignment;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Plan;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// Announcement campaigns. Creating one resolves the audience through the organization grain and
/// registers a durable reminder for it; each reminder tick records a round with the members who have
/// not acknowledged yet, until everyone has or the campaign's rounds are used up.
/// </summary>
public sealed class AnnouncementsGrain : Grain<AnnouncementsState>, IAnnouncementsGrain
{
    private const string ReminderPrefix = "remind/";

    public async Task<AnnouncementView> Create(AnnouncementInput input, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (draft, errors) = AnnouncementRules.Validate(input);
        ValidationFailedException.ThrowIfAny(errors);
        if (State.Campaigns.Count >= AnnouncementRules.MaxCampaigns)
        {
            throw new ConflictException($"An organization keeps at most {AnnouncementRules.MaxCampaigns} announcements.");
        }

        var vision = GrainFactory.GetGrain<IVisionGrain>(TenantId + "/vision");
        var current = await vision.GetCurrentVersion()
            ?? throw new ConflictException("No vision is published yet: publish one before announcing it.", "visionVersion");
        if (draft!.VisionVersion is { } wanted && wanted > current.Number)
        {
            throw new ConflictException($"Version {wanted} is not published; the latest is {current.Number}.", "visionVersion");
        }

        var organization = GrainFactory.GetGrain<IOrganizationGrain>(TenantId);
        var members = await organization.ListMembers();
        IReadOnlySet<string> departments = draft.AudienceKind == AnnouncementAudienceKind.Departments
            ? (await organization.ListDepartments(new PageRequest(1, MemberRules.MaxDepartments))).Items.Select(d => d.Id).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();
        IReadOnlySet<string> locations = draft.AudienceKind == AnnouncementAudienceKind.Locations
            ? (await organization.ListLocations(null, new PageRequest(1, AnnouncementRules.MaxAudienceIds))).Items.Select(l => l.Id).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();
        var candidates = members.Select(m => new RolloutCandidate(m.Id, m.DepartmentId, m.Role, m.LocationId)).ToList();
        var resolution = AnnouncementRules.Resolve(draft.AudienceKind, draft.AudienceIds, candidates, departments, locations);
        ValidationFailedException.ThrowIfAny(resolution.Errors);

        var byId = members.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var campaign = new AnnouncementRecord
        {
            Id = Ids.New(PlanKeys.AnnouncementPrefix),
            Title = draft.Title,
            Message = draft.Message,
            VisionVersion = draft.VisionVersion ?? current.Number,
            Channels = [.. draft.Channels],
            AudienceKind = draft.AudienceKind,
            AudienceIds = [.. draft.AudienceIds.Distinct(StringComparer.Ordinal)],
            CreatedAt = Time.GetUtcNow(),
            CreatedBy = createdBy,
            RemindEveryHours = draft.RemindEveryHours,
            MaxReminders = draft.MaxReminders,
            Members = [.. resolution.MemberIds.Select(id => new AudienceMemberRecord { MemberId = id, Name = byId[id].Name, DepartmentId = byId[id].DepartmentId, LocationId = byId[id].LocationId })],
        };

        // The reminder first: a tick for a campaign that was never stored removes itself.
        if (campaign.MaxReminders > 0)
        {
            var every = TimeSpan.FromHours(campaign.RemindEveryHours);
            await RegisterOrUpdateReminder(ReminderPrefix + campaign.Id, every, every);
        }

        State.Campaigns.Add(campaign);
        await WriteStateAsync();
        return View(campaign, createdBy);
    }

    public Task<PagedList<AnnouncementView>> ListAnnouncements(string memberId, bool isLeader, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var visible = Enumerable.Reverse(State.Campaigns).Where(c => isLeader || c.Find(memberId) is not null).Select(c => View(c, memberId));
        return Task.FromResult(PagedList.Of(visible, page));
    }

    public Task<AnnouncementView> GetAnnouncement(string announcementId, string memberId, bool isLeader)
    {
        var campaign = Find(announcementId);
        if (!isLeader && campaign.Find(memberId) is null)
        {
            throw new NotFoundException("The announcement");
        }

        return Task.FromResult(View(campaign, memberId));
    }

    public async Task<AcknowledgementView> Acknowledge(string announcementId, string memberId, AnnouncementChannel channel)
    {
        var campaign = Find(announcementId);
        var member = campaign.Find(memberId) ?? throw new NotFoundException("The announcement");
        if (member.AcknowledgedAt is null)
        {
            member.AcknowledgedAt = Time.GetUtcNow();
            member.AcknowledgedVia = channel;
            await WriteStateAsync();
        }

        return new AcknowledgementView(campaign.Id, memberId, member.AcknowledgedAt.Value, member.AcknowledgedVia ?? channel);
    }

    public async Task<PagedList<AnnouncementGroupView>> Breakdown(string announcementId, GroupDimension by, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var campaign = Find(announcementId);
        var names = await GroupNamesAsync(by);
        var groups = campaign.Members
            .GroupBy(m => by == GroupDimension.Department ? m.DepartmentId : m.LocationId)
            .Select(g => new AnnouncementGroupView(
                g.Key,
                g.Key is null ? null : names.GetValueOrDefault(g.Key),
                g.Count(),
                g.Count(m => m.AcknowledgedAt is not null),
                AlignmentScore.Percent(g.Count(m => m.AcknowledgedAt is not null), g.Count()) ?? 0m))
            .OrderBy(g => g.GroupId is null)
            .ThenBy(g => g.Name ?? g.GroupId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(g => g.GroupId, StringComparer.Ordinal);
        return PagedList.Of(groups, page);
    }

    public Task<PagedList<PendingMemberView>> ListPending(string announcementId, string? departmentId, string? locationId, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var campaign = Find(announcementId);
        var reminded = campaign.Rounds.SelectMany(r => r.MemberIds).CountBy(id => id, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var pending = campaign.Members
            .Where(m => m.AcknowledgedAt is null)
            .Where(m => departmentId is null || m.DepartmentId == departmentId)
            .Where(m => locationId is null || m.LocationId == locationId)
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.MemberId, StringComparer.Ordinal)
            .Select(m => new PendingMemberView(m.MemberId, m.Name, m.DepartmentId, m.LocationId, reminded.GetValueOrDefault(m.MemberId)));
        return Task.FromResult(PagedList.Of(pending, page));
    }

    public Task<PagedList<ReminderRoundView>> ListReminders(string announcementId, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var campaign = Find(announcementId);
        var rounds = Enumerable.Reverse(campaign.Rounds).Select(r => new ReminderRoundView(r.Round, r.At, r.MemberIds.Count, r.MemberIds));
        return Task.FromResult(PagedList.Of(rounds, page));
    }

    public Task<AnnouncementAudienceSnapshot?> GetLatestAudience()
    {
        var latest = State.Campaigns.LastOrDefault();
        return Task.FromResult(latest is null
            ? null
            : new AnnouncementAudienceSnapshot(latest.Id, [.. latest.Members.Select(m => new AudienceMemberEntry(m.MemberId, m.DepartmentId, m.LocationId, m.AcknowledgedAt is not null))]));
    }

    public async Task ReceiveReminder(string reminderName, ReminderTick tick)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        var campaign = reminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal)
            ? State.Campaigns.FirstOrDefault(c => c.Id == reminderName[ReminderPrefix.Length..])
            : null;
        if (campaign is null)
        {
            await UnregisterReminder(reminderName);
            return;
        }

        // Reminders arrive at least once: a tick already recorded is a repeat.
        if (campaign.Rounds.Any(r => r.DueAt == tick.DueAt))
        {
            return;
        }

        var pending = campaign.Members.Where(m => m.AcknowledgedAt is null).Select(m => m.MemberId).ToList();
        if (AnnouncementRules.ShouldRemind(campaign.Rounds.Count, campaign.MaxReminders, pending.Count))
        {
            campaign.Rounds.Add(new ReminderRoundRecord { Round = campaign.Rounds.Count + 1, DueAt = tick.DueAt, At = Time.GetUtcNow(), MemberIds = pending });
            await WriteStateAsync();
        }

        if (!AnnouncementRules.ShouldRemind(campaign.Rounds.Count, campaign.MaxReminders, pending.Count))
        {
            await UnregisterReminder(reminderName);
        }
    }

    private AnnouncementRecord Find(string announcementId) =>
        State.Campaigns.FirstOrDefault(c => c.Id == announcementId) ?? throw new NotFoundException("The announcement");

    private async Task<Dictionary<string, string>> GroupNamesAsync(GroupDimension by)
    {
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(TenantId);
        return by == GroupDimension.Department
            ? (await organization.ListDepartments(new PageRequest(1, MemberRules.MaxDepartments))).Items.ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal)
            : (await organization.ListLocations(null, new PageRequest(1, AnnouncementRules.MaxAudienceIds))).Items.ToDictionary(l => l.Id, l => l.Name, StringComparer.Ordinal);
    }

    private static AnnouncementView View(AnnouncementRecord c, string memberId)
    {
        var me = c.Find(memberId);
        var acknowledged = c.Members.Count(m => m.AcknowledgedAt is not null);
        return new AnnouncementView(
            c.Id, c.Title, c.Message, c.VisionVersion, c.Channels, new AnnouncementAudienceView(c.AudienceKind, c.AudienceIds),
            c.CreatedAt, c.CreatedBy, c.RemindEveryHours, c.MaxReminders, c.Rounds.Count,
            c.Members.Count, acknowledged, AlignmentScore.Percent(acknowledged, c.Members.Count) ?? 0m, me is not null, me?.AcknowledgedAt);
    }
}

/// <summary>What the announcements grain stores: the campaigns, oldest first.</summary>
public sealed class AnnouncementsState
{
    public List<AnnouncementRecord> Campaigns { get; set; } = [];
}

public sealed class AnnouncementRecord
{
    public string Id { get; set; } = "";

    public string Title { get; set; } = "";

    public string Message { get; set; } = "";

    public int VisionVersion { get; set; }

    public List<AnnouncementChannel> Channels { get; set; } = [];

    public AnnouncementAudienceKind AudienceKind { get; set; }

    public List<string> AudienceIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public int RemindEveryHours { get; set; }

    public int MaxReminders { get; set; }

    /// <summary>The audience as resolved at creation, with each member's department and location then.</summary>
    public List<AudienceMemberRecord> Members { get; set; } = [];

    public List<ReminderRoundRecord> Rounds { get; set; } = [];

    public AudienceMemberRecord? Find(string memberId) => Members.FirstOrDefault(m => m.MemberId == memberId);
}

public sealed class AudienceMemberRecord
{
    public string MemberId { get; set; } = "";

    public string Name { get; set; } = "";

    public string? DepartmentId { get; set; }

    public string? LocationId { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public AnnouncementChannel? AcknowledgedVia { get; set; }
}

public sealed class ReminderRoundRecord
{
    public int Round { get; set; }

    /// <summary>The reminder tick's due time: a repeated delivery of the same tick is recognized by it.</summary>
    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset At { get; set; }

    public List<string> MemberIds { get; set; } = [];
}
