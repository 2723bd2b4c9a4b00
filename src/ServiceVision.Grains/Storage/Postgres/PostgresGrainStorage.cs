using Npgsql;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>
/// Grain state in <c>{schema}.grain_state</c>. Each write is conditional on the version and atomic
/// with its outbox rows (<see cref="PostgresStateWrites"/>); concurrent writes share round trips,
/// statements and commits (<see cref="PostgresWriteBatcher"/>). The JSON is stored as jsonb: it reads
/// back equivalent, not byte-identical (PostgreSQL normalizes whitespace and key order).
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage
{
    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresWriteBatcher writes;
    private readonly string readSql;
    private readonly string deleteSql;

    /// <param name="outboxOwner">
    /// This host's claim on outbox rows, shared with its <see cref="PostgresOutboxStore"/>: while its relay
    /// runs, messages are inserted already claimed by it. Null: messages are inserted unclaimed.
    /// </param>
    public PostgresGrainStorage(NpgsqlDataSource dataSource, string schema = PostgresSchema.Default, PostgresOutboxOwner? outboxOwner = null)
    {
        this.dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        writes = new PostgresWriteBatcher(dataSource, new PostgresStateWrites(schema, outboxOwner));
        var table = PostgresSchema.Quote(schema) + ".grain_state";
        readSql = $"SELECT json, version FROM {table} WHERE grain_type = @type AND grain_key = @key";
        deleteSql = $"DELETE FROM {table} WHERE grain_type = @type AND grain_key = @key AND version = @expected";
    }

    public async Task<StoredState?> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default)
    {
        await using var command = Command(readSql, grainType, grainKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredState(reader.GetString(0), reader.GetInt64(1)) : null;
    }

    public Task<long> WriteAsync(string grainType, string grainKey, string json, long expectedVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(grainType, grainKey, json, expectedVersion, outbox: null, cancellationToken);

    public async Task<long> WriteAsync(string grainType, string grainKey, string json, long expectedVersion, IReadOnlyList<OutboxMessage>? outbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(grainKey);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);

        // Checked here, so a bad write fails alone instead of failing the batch it would travel in.
        foreach (var message in outbox ?? [])
        {
            ArgumentNullException.ThrowIfNull(message);
        }

        var stored = await writes.ExecuteAsync(new StateWrite(grainType, grainKey, json, expectedVersion, outbox ?? []), cancellationToken);
        return stored ? expectedVersion + 1 : throw new InconsistentStateException(grainType, grainKey, expectedVersion);
    }

    public async Task ClearAsync(string grainType, string grainKey, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);

        if (expectedVersion == 0)
        {
            // Nothing was written, so nothing to delete; a row that exists now was written by someone else.
            if (await ReadAsync(grainType, grainKey, cancellationToken) is not null)
            {
                throw new InconsistentStateException(grainType, grainKey, expectedVersion);
            }

            return;
        }

        await using var command = Command(deleteSql, grainType, grainKey, expectedVersion);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InconsistentStateException(grainType, grainKey, expectedVersion);
        }
    }

    private NpgsqlCommand Command(string sql, string grainType, string grainKey, long? expectedVersion = null)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(grainKey);
        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("type", grainType);
        command.Parameters.AddWithValue("key", grainKey);
        if (expectedVersion is { } expected)
        {
            command.Parameters.AddWithValue("expected", expected);
        }

        return command;
    }
}
