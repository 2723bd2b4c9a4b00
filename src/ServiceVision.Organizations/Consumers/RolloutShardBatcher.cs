using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Consumers;

/// <summary>
/// Group commit for one progress shard: while a Record call to the shard is in flight, the updates that
/// arrive for it wait and then go together in the next call, so a burst of events costs one write of the
/// shard per call instead of one per event. Each caller still gets its answer only after its update is
/// stored (its message is acknowledged after that), and a failed call fails every update in it (each
/// message is retried). Batchers live only while they have work.
/// </summary>
internal sealed class RolloutShardBatcher
{
    /// <summary>Updates one call carries at most (a shard holds about 400 members).</summary>
    public const int MaxBatch = 500;

    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<string, RolloutShardBatcher>> Batchers = [];

    private readonly Lock gate = new();
    private readonly IRolloutProgressShardGrain shard;
    private readonly ConcurrentDictionary<string, RolloutShardBatcher> owner;
    private readonly string key;
    private List<(RolloutMemberUpdate Update, TaskCompletionSource<RolloutShardRecorded> Done)> waiting = [];
    private bool running;

    private RolloutShardBatcher(IRolloutProgressShardGrain shard, ConcurrentDictionary<string, RolloutShardBatcher> owner, string key)
    {
        this.shard = shard;
        this.owner = owner;
        this.key = key;
    }

    /// <summary>Records <paramref name="update"/> on the shard grain <paramref name="key"/>, together with the updates that arrive meanwhile.</summary>
    public static Task<RolloutShardRecorded> RecordAsync(IGrainFactory grains, string key, RolloutMemberUpdate update)
    {
        var batchers = Batchers.GetValue(grains, _ => new ConcurrentDictionary<string, RolloutShardBatcher>(StringComparer.Ordinal));
        var batcher = batchers.GetOrAdd(key, k => new RolloutShardBatcher(grains.GetGrain<IRolloutProgressShardGrain>(k), batchers, k));
        return batcher.EnqueueAsync(update);
    }

    private Task<RolloutShardRecorded> EnqueueAsync(RolloutMemberUpdate update)
    {
        var done = new TaskCompletionSource<RolloutShardRecorded>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (gate)
        {
            waiting.Add((update, done));
            lead = !running;
            running = true;
        }

        if (lead)
        {
            // Runs in the first caller's context (its tenant): every update of this shard belongs to the same organization.
            _ = DrainAsync();
        }

        return done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(RolloutMemberUpdate Update, TaskCompletionSource<RolloutShardRecorded> Done)> batch;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    running = false;

                    // Idle: leave the registry. A caller holding this instance still works (it starts a drain of its own).
                    owner.TryRemove(new KeyValuePair<string, RolloutShardBatcher>(key, this));
                    return;
                }

                if (waiting.Count <= MaxBatch)
                {
                    batch = waiting;
                    waiting = [];
                }
                else
                {
                    batch = waiting[..MaxBatch];
                    waiting.RemoveRange(0, MaxBatch);
                }
            }

            try
            {
                var recorded = await shard.Record([.. batch.Select(b => b.Update)]);
                foreach (var (_, done) in batch)
                {
                    done.TrySetResult(recorded);
                }
            }
            catch (Exception error)
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(error);
                }
            }
        }
    }
}
