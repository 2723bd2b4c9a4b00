using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// The progress of one rollout, coordinating its shards (<see cref="RolloutProgressShardGrain"/>), which
/// hold the members. Started once by the rollouts grain: the shards get their members first, then the
/// layout and the AssignTraining commands are stored in one write. A training event rewrites one shard;
/// this grain is written again only when a shard completes, and publishes RolloutCompleted with the last.
/// It calls only its shards, which call nobody: no call can come back to it.
/// </summary>
public sealed class RolloutProgressGrain : Grain<RolloutProgressState>, IRolloutProgressGrain
{
    public async Task<RolloutProgressSnapshot> Start(RolloutLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (RecordExists)
        {
            return await SnapshotAsync();
        }

        if (GrainKey != RolloutKeys.Progress(TenantId, launch.RolloutId))
        {
            throw new ArgumentException($"Rollout {launch.RolloutId} does not belong in {GrainKey}.", nameof(launch));
        }

        var memberIds = launch.MemberIds.Distinct(StringComparer.Ordinal).ToList();
        if (memberIds.Count == 0)
        {
            throw new ArgumentException("A rollout has at least one member.", nameof(launch));
        }

        var shardCount = RolloutShards.CountFor(memberIds.Count);
        var shards = RolloutShards.Split(memberIds, shardCount);

        // Shards first (each idempotent): until this grain is written, no command is out and no event can name them.
        // If this fails part-way, shards without a layout stay unreachable (the recorder asks for the layout first).
        await Task.WhenAll(shards.Select((members, index) => members.Count == 0
            ? Task.CompletedTask
            : Shard(launch.RolloutId, index).Init(new RolloutShardLaunch(launch.RolloutId, index, members))));

        State = new RolloutProgressState
        {
            RolloutId = launch.RolloutId,
            CourseId = launch.CourseId,
            DueAt = launch.DueAt,
            MemberCount = memberIds.Count,
            ShardCount = shardCount,

            // A shard the hash left empty has nothing to wait for.
            CompletedShards = [.. shards.Select((members, index) => (members, index)).Where(s => s.members.Count == 0).Select(s => new CompletedShardRecord { Index = s.index })],
        };

        // Commands over the whole list in the order sent, not per shard: the training service does not know shards.
        foreach (var batch in memberIds.Chunk(AssignTraining.MaxMembers))
        {
            Publish(new AssignTraining(TenantId, launch.RolloutId, launch.CourseId, launch.DueAt, batch));
        }

        // A failed write ends this activation with its state and messages (see Grain.Publish): nothing half-done stays.
        await WriteStateAsync();
        return new RolloutProgressSnapshot(State.DueAt, RolloutTally.AllPending(memberIds.Count).ToProgress(State.DueAt, Time.GetUtcNow()));
    }

    // A state without shards was stored before progress was sharded: it has no layout to record into.
    public Task<RolloutProgressLayout?> GetLayout() =>
        Task.FromResult(RecordExists && State.ShardCount > 0 ? new RolloutProgressLayout(State.MemberCount, State.ShardCount) : null);

    public async Task<bool> ShardCompleted(int index, RolloutTally tally)
    {
        if (!RecordExists)
        {
            return false;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, State.ShardCount);
        if (!tally.IsComplete)
        {
            throw new ArgumentException($"Shard {index} is not complete: {tally}.", nameof(tally));
        }

        if (State.CompletedShards.Exists(s => s.Index == index))
        {
            return State.CompletedAt is not null;
        }

        State.CompletedShards.Add(new CompletedShardRecord { Index = index, Members = tally.Members, ScoreSum = tally.ScoreSum });
        AnnounceCompletion();
        await WriteStateAsync();

        return State.CompletedAt is not null;
    }

    /// <summary>Publishes RolloutCompleted in the same write as the report of the last shard; once.</summary>
    private void AnnounceCompletion()
    {
        if (State.CompletedAt is not null || State.CompletedShards.Count < State.ShardCount)
        {
            return;
        }

        var progress = CompletedTally().ToProgress(State.DueAt, Time.GetUtcNow());
        State.CompletedAt = Time.GetUtcNow();
        Publish(new RolloutCompleted(TenantId, State.RolloutId, State.CourseId, progress.Members, progress.AverageScore, State.CompletedAt.Value));
    }

    public async Task<RolloutProgressSnapshot?> GetSnapshot() => RecordExists ? await SnapshotAsync() : null;

    public async Task<IReadOnlyList<RolloutMemberEntry>> GetMembers()
    {
        if (!RecordExists)
        {
            return [];
        }

        var parts = await Task.WhenAll(Enumerable.Range(0, State.ShardCount).Select(i => Shard(State.RolloutId, i).GetMembers()));
        return [.. parts.SelectMany(p => p)];
    }

    /// <summary>The completed shards' stored numbers plus the others' current tallies.</summary>
    private async Task<RolloutProgressSnapshot> SnapshotAsync()
    {
        var completed = State.CompletedShards.Select(s => s.Index).ToHashSet();
        var open = await Task.WhenAll(Enumerable.Range(0, State.ShardCount).Where(i => !completed.Contains(i)).Select(i => Shard(State.RolloutId, i).GetTally()));
        var tally = CompletedTally() + RolloutTally.Sum(open);
        return new RolloutProgressSnapshot(State.DueAt, tally.ToProgress(State.DueAt, Time.GetUtcNow()));
    }

    private RolloutTally CompletedTally() =>
        RolloutTally.Sum(State.CompletedShards.Select(s => new RolloutTally(s.Members, s.Members, s.Members, s.Members, s.ScoreSum)));

    private IRolloutProgressShardGrain Shard(string rolloutId, int index) =>
        GrainFactory.GetGrain<IRolloutProgressShardGrain>(RolloutKeys.ProgressShard(TenantId, rolloutId, index));
}
