using ServiceVision.Api;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// The training rollouts of one organization (key "{organizationId}/rollouts"): which rollouts
/// exist, who started them, for whom, until when. Each rollout's per-member progress lives in its
/// own <see cref="IRolloutProgressGrain"/>, so a training event rewrites one rollout, never the
/// organization's whole history. Roles are checked at the edge (leaders).
/// </summary>
public interface IRolloutsGrain : IGrain
{
    /// <summary>
    /// Starts a rollout: validates <paramref name="input"/> (400, each field named), resolves the
    /// audience to active members (400 on <c>audience.ids[i]</c> for an unknown department or member,
    /// 400 on <c>audience</c> when nobody is in it), 409 on <c>courseId</c> for the vision course while
    /// no vision is published, 409 past <see cref="RolloutRules.MaxRollouts"/>. Then records the
    /// members as pending and sends <c>AssignTraining</c> in batches through the outbox.
    /// </summary>
    Task<RolloutView> StartRollout(RolloutStartInput input, string startedBy);

    /// <summary>Rollouts, newest first, each with its progress as of now.</summary>
    [ReadOnly]
    Task<PagedList<RolloutSummary>> ListRollouts(PageRequest page);

    /// <summary>One rollout with its audience and progress as of now; 404 if unknown.</summary>
    [ReadOnly]
    Task<RolloutView> GetRollout(string rolloutId);

    /// <summary>The rollout's members ordered by name, optionally only those matching <paramref name="filter"/>; 404 if unknown.</summary>
    [ReadOnly]
    Task<PagedList<RolloutMemberView>> ListRolloutMembers(string rolloutId, RolloutMemberFilter? filter, PageRequest page);
}

/// <summary>
/// Per-member progress of one rollout (key "{organizationId}/rollouts/{rolloutId}"), written by the
/// consumers of the training service's events. Progress only moves forward, keyed by member, so a
/// redelivered or late event changes nothing (and writes nothing).
/// </summary>
public interface IRolloutProgressGrain : IGrain
{
    /// <summary>
    /// Records the members as pending and queues <c>AssignTraining</c> commands of at most
    /// <c>AssignTraining.MaxMembers</c> members each, stored with the state. Starting a started
    /// rollout again changes nothing and sends nothing.
    /// </summary>
    Task<RolloutProgressSnapshot> Start(RolloutLaunch launch);

    /// <summary>Applies what the training service reported; returns how many members moved (0 for repeats, unknown members and unknown rollouts).</summary>
    Task<int> Record(IReadOnlyList<RolloutMemberUpdate> updates);

    /// <summary>The progress as of now, or null when the rollout was never started.</summary>
    [ReadOnly]
    Task<RolloutProgressSnapshot?> GetSnapshot();

    /// <summary>Every member with their progress, in the order the rollout was sent; empty when never started.</summary>
    [ReadOnly]
    Task<IReadOnlyList<RolloutMemberEntry>> GetMembers();
}

/// <summary>What the progress grain needs to start: the resolved members and the assignment details.</summary>
public sealed record RolloutLaunch(string RolloutId, string CourseId, DateTimeOffset DueAt, IReadOnlyList<string> MemberIds);

/// <summary>One event of the training service about one member.</summary>
/// <param name="Score">The quiz score of a completion; ignored otherwise.</param>
public sealed record RolloutMemberUpdate(string MemberId, RolloutMemberStatus Status, int Score = 0);

public sealed record RolloutProgressSnapshot(DateTimeOffset DueAt, RolloutProgress Progress);

public sealed record RolloutMemberEntry(string MemberId, RolloutMemberProgress Progress);

public sealed record RolloutAudienceView(RolloutAudienceKind Kind, IReadOnlyList<string> Ids);

/// <param name="VisionVersion">For the vision course: the version published when the rollout started.</param>
public sealed record RolloutView(
    string Id,
    string Title,
    string CourseId,
    int? VisionVersion,
    DateTimeOffset DueAt,
    RolloutAudienceView Audience,
    DateTimeOffset StartedAt,
    string StartedBy,
    RolloutProgress Progress);

/// <summary>A rollout in a list: its audience kind without the ids.</summary>
public sealed record RolloutSummary(
    string Id,
    string Title,
    string CourseId,
    int? VisionVersion,
    DateTimeOffset DueAt,
    RolloutAudienceKind AudienceKind,
    DateTimeOffset StartedAt,
    string StartedBy,
    RolloutProgress Progress);

/// <param name="Name">Null when the member has left the organization since.</param>
/// <param name="Score">The quiz score once completed.</param>
public sealed record RolloutMemberView(string MemberId, string? Name, RolloutMemberStatus Status, int? Score, DateTimeOffset DueAt, bool Overdue);
