using Npgsql;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>
/// Group commit for state writes (<see cref="PostgresGroupCommit{TItem, TResult}"/>): concurrent writes
/// travel together in one <see cref="NpgsqlBatch"/> and their updates in one statement
/// (<see cref="PostgresStateWrites.Updates"/>).
/// </summary>
/// <remarks>
/// Each statement answers which of its writes changed their state row, so a stale write in a batch
/// simply fails alone and the others still commit.
/// </remarks>
internal sealed class PostgresWriteBatcher
{
    /// <summary>State JSON of this many characters or more is written on its own connection, outside the batches.</summary>
    public const int LargeWrite = 64 * 1024;

    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresStateWrites statements;
    private readonly PostgresGroupCommit<StateWrite, bool> batches;

    public PostgresWriteBatcher(NpgsqlDataSource dataSource, PostgresStateWrites statements)
    {
        this.dataSource = dataSource;
        this.statements = statements;
        batches = new PostgresGroupCommit<StateWrite, bool>(RunAsync);
    }

    /// <summary>Runs <paramref name="write"/>; answers whether it changed the state row (false: the version was stale).</summary>
    public Task<bool> ExecuteAsync(StateWrite write, CancellationToken cancellationToken)
    {
        // A large state takes PostgreSQL long enough to hold up every small write queued behind it: it goes alone, now.
        return write.Json.Length >= LargeWrite ? batches.ExecuteAloneAsync(write, cancellationToken) : batches.ExecuteAsync(write, cancellationToken);
    }

    private async Task<bool[]> RunAsync(List<StateWrite> writes)
    {
        // Several updates share one statement; every other write is a statement of its own.
        var updates = writes.Where(w => w.ExpectedVersion > 0).ToList();
        var shareUpdates = updates.Count > 1;
        bool InShared(StateWrite write) => shareUpdates && write.ExpectedVersion > 0;

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var write in writes.Where(w => !InShared(w)))
        {
            batch.BatchCommands.Add(statements.One(write));
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
}
