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
/// The progress of one rollout (key "{organizationId}/rollouts/{rolloutId}"): the coordinator of its
/// <see cref="IRolloutProgressShardGrain"/>s, which hold the members (about
/// <see cref="RolloutShards.MembersPerShard"/> each, so a training event rewrites a few hundred members
/// whatever the rollout's size). It stores only the layout and which shards are complete. Progress only
/// moves forward, keyed by member, so a redelivered or late event changes nothing (and writes nothing).
/// It never calls back into whoever calls it: the consumers orchestrate a recording
/// (<see cref="GetLayout"/>, the shard's Record, then <see cref="ShardCompleted"/>).
/// </summary>
public interface IRolloutProgressGrain : IGrain
{
    /// <summary>
    /// Splits the members into shards (<see cref="RolloutShards"/>) and records them there as pending,
    /// then stores the layout together with <c>AssignTraining</c> commands of at most
    /// <c>AssignTraining.MaxMembers</c> members each (one write). Starting a started rollout again
    /// changes nothing and sends nothing.
    /// </summary>
    Task<RolloutProgressSnapshot> Start(RolloutLaunch launch);

    /// <summary>How the rollout's members are sharded; null when the rollout was never started.</summary>
    [ReadOnly]
    Task<RolloutProgressLayout?> GetLayout();

    /// <summary>
    /// Records that shard <paramref name="index"/> completed with <paramref name="tally"/> (every member
    /// completed: its numbers cannot change any more). Idempotent: writes only for a shard not recorded
    /// yet. When it was the last one, RolloutCompleted is published in the same write, once per rollout.
    /// Returns whether the rollout is complete.
    /// </summary>
    Task<bool> ShardCompleted(int index, RolloutTally tally);

    /// <summary>The progress as of now (the shards' tallies added up), or null when the rollout was never started.</summary>
    [ReadOnly]
    Task<RolloutProgressSnapshot?> GetSnapshot();

    /// <summary>Every member with their progress, shard by shard (each in the order sent); empty when never started.</summary>
    [ReadOnly]
    Task<IReadOnlyList<RolloutMemberEntry>> GetMembers();
}

/// <summary>
/// The members of one shard of a rollout's progress (key "{organizationId}/rollouts/{rolloutId}/{index}"),
/// written by the consumers of the training service's events. Calls no other grain.
/// </summary>
public interface IRolloutProgressShardGrain : IGrain
{
    /// <summary>Records the shard's members as pending; a second call for a started shard changes nothing.</summary>
    Task Init(RolloutShardLaunch launch);

    /// <summary>
    /// Applies what the training service reported about members of this shard (others are ignored). Writes
    /// only when a member moved. Reports whether the shard is complete, also when nothing moved, so that a
    /// redelivery finishes a completion whose report to the coordinator was lost.
    /// </summary>
    Task<RolloutShardRecorded> Record(IReadOnlyList<RolloutMemberUpdate> updates);

    /// <summary>The shard's sums; empty when never started.</summary>
    [ReadOnly]
    Task<RolloutTally> GetTally();

    /// <summary>The shard's members with their progress, in the order sent; empty when never started.</summary>
    [ReadOnly]
    Task<IReadOnlyList<RolloutMemberEntry>> GetMembers();
}

/// <summary>How a started rollout's members are spread: a member is in shard <see cref="RolloutShards.ShardOf"/>(id, ShardCount).</summary>
public sealed record RolloutProgressLayout(int MemberCount, int ShardCount);

/// <summary>What one shard needs to start.</summary>
public sealed record RolloutShardLaunch(string RolloutId, int Index, IReadOnlyList<string> MemberIds);

/// <param name="Moved">Members who moved forward (0 for repeats, members of other shards and an unknown shard).</param>
/// <param name="ShardComplete">Every member of the shard has completed.</param>
/// <param name="Tally">The shard's sums after the update.</param>
public sealed record RolloutShardRecorded(int Moved, bool ShardComplete, RolloutTally Tally);

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
