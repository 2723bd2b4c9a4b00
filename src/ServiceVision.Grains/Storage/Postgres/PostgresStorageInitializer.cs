using Npgsql;

namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>Creates the schema and tables in PostgreSQL; safe to run again, and from several hosts at once.</summary>
public sealed class PostgresStorageInitializer : IStorageInitializer
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string ddl;

    public PostgresStorageInitializer(NpgsqlDataSource dataSource, string schema = PostgresSchema.Default)
    {
        this.dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        var s = PostgresSchema.Quote(schema);

        // "IF NOT EXISTS" is not safe against a concurrent create (it can fail on a unique index of the
        // catalog), so hosts starting together take turns on a transaction-scoped advisory lock.
        ddl = $"""
            SELECT pg_advisory_xact_lock(hashtext('ServiceVision.Grains.Storage.Postgres'));
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {s}.grain_state (
                grain_type text NOT NULL,
                grain_key text NOT NULL,
                json jsonb NOT NULL,
                version bigint NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (grain_type, grain_key)
            );
            CREATE TABLE IF NOT EXISTS {s}.reminders (
                grain_type text NOT NULL,
                grain_key text NOT NULL,
                name text NOT NULL,
                due_at timestamptz NOT NULL,
                period_ms bigint NULL,
                etag text NOT NULL,
                PRIMARY KEY (grain_type, grain_key, name)
            );
            CREATE INDEX IF NOT EXISTS reminders_due_at ON {s}.reminders (due_at);
            CREATE TABLE IF NOT EXISTS {s}.outbox (
                message_id uuid PRIMARY KEY,
                seq bigint GENERATED ALWAYS AS IDENTITY,
                message_type text NOT NULL,
                body text NOT NULL,
                organization_id text NOT NULL,
                created_at timestamptz NOT NULL,
                claimed_by text NULL,
                claimed_until timestamptz NULL,
                trace_parent text NULL
            );
            ALTER TABLE {s}.outbox ADD COLUMN IF NOT EXISTS trace_parent text NULL;
            CREATE INDEX IF NOT EXISTS outbox_seq ON {s}.outbox (seq);
            CREATE TABLE IF NOT EXISTS {s}.processed_messages (
                consumer text NOT NULL,
                message_id uuid NOT NULL,
                processed_at timestamptz NOT NULL,
                PRIMARY KEY (consumer, message_id)
            );
            CREATE INDEX IF NOT EXISTS processed_messages_processed_at ON {s}.processed_messages (processed_at);
            """;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(ddl, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
