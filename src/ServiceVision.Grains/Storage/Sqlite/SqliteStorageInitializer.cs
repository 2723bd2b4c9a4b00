namespace ServiceVision.Grains.Storage.Sqlite;

/// <summary>Creates the SQLite tables and switches the file to WAL mode; safe to run again.</summary>
public sealed class SqliteStorageInitializer(SqliteStore store) : IStorageInitializer
{
    private readonly SqliteStore store = store ?? throw new ArgumentNullException(nameof(store));

    // Times and periods are integer milliseconds (due_at: UTC unix ms) so that they compare and sort as numbers.
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            json TEXT NOT NULL,
            version INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS reminders (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            name TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            period_ms INTEGER NULL,
            etag TEXT NOT NULL,
            PRIMARY KEY (grain_type, grain_key, name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS reminders_due_at ON reminders (due_at);
        CREATE TABLE IF NOT EXISTS outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL UNIQUE,
            message_type TEXT NOT NULL,
            body TEXT NOT NULL,
            organization_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            claimed_by TEXT NULL,
            claimed_until INTEGER NULL,
            trace_parent TEXT NULL
        );
        CREATE TABLE IF NOT EXISTS processed_messages (
            consumer TEXT NOT NULL,
            message_id TEXT NOT NULL,
            processed_at INTEGER NOT NULL,
            PRIMARY KEY (consumer, message_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS processed_messages_processed_at ON processed_messages (processed_at);
        """;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await store.ExecuteAsync(Schema, cancellationToken);

        // Files created before the outbox carried trace context get the column (SQLite has no ADD COLUMN IF NOT EXISTS).
        var traced = await store.QueryAsync(
            "SELECT count(*) FROM pragma_table_info('outbox') WHERE name = 'trace_parent'", reader => reader.GetInt64(0), cancellationToken);
        if (traced[0] == 0)
        {
            try
            {
                await store.ExecuteAsync("ALTER TABLE outbox ADD COLUMN trace_parent TEXT NULL", cancellationToken);
            }
            catch (Microsoft.Data.Sqlite.SqliteException error) when (error.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
            {
                // Another process on the same file added it first.
            }
        }
    }
}
