using System.Threading.Channels;
using Npgsql;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>
/// Group commit for state writes: writes that arrive while others are on their way to the server
/// travel together in one <see cref="NpgsqlBatch"/> (one round trip, one commit) instead of one round
/// trip each. A write that finds no batch in flight leaves at once, so a quiet store adds no delay.
/// </summary>
/// <remarks>
/// Each write is a single statement that answers how many state rows it changed, so a stale write in
/// a batch simply answers 0 and the others still commit. An error in a batch (a deadlock with another
/// host, a lost connection) rolls the whole batch back; its writes are then run one by one so each
/// gets its own outcome.
/// </remarks>
internal sealed class PostgresWriteBatcher
{
    private readonly NpgsqlDataSource dataSource;
    private readonly int writers;
    private readonly int maxBatch;
    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>();
    private int running;

    /// <param name="writers">Batches in flight at once (connections used for writing).</param>
    /// <param name="maxBatch">The most writes one batch carries.</param>
    public PostgresWriteBatcher(NpgsqlDataSource dataSource, int writers = 2, int maxBatch = 128)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(writers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        this.dataSource = dataSource;
        this.writers = writers;
        this.maxBatch = maxBatch;
    }

    /// <summary>Runs <paramref name="command"/> (one statement returning one row with one bigint) and answers that number.</summary>
    public Task<long> ExecuteAsync(NpgsqlBatchCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingWrite(command, cancellationToken);
        queue.Writer.TryWrite(write);
        StartWriterIfNeeded();
        return write.Done.Task;
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

    private async Task<long[]> RunAsync(List<PendingWrite> writes)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var write in writes)
        {
            batch.BatchCommands.Add(write.Command);
        }

        var results = new long[writes.Count];
        try
        {
            await using var reader = await batch.ExecuteReaderAsync();
            for (var i = 0; i < writes.Count; i++)
            {
                if (i > 0)
                {
                    await reader.NextResultAsync();
                }

                results[i] = await reader.ReadAsync() ? reader.GetInt64(0) : 0;
            }
        }
        finally
        {
            // A batch command can belong to one batch only: a retry on its own needs it back.
            batch.BatchCommands.Clear();
        }

        return results;
    }

    private sealed class PendingWrite(NpgsqlBatchCommand command, CancellationToken cancellationToken)
    {
        public NpgsqlBatchCommand Command { get; } = command;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
