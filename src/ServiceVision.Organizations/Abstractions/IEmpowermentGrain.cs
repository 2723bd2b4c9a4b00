using ServiceVision.Api;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Plan;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// Empowerment of one organization (key "{organizationId}/empowerment"), step 6 of the plan: per role,
/// what a member may do on their own to recover a failing interaction; the recoveries members record;
/// and the open complaints (ServiceRecoveryNeeded) a linked recovery closes, which publishes
/// ServiceRecoveryResolved through the outbox.
/// </summary>
public interface IEmpowermentGrain : IGrain
{
    /// <summary>The guidelines of every role (a role without any at revision 0).</summary>
    [ReadOnly]
    Task<IReadOnlyList<GuidelineView>> ListGuidelines();

    [ReadOnly]
    Task<GuidelineView> GetGuideline(MemberRole role);

    /// <summary>
    /// Replaces a role's guideline if <paramref name="expectedRevision"/> is current (412; 0 for the first).
    /// 400 for invalid fields; example pillars must be pillars of the published vision.
    /// </summary>
    Task<GuidelineView> SetGuideline(MemberRole role, GuidelineInput input, long expectedRevision, string memberId);

    /// <summary>
    /// Records a recovery by a member of <paramref name="role"/>. Above the role's refund limit (or in another
    /// currency, or without a limit) it awaits a leader's approval; owners need none. A recoveryId must name
    /// an open complaint (400 unknown, 409 answered already); once the recovery stands, the complaint is
    /// resolved and ServiceRecoveryResolved is published.
    /// </summary>
    Task<RecoveryView> RecordRecovery(RecoveryInput input, string memberId, MemberRole role);

    /// <summary>Recorded recoveries newest first, optionally only those with <paramref name="status"/>.</summary>
    [ReadOnly]
    Task<PagedList<RecoveryView>> ListRecoveries(RecoveryStatus? status, PageRequest page);

    [ReadOnly]
    Task<RecoveryView> GetRecovery(string recoveryRecordId);

    /// <summary>A leader approves or declines a recovery awaiting approval. 404, 409 when not awaiting, 412 stale.</summary>
    Task<RecoveryView> Decide(string recoveryRecordId, bool approve, string? note, string leaderId, long expectedRevision);

    /// <summary>Keeps a complaint from the surveys service once per recovery id; true when new.</summary>
    Task<bool> RecordComplaint(ServiceRecoveryNeeded complaint);

    /// <summary>Complaints, oldest deadline first, open ones only unless <paramref name="includeResolved"/>.</summary>
    [ReadOnly]
    Task<PagedList<ComplaintView>> ListComplaints(bool includeResolved, PageRequest page);

    [ReadOnly]
    Task<EmpowermentSnapshot> GetSnapshot();
}

public sealed record GuidelineView(
    MemberRole Role,
    Money? RefundLimit,
    IReadOnlyList<string> Gestures,
    IReadOnlyList<GuidelineExample> Examples,
    string? Notes,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    long Revision);

public enum RecoveryStatus
{
    /// <summary>Within what the member may do alone: it stands.</summary>
    Recorded,
    AwaitingApproval,
    Approved,
    Declined,
}

/// <param name="RecoveryId">The complaint it answers, if any.</param>
public sealed record RecoveryView(
    string Id,
    string MemberId,
    string WhatHappened,
    string WhatWasDone,
    Money? Amount,
    RecoveryOutcome Outcome,
    string Touchpoint,
    string? RecoveryId,
    RecoveryStatus Status,
    DateTimeOffset RecordedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote,
    long Revision);

public enum ComplaintStatus
{
    Open,
    AwaitingApproval,
    Resolved,
}

public sealed record ComplaintView(
    string RecoveryId,
    string SurveyId,
    string? LocationId,
    string? Channel,
    string Touchpoint,
    int? Csat,
    int? Nps,
    string? Comment,
    DateTimeOffset RaisedAt,
    DateTimeOffset RespondBy,
    ComplaintStatus Status,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    bool Overdue);

/// <summary>A recovery as the alignment view counts it.</summary>
public sealed record RecoveryEntry(string MemberId, RecoveryStatus Status, DateTimeOffset RecordedAt);

/// <summary>A complaint as the alignment view counts it.</summary>
public sealed record ComplaintEntry(string? LocationId, DateTimeOffset RespondBy, DateTimeOffset? ResolvedAt, string? ResolvedBy);

public sealed record EmpowermentSnapshot(IReadOnlyList<MemberRole> RolesWithGuidelines, int RecoveriesRecorded, IReadOnlyList<RecoveryEntry> Recoveries, IReadOnlyList<ComplaintEntry> Complaints);
