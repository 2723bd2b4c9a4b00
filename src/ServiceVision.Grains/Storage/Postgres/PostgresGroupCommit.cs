using System.Threading.Channels;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>
/// Group commit: items that arrive while a batch is on its way to the server leave together in the
/// next one (one round trip, one commit) instead of one round trip each. An item that finds no batch
/// in flight leaves at once, so a quiet store adds no delay.
/// </summary>
/// <remarks>
/// <c>run</c> executes a batch and answers one result per item. When it throws for a batch of several
/// items (a deadlock with another host, a lost connection: the whole batch rolled back), each item is
/// run alone, so each caller gets its own outcome.
/// </remarks>
/// <typeparam name="TItem">What one caller asks to write.</typeparam>
/// <typeparam name="TResult">What that caller gets back.</typeparam>
internal sealed class PostgresGroupCommit<TItem, TResult>
{
    private readonly Func<List<TItem>, Task<TResult[]>> run;
    private readonly Func<TItem, object>? batchKey;
    private readonly int maxBatch;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private int running;

    /// <param name="run">Executes a batch; committed when it returns.</param>
    /// <param name="batchKey">Items with equal keys never travel in the same batch (the later one waits for the next); null: any may.</param>
    /// <param name="maxBatch">The most items one batch carries.</param>
    /// <remarks>
    /// One batch is in flight at a time: items that arrive meanwhile wait for it and leave together in the
    /// next, and on a busy store one larger batch costs PostgreSQL less per item than two smaller ones side
    /// by side (measured in bench/).
    /// </remarks>
    public PostgresGroupCommit(Func<List<TItem>, Task<TResult[]>> run, Func<TItem, object>? batchKey = null, int maxBatch = 128)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        this.run = run;
        this.batchKey = batchKey;
        this.maxBatch = maxBatch;
    }

    /// <summary>Queues <paramref name="item"/> for the next batch.</summary>
    public Task<TResult> ExecuteAsync(TItem item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(item, cancellationToken);
        queue.Writer.TryWrite(pending);
        StartWriterIfNeeded();
        return pending.Done.Task;
    }

    /// <summary>Runs <paramref name="item"/> in a batch of its own, now, beside the queue.</summary>
    public Task<TResult> ExecuteAloneAsync(TItem item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(item, cancellationToken);
        _ = RunBatchAsync([pending]);
        return pending.Done.Task;
    }

    /// <summary>The writer runs only while items wait, so an idle store holds no task or connection.</summary>
    private void StartWriterIfNeeded()
    {
        if (Interlocked.CompareExchange(ref running, 1, 0) == 0)
        {
            _ = Task.Run(WriteLoopAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(maxBatch);
        var keys = new HashSet<object>();
        while (true)
        {
            batch.Clear();
            keys.Clear();
            while (batch.Count < maxBatch && queue.Reader.TryPeek(out var next) && (batchKey is null || keys.Add(batchKey(next.Item))))
            {
                queue.Reader.TryRead(out _);

                // A caller that gave up before its item left changes nothing.
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Done.TrySetCanceled(next.CancellationToken);
                }
                else
                {
                    batch.Add(next);
                }
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref running, 0);

                // An item queued after the queue looked empty but before the writer stopped saw it running: serve it.
                if (queue.Reader.TryPeek(out _))
                {
                    StartWriterIfNeeded();
                }

                return;
            }

            await RunBatchAsync(batch);
        }
    }

    private async Task RunBatchAsync(List<Pending> batch)
    {
        try
        {
            var results = await run(batch.ConvertAll(pending => pending.Item));
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var pending in batch)
            {
                await RunBatchAsync([pending]);
            }
        }
        catch (Exception error)
        {
            batch[0].Done.TrySetException(error);
        }
    }

    private sealed class Pending(TItem item, CancellationToken cancellationToken)
    {
        public TItem Item { get; } = item;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
