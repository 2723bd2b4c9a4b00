using ServiceVision.Grains.Storage.Postgres;
using ServiceVision.Testing;
using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

/// <summary>
/// One fresh PostgreSQL database per test class; each test then works in a schema of its own.
/// Fails (never skips) when SV_TEST_POSTGRES is not set.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresTestDatabase? database;

    public PostgresTestDatabase Database => database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    /// <summary>Services over the schema named <paramref name="schema"/>; outbox claims last <paramref name="outboxLease"/> (default 30 s).</summary>
    public StoreUnderTest Connect(string schema, TimeSpan? outboxLease = null)
    {
        // One host: its grain store and its outbox share the claim, as AddPostgresGrainStorage composes them.
        var owner = new PostgresOutboxOwner(outboxLease);
        return new(
            new PostgresGrainStorage(Database.DataSource, schema, owner),
            new PostgresReminderTable(Database.DataSource, schema),
            new PostgresStorageInitializer(Database.DataSource, schema),
            new PostgresOutboxStore(Database.DataSource, owner, schema),
            new PostgresProcessedMessages(Database.DataSource, schema));
    }

    public async ValueTask InitializeAsync() => database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
