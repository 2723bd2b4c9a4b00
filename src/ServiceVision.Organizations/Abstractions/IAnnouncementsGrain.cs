using ServiceVision.Api;
using ServiceVision.Domain.Alignment;
using ServiceVision.Domain.Plan;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// Announcement campaigns of one organization (key "{organizationId}/announcements"), step 3 of the
/// plan: a published vision version announced to an audience on channels; members acknowledge it;
/// leaders follow who has not, per department and location; a durable reminder per campaign records
/// reminder rounds to those who have not. The audience is resolved when the campaign is created and
/// kept with each member's department and location of that moment.
/// </summary>
public interface IAnnouncementsGrain : IRemindable
{
    /// <summary>
    /// Creates a campaign: 400 for invalid fields (each named), 409 <c>visionVersion</c> when nothing (or
    /// not that version) is published, 400 <c>audience.ids[i]</c> for unknown departments or locations,
    /// 400 <c>audience</c> when nobody is in it, 409 past <see cref="AnnouncementRules.MaxCampaigns"/>.
    /// </summary>
    Task<AnnouncementView> Create(AnnouncementInput input, string createdBy);

    /// <summary>Campaigns newest first; members who are not leaders see only those addressed to them.</summary>
    [ReadOnly]
    Task<PagedList<AnnouncementView>> ListAnnouncements(string memberId, bool isLeader, PageRequest page);

    /// <summary>One campaign; 404 if unknown, or for a member who is not a leader and not in its audience.</summary>
    [ReadOnly]
    Task<AnnouncementView> GetAnnouncement(string announcementId, string memberId, bool isLeader);

    /// <summary>Records that the member read it; a repeat returns the first acknowledgement. 404 when the member is not in its audience.</summary>
    Task<AcknowledgementView> Acknowledge(string announcementId, string memberId, AnnouncementChannel channel);

    /// <summary>Audience and acknowledgements per department or location (members without one grouped under a null id); 404.</summary>
    [ReadOnly]
    Task<PagedList<AnnouncementGroupView>> Breakdown(string announcementId, GroupDimension by, PageRequest page);

    /// <summary>Members who have not acknowledged, ordered by name, optionally of one department and/or location; 404.</summary>
    [ReadOnly]
    Task<PagedList<PendingMemberView>> ListPending(string announcementId, string? departmentId, string? locationId, PageRequest page);

    /// <summary>The reminder rounds sent so far, latest first, with who was reminded; 404.</summary>
    [ReadOnly]
    Task<PagedList<ReminderRoundView>> ListReminders(string announcementId, PageRequest page);

    /// <summary>The latest campaign's audience with who acknowledged, or null when there is none.</summary>
    [ReadOnly]
    Task<AnnouncementAudienceSnapshot?> GetLatestAudience();
}

public sealed record AnnouncementAudienceView(AnnouncementAudienceKind Kind, IReadOnlyList<string> Ids);

/// <param name="AcknowledgedAt">When the caller acknowledged it; null when they have not (or are not in its audience).</param>
public sealed record AnnouncementView(
    string Id,
    string Title,
    string Message,
    int VisionVersion,
    IReadOnlyList<AnnouncementChannel> Channels,
    AnnouncementAudienceView Audience,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    int RemindEveryHours,
    int MaxReminders,
    int ReminderRounds,
    int Members,
    int Acknowledged,
    decimal AcknowledgedPercent,
    bool ForMe,
    DateTimeOffset? AcknowledgedAt);

public sealed record AcknowledgementView(string AnnouncementId, string MemberId, DateTimeOffset AcknowledgedAt, AnnouncementChannel Channel);

/// <param name="GroupId">The department or location id; null for members without one.</param>
public sealed record AnnouncementGroupView(string? GroupId, string? Name, int Members, int Acknowledged, decimal AcknowledgedPercent);

public sealed record PendingMemberView(string MemberId, string? Name, string? DepartmentId, string? LocationId, int TimesReminded);

public sealed record ReminderRoundView(int Round, DateTimeOffset At, int Reminded, IReadOnlyList<string> MemberIds);

/// <summary>The latest campaign's audience: each member with whether they acknowledged it.</summary>
public sealed record AnnouncementAudienceSnapshot(string AnnouncementId, IReadOnlyList<AudienceMemberEntry> Members);

public sealed record AudienceMemberEntry(string MemberId, string? DepartmentId, string? LocationId, bool Acknowledged);
