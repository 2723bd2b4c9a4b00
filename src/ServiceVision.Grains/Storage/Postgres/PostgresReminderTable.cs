using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>
/// Reminders in <c>{schema}.reminders</c>, shared by every host on the database. Due times come back
/// in UTC at millisecond precision (as in the SQLite store), so both stores behave the same.
/// </summary>
/// <remarks>
/// Concurrent upserts (a rollout registers two reminders per member) travel together: one set-based
/// statement per batch (<see cref="PostgresGroupCommit{TItem, TResult}"/>), never two of one reminder
/// in the same statement.
/// </remarks>
public sealed class PostgresReminderTable : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, due_at, period_ms, etag";
    private const string Key = "grain_type = @type AND grain_key = @key AND name = @name";

    private readonly NpgsqlDataSource dataSource;
    private readonly string table;
    private readonly string upsertSql;
    private readonly PostgresGroupCommit<ReminderEntry, ReminderEntry> upserts;

    public PostgresReminderTable(NpgsqlDataSource dataSource, string schema = PostgresSchema.Default)
    {
        this.dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        table = PostgresSchema.Quote(schema) + ".reminders";
        upsertSql = $"""
            INSERT INTO {table} ({Columns})
            SELECT * FROM unnest(@types, @keys, @names, @dues, @periods, @etags)
            ON CONFLICT (grain_type, grain_key, name)
            DO UPDATE SET due_at = excluded.due_at, period_ms = excluded.period_ms, etag = excluded.etag
            """;
        upserts = new PostgresGroupCommit<ReminderEntry, ReminderEntry>(UpsertAllAsync, batchKey: entry => (entry.GrainType, entry.GrainKey, entry.Name));
    }

    public Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.GrainType);
        ArgumentNullException.ThrowIfNull(entry.GrainKey);
        ArgumentNullException.ThrowIfNull(entry.Name);
        return upserts.ExecuteAsync(StoredReminders.Normalize(entry) with { ETag = StoredReminders.NewETag() }, cancellationToken);
    }

    private async Task<ReminderEntry[]> UpsertAllAsync(List<ReminderEntry> entries)
    {
        await using var command = dataSource.CreateCommand(upsertSql);
        command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entries.ConvertAll(e => e.GrainType).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entries.ConvertAll(e => e.GrainKey).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entries.ConvertAll(e => e.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("dues", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = entries.ConvertAll(e => e.DueAt).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("periods", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = entries.ConvertAll(e => StoredReminders.PeriodMilliseconds(e.Period)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("etags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entries.ConvertAll(e => e.ETag).ToArray() });
        await command.ExecuteNonQueryAsync();
        return [.. entries];
    }

    public async Task<bool> RemoveAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
    {
        await using var command = Command($"DELETE FROM {table} WHERE {Key}", grainType, grainKey, name);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<ReminderEntry?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
    {
        await using var command = Command($"SELECT {Columns} FROM {table} WHERE {Key}", grainType, grainKey, name);
        var entries = await QueryAsync(command, cancellationToken);
        return entries.Count == 0 ? null : entries[0];
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadForGrainAsync(string grainType, string grainKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(grainKey);
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM {table} WHERE grain_type = @type AND grain_key = @key ORDER BY name");
        command.Parameters.AddWithValue("type", grainType);
        command.Parameters.AddWithValue("key", grainKey);
        return await QueryAsync(command, cancellationToken);
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default) =>
        QueryDueAsync(until, limit, null, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, int limit, IReadOnlyCollection<string> grainTypes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grainTypes);
        return QueryDueAsync(until, limit, grainTypes, cancellationToken);
    }

    private async Task<IReadOnlyList<ReminderEntry>> QueryDueAsync(DateTimeOffset until, int limit, IReadOnlyCollection<string>? grainTypes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var ofTypes = grainTypes is null ? "" : "AND grain_type = ANY(@types) ";
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM {table} WHERE due_at <= @until {ofTypes}ORDER BY due_at, grain_type, grain_key, name LIMIT @limit");

        // Npgsql sends only UTC DateTimeOffsets to timestamptz.
        command.Parameters.AddWithValue("until", until.ToUniversalTime());
        command.Parameters.AddWithValue("limit", limit);
        if (grainTypes is not null)
        {
            command.Parameters.AddWithValue("types", grainTypes.ToArray());
        }

        return await QueryAsync(command, cancellationToken);
    }

    public async Task<ReminderEntry?> TryRescheduleAsync(ReminderEntry entry, DateTimeOffset newDueAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var moved = StoredReminders.Normalize(entry with { DueAt = newDueAt }) with { ETag = StoredReminders.NewETag() };

        // Of two hosts claiming with the same ETag, the second waits on the row lock, then finds a new ETag and updates nothing.
        await using var command = Command(
            $"UPDATE {table} SET due_at = @due, etag = @etag WHERE {Key} AND etag = @expected",
            entry.GrainType,
            entry.GrainKey,
            entry.Name);
        command.Parameters.AddWithValue("due", moved.DueAt);
        command.Parameters.AddWithValue("etag", moved.ETag);
        command.Parameters.AddWithValue("expected", entry.ETag);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? moved : null;
    }

    public async Task<bool> TryRemoveAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = Command($"DELETE FROM {table} WHERE {Key} AND etag = @expected", entry.GrainType, entry.GrainKey, entry.Name);
        command.Parameters.AddWithValue("expected", entry.ETag);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private NpgsqlCommand Command(string sql, string grainType, string grainKey, string name)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(grainKey);
        ArgumentNullException.ThrowIfNull(name);
        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("type", grainType);
        command.Parameters.AddWithValue("key", grainKey);
        command.Parameters.AddWithValue("name", name);
        return command;
    }

    private static async Task<IReadOnlyList<ReminderEntry>> QueryAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    private static ReminderEntry Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(4)),
        reader.GetString(5));
}
