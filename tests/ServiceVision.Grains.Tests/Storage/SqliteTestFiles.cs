using Microsoft.Data.Sqlite;
using ServiceVision.Grains.Storage.Sqlite;
using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

/// <summary>A temporary folder of SQLite files for one test, deleted when the test ends.</summary>
public sealed class SqliteTestFiles : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "sv-sqlite-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteStore> stores = [];

    /// <summary>
    /// Services over the file named <paramref name="location"/>; each call is a host of its own. Outbox
    /// claims last <paramref name="outboxLease"/> (default 30 s).
    /// </summary>
    public StoreUnderTest Connect(string location, TimeSpan? outboxLease = null)
    {
        var store = Open(location);
        return new StoreUnderTest(
            new SqliteGrainStorage(store),
            new SqliteReminderTable(store),
            new SqliteStorageInitializer(store),
            new SqliteOutboxStore(store, claimLease: outboxLease),
            new SqliteProcessedMessages(store));
    }

    /// <summary>A store over the file named <paramref name="location"/> (a relative path in the test's folder).</summary>
    public SqliteStore Open(string location)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, location + ".db") }.ToString();
        var store = new SqliteStore(connectionString);
        lock (stores)
        {
            stores.Add(store);
        }

        return store;
    }

    public void Dispose()
    {
        foreach (var store in stores)
        {
            // Pooled connections keep the file open; close them before deleting it.
            using (var connection = new SqliteConnection(store.ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            store.Dispose();
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
