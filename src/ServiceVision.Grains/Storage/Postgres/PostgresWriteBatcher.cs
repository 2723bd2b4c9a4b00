using System.Threading.Channels;
using Npgsql;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>
/// Group commit for state writes: writes that arrive while others are on their way to the server
/// travel together in one <see cref="NpgsqlBatch"/> (one round trip, one commit) instead of one round
/// trip each, and their updates in one statement (<see cref="PostgresStateWrites.Updates"/>). A write
/// that finds no batch in flight leaves at once, so a quiet store adds no delay.
/// </summary>
/// <remarks>
/// Each statement answers which of its writes changed their state row, so a stale write in a batch
/// simply fails alone and the others still commit. An error in a batch (a deadlock with another
/// host, a lost connection) rolls the whole batch back; its writes are then run one by one so each
/// gets its own outcome.
/// </remarks>
internal sealed class PostgresWriteBatcher
{
    /// <summary>State JSON of this many characters or more is written on its own connection, outside the batches.</summary>
    public const int LargeWrite = 64 * 1024;

    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresStateWrites statements;
    private readonly int writers;
    private readonly int maxBatch;
    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>();
    private int running;

    /// <param name="writers">
    /// Batches in flight at once (connections used for writing). One by default: writes that arrive while
    /// a batch is on its way wait for it and leave together in the next one, and on a busy store one
    /// larger batch costs PostgreSQL less per write than two smaller ones side by side (measured in bench/).
    /// </param>
    /// <param name="maxBatch">The most writes one batch carries.</param>
    public PostgresWriteBatcher(NpgsqlDataSource dataSource, PostgresStateWrites statements, int writers = 1, int maxBatch = 128)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(writers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        this.dataSource = dataSource;
        this.statements = statements;
        this.writers = writers;
        this.maxBatch = maxBatch;
    }

    /// <summary>Runs <paramref name="write"/>; answers whether it changed the state row (false: the version was stale).</summary>
    public Task<bool> ExecuteAsync(StateWrite write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite(write, cancellationToken);
        if (write.Json.Length >= LargeWrite)
        {
            // A large state takes PostgreSQL long enough to hold up every small write queued behind it: it goes alone, now.
            _ = RunBatchAsync([pending]);
            return pending.Done.Task;
        }

        queue.Writer.TryWrite(pending);
        StartWriterIfNeeded();
        return pending.Done.Task;
    }

    /// <summary>Writers run only while writes wait, so an idle store holds no task or connection.</summary>
    private void StartWriterIfNeeded()
    {
        while (true)
        {
            var current = Volatile.Read(ref running);
            if (current >= writers)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref running, current + 1, current) == current)
            {
                _ = Task.Run(WriteLoopAsync);
                return;
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(maxBatch);
        while (true)
        {
            batch.Clear();
            while (batch.Count < maxBatch && queue.Reader.TryRead(out var write))
            {
                // A caller that gave up before its write left changes nothing.
                if (write.CancellationToken.IsCancellationRequested)
                {
                    write.Done.TrySetCanceled(write.CancellationToken);
                }
                else
                {
                    batch.Add(write);
                }
            }

            if (batch.Count == 0)
            {
                Interlocked.Decrement(ref running);

                // A write queued after the queue looked empty but before the decrement saw every writer busy: serve it.
                if (queue.Reader.TryPeek(out _))
                {
                    StartWriterIfNeeded();
                }

                return;
            }

            await RunBatchAsync(batch);
        }
    }

    private async Task RunBatchAsync(List<PendingWrite> batch)
    {
        try
        {
            var results = await RunAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var write in batch)
            {
                await RunBatchAsync([write]);
            }
        }
        catch (Exception error)
        {
            batch[0].Done.TrySetException(error);
        }
    }

    private async Task<bool[]> RunAsync(List<PendingWrite> writes)
    {
        // Several updates share one statement; every other write is a statement of its own.
        var updates = writes.Where(w => w.Write.ExpectedVersion > 0).Select(w => w.Write).ToList();
        var shareUpdates = updates.Count > 1;
        bool InShared(PendingWrite write) => shareUpdates && write.Write.ExpectedVersion > 0;

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var write in writes.Where(w => !InShared(w)))
        {
            batch.BatchCommands.Add(statements.One(write.Write));
        }

        if (shareUpdates)
        {
            batch.BatchCommands.Add(statements.Updates(updates));
        }

        var stored = new bool[writes.Count];
        var results = 0;
        await using var reader = await batch.ExecuteReaderAsync();
        for (var i = 0; i < writes.Count; i++)
        {
            if (!InShared(writes[i]))
            {
                if (results++ > 0)
                {
                    await reader.NextResultAsync();
                }

                stored[i] = await reader.ReadAsync() && reader.GetInt64(0) == 1;
            }
        }

        if (shareUpdates)
        {
            if (results > 0)
            {
                await reader.NextResultAsync();
            }

            // The shared statement answers the 1-based positions (in `updates`) of the writes that changed their row.
            var changed = new HashSet<long>();
            while (await reader.ReadAsync())
            {
                changed.Add(reader.GetInt64(0));
            }

            var position = 0;
            for (var i = 0; i < writes.Count; i++)
            {
                if (InShared(writes[i]))
                {
                    stored[i] = changed.Contains(++position);
                }
            }
        }

        return stored;
    }

    private sealed class PendingWrite(StateWrite write, CancellationToken cancellationToken)
    {
        public StateWrite Write { get; } = write;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
