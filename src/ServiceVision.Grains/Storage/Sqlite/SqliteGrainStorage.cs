namespace ServiceVision.Grains.Storage.Sqlite;

/// <summary>Grain state in the <c>grain_state</c> table of a SQLite file, with versioned writes.</summary>
public sealed class SqliteGrainStorage(SqliteStore store) : IGrainStorage
{
    private readonly SqliteStore store = store ?? throw new ArgumentNullException(nameof(store));

    public async Task<StoredState?> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default)
    {
        var rows = await store.QueryAsync(
            "SELECT json, version FROM grain_state WHERE grain_type = @type AND grain_key = @key",
            reader => new StoredState(reader.GetString(0), reader.GetInt64(1)),
            cancellationToken,
            ("@type", grainType),
            ("@key", grainKey));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<long> WriteAsync(string grainType, string grainKey, string json, long expectedVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(grainType, grainKey, json, expectedVersion, outbox: null, cancellationToken);

    public async Task<long> WriteAsync(string grainType, string grainKey, string json, long expectedVersion, IReadOnlyList<OutboxMessage>? outbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);

        // Version 0 means "no row yet": an insert that finds a row has lost the race, like an update that finds another version.
        var sql = expectedVersion == 0
            ? """
              INSERT INTO grain_state (grain_type, grain_key, json, version, updated_at)
              VALUES (@type, @key, @json, 1, @now)
              ON CONFLICT (grain_type, grain_key) DO NOTHING
              """
            : """
              UPDATE grain_state SET json = @json, version = version + 1, updated_at = @now
              WHERE grain_type = @type AND grain_key = @key AND version = @expected
              """;
        (string, object?)[] parameters =
        [
            ("@type", grainType),
            ("@key", grainKey),
            ("@json", json),
            ("@expected", expectedVersion),
            ("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
        ];

        if (outbox is not { Count: > 0 })
        {
            var rows = await store.ExecuteAsync(sql, cancellationToken, parameters);
            return rows == 1 ? expectedVersion + 1 : throw new InconsistentStateException(grainType, grainKey, expectedVersion);
        }

        // The state row and the messages commit together; a stale write throws inside the transaction, which rolls it back.
        return await store.InTransactionAsync(
            async (connection, transaction) =>
            {
                await using (var write = SqliteStore.CreateCommand(connection, transaction, sql, parameters))
                {
                    if (await write.ExecuteNonQueryAsync(cancellationToken) != 1)
                    {
                        throw new InconsistentStateException(grainType, grainKey, expectedVersion);
                    }
                }

                await SqliteOutboxStore.InsertAsync(connection, transaction, outbox, cancellationToken);
                return expectedVersion + 1;
            },
            cancellationToken);
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

        var rows = await store.ExecuteAsync(
            "DELETE FROM grain_state WHERE grain_type = @type AND grain_key = @key AND version = @expected",
            cancellationToken,
            ("@type", grainType),
            ("@key", grainKey),
            ("@expected", expectedVersion));
        if (rows != 1)
        {
            throw new InconsistentStateException(grainType, grainKey, expectedVersion);
        }
    }
}
