using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// Per-member progress of one rollout. Started once by the rollouts grain (members and the
/// AssignTraining commands are stored in one write), then moved forward by the training events;
/// an event that moves nobody writes nothing.
/// </summary>
public sealed class RolloutProgressGrain : Grain<RolloutProgressState>, IRolloutProgressGrain
{
    public async Task<RolloutProgressSnapshot> Start(RolloutLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (RecordExists)
        {
            return Snapshot();
        }

        if (GrainKey != RolloutKeys.Progress(TenantId, launch.RolloutId))
        {
            throw new ArgumentException($"Rollout {launch.RolloutId} does not belong in {GrainKey}.", nameof(launch));
        }

        if (launch.MemberIds.Count == 0)
        {
            throw new ArgumentException("A rollout has at least one member.", nameof(launch));
        }

        var pending = RolloutMemberProgress.Pending.Encode();
        State = new RolloutProgressState
        {
            RolloutId = launch.RolloutId,
            CourseId = launch.CourseId,
            DueAt = launch.DueAt,
            Members = launch.MemberIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => pending, StringComparer.Ordinal),
        };
        foreach (var batch in launch.MemberIds.Chunk(AssignTraining.MaxMembers))
        {
            Publish(new AssignTraining(TenantId, launch.RolloutId, launch.CourseId, launch.DueAt, batch));
        }

        // A failed write ends this activation with its state and messages (see Grain.Publish): nothing half-done stays.
        await WriteStateAsync();
        return Snapshot();
    }

    public async Task<int> Record(IReadOnlyList<RolloutMemberUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (!RecordExists)
        {
            return 0;
        }

        var moved = 0;
        foreach (var update in updates)
        {
            if (!State.Members.TryGetValue(update.MemberId, out var encoded))
            {
                continue;
            }

            var current = RolloutMemberProgress.Decode(encoded);
            var next = current.Advance(update.Status, update.Score);
            if (next != current)
            {
                State.Members[update.MemberId] = next.Encode();
                moved++;
            }
        }

        if (moved > 0)
        {
            AnnounceCompletion();
            try
            {
                await WriteStateAsync();
            }
            catch
            {
                // The in-memory state holds changes that were not stored: reload on the next call, which the retry makes.
                DeactivateOnIdle();
                throw;
            }
        }

        return moved;
    }

    /// <summary>Publishes RolloutCompleted in the same write as the event that completed the last member; once.</summary>
    private void AnnounceCompletion()
    {
        if (State.CompletedAt is not null)
        {
            return;
        }

        var progress = RolloutProgress.Of(State.Members.Values.Select(RolloutMemberProgress.Decode), State.DueAt, Time.GetUtcNow());
        if (progress.Completed == progress.Members)
        {
            State.CompletedAt = Time.GetUtcNow();
            Publish(new RolloutCompleted(TenantId, State.RolloutId, State.CourseId, progress.Members, progress.AverageScore, State.CompletedAt.Value));
        }
    }

    public Task<RolloutProgressSnapshot?> GetSnapshot() => Task.FromResult(RecordExists ? Snapshot() : null);

    public Task<IReadOnlyList<RolloutMemberEntry>> GetMembers() =>
        Task.FromResult<IReadOnlyList<RolloutMemberEntry>>([.. State.Members.Select(m => new RolloutMemberEntry(m.Key, RolloutMemberProgress.Decode(m.Value)))]);

    private RolloutProgressSnapshot Snapshot() =>
        new(State.DueAt, RolloutProgress.Of(State.Members.Values.Select(RolloutMemberProgress.Decode), State.DueAt, Time.GetUtcNow()));
}
