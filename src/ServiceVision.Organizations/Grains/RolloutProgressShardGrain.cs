using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// The members of one shard of a rollout's progress (a few hundred). Started once by the rollout's
/// progress grain, then moved forward by the training events of its members; an event that moves
/// nobody writes nothing. Calls no other grain, so any grain may call it.
/// </summary>
public sealed class RolloutProgressShardGrain : Grain<RolloutProgressShardState>, IRolloutProgressShardGrain
{
    public async Task Init(RolloutShardLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (RecordExists)
        {
            return;
        }

        if (GrainKey != RolloutKeys.ProgressShard(TenantId, launch.RolloutId, launch.Index))
        {
            throw new ArgumentException($"Shard {launch.Index} of rollout {launch.RolloutId} does not belong in {GrainKey}.", nameof(launch));
        }

        var pending = RolloutMemberProgress.Pending.Encode();
        var members = new Dictionary<string, string>(launch.MemberIds.Count, StringComparer.Ordinal);
        foreach (var id in launch.MemberIds)
        {
            members.TryAdd(id, pending);
        }

        // A shard without members is stored too (a tiny rollout may leave one empty): the layout says it exists.
        State = new RolloutProgressShardState { RolloutId = launch.RolloutId, Index = launch.Index, Members = members };
        await WriteStateAsync();
    }

    public async Task<RolloutShardRecorded> Record(IReadOnlyList<RolloutMemberUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (!RecordExists)
        {
            return new RolloutShardRecorded(0, false, RolloutTally.Empty);
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
            await WriteStateAsync();
        }

        var tally = Tally();
        return new RolloutShardRecorded(moved, tally.IsComplete, tally);
    }

    public Task<RolloutTally> GetTally() => Task.FromResult(RecordExists ? Tally() : RolloutTally.Empty);

    public Task<IReadOnlyList<RolloutMemberEntry>> GetMembers() =>
        Task.FromResult<IReadOnlyList<RolloutMemberEntry>>([.. State.Members.Select(m => new RolloutMemberEntry(m.Key, RolloutMemberProgress.Decode(m.Value)))]);

    private RolloutTally Tally() => RolloutTally.Of(State.Members.Values.Select(RolloutMemberProgress.Decode));
}
