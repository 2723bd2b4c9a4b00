using Microsoft.Data.Sqlite;

namespace ServiceVision.Grains.Storage.Sqlite;

/// <summary>
/// Reminders in the <c>reminders</c> table of a SQLite file. Due times are stored as UTC unix
/// milliseconds, so entries come back at millisecond precision in UTC.
/// </summary>
public sealed class SqliteReminderTable(SqliteStore store) : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, due_at, period_ms, etag";
    private const string Key = "grain_type = @type AND grain_key = @key AND name = @name";

    private readonly SqliteStore store = store ?? throw new ArgumentNullException(nameof(store));

    public async Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var stored = StoredReminders.Normalize(entry) with { ETag = StoredReminders.NewETag() };
        await store.ExecuteAsync(
            $"""
            INSERT INTO reminders ({Columns}) VALUES (@type, @key, @name, @due, @period, @etag)
            ON CONFLICT (grain_type, grain_key, name)
            DO UPDATE SET due_at = excluded.due_at, period_ms = excluded.period_ms, etag = excluded.etag
            """,
            cancellationToken,
            ("@type", stored.GrainType),
            ("@key", stored.GrainKey),
            ("@name", stored.Name),
            ("@due", stored.DueAt.ToUnixTimeMilliseconds()),
            ("@period", StoredReminders.PeriodMilliseconds(stored.Period)),
            ("@etag", stored.ETag));
        return stored;
    }

    public async Task<bool> RemoveAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default) =>
        await store.ExecuteAsync(
            $"DELETE FROM reminders WHERE {Key}",
            cancellationToken,
            ("@type", grainType),
            ("@key", grainKey),
            ("@name", name)) == 1;

    public async Task<ReminderEntry?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
    {
        var entries = await store.QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE {Key}",
            Read,
            cancellationToken,
            ("@type", grainType),
            ("@key", grainKey),
            ("@name", name));
        return entries.Count == 0 ? null : entries[0];
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadForGrainAsync(string grainType, string grainKey, CancellationToken cancellationToken = default) =>
        store.QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE grain_type = @type AND grain_key = @key ORDER BY name",
            Read,
            cancellationToken,
            ("@type", grainType),
            ("@key", grainKey));

    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return store.QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE due_at <= @until ORDER BY due_at, grain_type, grain_key, name LIMIT @limit",
            Read,
            cancellationToken,
            ("@until", until.ToUnixTimeMilliseconds()),
            ("@limit", limit));
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, int limit, IReadOnlyCollection<string> grainTypes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentNullException.ThrowIfNull(grainTypes);

        // The types travel as one JSON array parameter: no SQL is built from their values.
        return store.QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE due_at <= @until AND grain_type IN (SELECT value FROM json_each(@types)) ORDER BY due_at, grain_type, grain_key, name LIMIT @limit",
            Read,
            cancellationToken,
            ("@until", until.ToUnixTimeMilliseconds()),
            ("@types", System.Text.Json.JsonSerializer.Serialize(grainTypes)),
            ("@limit", limit));
    }

    public async Task<ReminderEntry?> TryRescheduleAsync(ReminderEntry entry, DateTimeOffset newDueAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var moved = StoredReminders.Normalize(entry with { DueAt = newDueAt }) with { ETag = StoredReminders.NewETag() };
        var rows = await store.ExecuteAsync(
            $"UPDATE reminders SET due_at = @due, etag = @etag WHERE {Key} AND etag = @expected",
            cancellationToken,
            ("@type", entry.GrainType),
            ("@key", entry.GrainKey),
            ("@name", entry.Name),
            ("@expected", entry.ETag),
            ("@due", moved.DueAt.ToUnixTimeMilliseconds()),
            ("@etag", moved.ETag));
        return rows == 1 ? moved : null;
    }

    public async Task<bool> TryRemoveAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await store.ExecuteAsync(
            $"DELETE FROM reminders WHERE {Key} AND etag = @expected",
            cancellationToken,
            ("@type", entry.GrainType),
            ("@key", entry.GrainKey),
            ("@name", entry.Name),
            ("@expected", entry.ETag)) == 1;
    }

    private static ReminderEntry Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        reader.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(4)),
        reader.GetString(5));
}
