using Microsoft.Data.Sqlite;
using ServiceVision.Grains.Storage.Sqlite;
using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

public sealed class SqliteGrainStorageTests : GrainStorageContract
{
    private readonly SqliteTestFiles files = new();

    protected override StoreUnderTest Connect(string location) => files.Connect(location);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        files.Dispose();
    }

    [Fact]
    public async Task The_initializer_switches_the_file_to_WAL_so_readers_do_not_block_the_writer()
    {
        var store = files.Open(NewLocation());
        await new SqliteStorageInitializer(store).InitializeAsync(Ct);

        var journalMode = await store.QueryAsync("PRAGMA journal_mode", reader => reader.GetString(0), Ct);
        Assert.Equal(["wal"], journalMode);
    }

    [Fact]
    public async Task A_missing_folder_of_the_data_source_is_created()
    {
        var store = files.Open(Path.Combine("nested", "data", NewLocation()));
        var grains = new SqliteGrainStorage(store);

        await new SqliteStorageInitializer(store).InitializeAsync(Ct);

        Assert.Equal(1, await grains.WriteAsync("CounterGrain", "k", "{}", 0, Ct));
        Assert.True(File.Exists(new SqliteConnectionStringBuilder(store.ConnectionString).DataSource));
    }
}
