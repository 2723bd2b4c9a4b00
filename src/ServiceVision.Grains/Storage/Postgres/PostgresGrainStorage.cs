using Npgsql;
using NpgsqlTypes;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>
/// Grain state in <c>{schema}.grain_state</c>. Each write is one conditional statement, so it stays
/// atomic across hosts; concurrent writes share round trips and commits (<see cref="PostgresWriteBatcher"/>). The JSON is stored as jsonb: it reads back equivalent, not byte-identical
/// (PostgreSQL normalizes whitespace and key order).
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage
{
    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresOutboxOwner? outboxOwner;
    private readonly PostgresWriteBatcher writes;
    private readonly string readSql;
    private readonly string insertSql;
    private readonly string updateSql;
    private readonly string deleteSql;
    private readonly string insertWithOutboxSql;
    private readonly string updateWithOutboxSql;
    private readonly string insertWithMessageSql;
    private readonly string updateWithMessageSql;

    /// <param name="outboxOwner">
    /// This host's claim on outbox rows, shared with its <see cref="PostgresOutboxStore"/>: while its relay
    /// runs, messages are inserted already claimed by it. Null: messages are inserted unclaimed.
    /// </param>
    public PostgresGrainStorage(NpgsqlDataSource dataSource, string schema = PostgresSchema.Default, PostgresOutboxOwner? outboxOwner = null)
    {
        this.dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        this.outboxOwner = outboxOwner;
        writes = new PostgresWriteBatcher(dataSource);
        var table = PostgresSchema.Quote(schema) + ".grain_state";
        readSql = $"SELECT json, version FROM {table} WHERE grain_type = @type AND grain_key = @key";

        // A first write that meets an existing row affects nothing instead of failing, so no error ends up in the server log.
        insertSql = $"""
            INSERT INTO {table} (grain_type, grain_key, json, version, updated_at)
            VALUES (@type, @key, @json, 1, now())
            ON CONFLICT (grain_type, grain_key) DO NOTHING
            """;

        // A concurrent update of the same row waits for the row lock, then re-checks the version and affects nothing.
        updateSql = $"""
            UPDATE {table} SET json = @json, version = version + 1, updated_at = now()
            WHERE grain_type = @type AND grain_key = @key AND version = @expected
            """;
        deleteSql = $"DELETE FROM {table} WHERE grain_type = @type AND grain_key = @key AND version = @expected";

        // With messages: one statement, so one atomic unit. The outbox insert runs only when the state
        // statement affected its row, and the statement answers how many state rows it changed.
        var outbox = PostgresSchema.Quote(schema) + ".outbox";
        var withOutbox = $"""
            ), o AS (
                INSERT INTO {outbox} (message_id, message_type, body, organization_id, created_at, trace_parent, claimed_by, claimed_until)
                SELECT m.id, m.type, m.body, m.organization, m.created, m.trace, @claimedBy, now() + @claimLease
                FROM unnest(@ids, @types, @bodies, @organizations, @created, @traces) WITH ORDINALITY AS m(id, type, body, organization, created, trace, ord)
                WHERE EXISTS (SELECT 1 FROM s)
                ORDER BY m.ord
            )
            SELECT count(*) FROM s
            """;
        insertWithOutboxSql = $"WITH s AS (\n{insertSql}\nRETURNING 1\n{withOutbox}";
        updateWithOutboxSql = $"WITH s AS (\n{updateSql}\nRETURNING 1\n{withOutbox}";

        // Most writes carry one message: plain parameters spare encoding and unnesting six arrays.
        var withOneMessage = $"""
            ), o AS (
                INSERT INTO {outbox} (message_id, message_type, body, organization_id, created_at, trace_parent, claimed_by, claimed_until)
                SELECT @id, @messageType, @body, @organization, @created, @trace, @claimedBy, now() + @claimLease
                WHERE EXISTS (SELECT 1 FROM s)
            )
            SELECT count(*) FROM s
            """;
        insertWithMessageSql = $"WITH s AS (\n{insertSql}\nRETURNING 1\n{withOneMessage}";
        updateWithMessageSql = $"WITH s AS (\n{updateSql}\nRETURNING 1\n{withOneMessage}";

        // Every write answers the state rows it changed as a result row, so writes can share a batch.
        insertSql = $"WITH s AS (\n{insertSql}\nRETURNING 1\n)\nSELECT count(*) FROM s";
        updateSql = $"WITH s AS (\n{updateSql}\nRETURNING 1\n)\nSELECT count(*) FROM s";
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
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);

        var messages = outbox?.Count ?? 0;
        var command = new NpgsqlBatchCommand((expectedVersion == 0, messages) switch
        {
            (true, 0) => insertSql,
            (true, 1) => insertWithMessageSql,
            (true, _) => insertWithOutboxSql,
            (false, 0) => updateSql,
            (false, 1) => updateWithMessageSql,
            (false, _) => updateWithOutboxSql,
        });
        command.Parameters.AddWithValue("type", grainType);
        command.Parameters.AddWithValue("key", grainKey);
        if (expectedVersion != 0)
        {
            command.Parameters.AddWithValue("expected", expectedVersion);
        }

        command.Parameters.Add(new NpgsqlParameter("json", NpgsqlDbType.Jsonb) { Value = json });
        if (messages > 0)
        {
            // Claimed by this host when its relay runs (null + interval is null: unclaimed otherwise).
            var claiming = outboxOwner is { ClaimsOnWrite: true };
            command.Parameters.Add(new NpgsqlParameter("claimedBy", NpgsqlDbType.Text) { Value = claiming ? outboxOwner!.Id : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("claimLease", NpgsqlDbType.Interval) { Value = claiming ? outboxOwner!.Lease : DBNull.Value });
        }

        if (messages == 1)
        {
            PostgresOutboxStore.AddRow(command.Parameters, outbox![0]);
        }
        else if (messages > 1)
        {
            PostgresOutboxStore.AddRows(command.Parameters, outbox!);
        }

        var rows = await writes.ExecuteAsync(command, cancellationToken);
        return rows == 1 ? expectedVersion + 1 : throw new InconsistentStateException(grainType, grainKey, expectedVersion);
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
