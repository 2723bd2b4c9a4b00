using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains.Storage;
using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private readonly SqliteTestFiles files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddSqliteGrainStorage_registers_singletons_that_share_one_file()
    {
        var path = files.Open("registered").ConnectionString;
        await using var services = new ServiceCollection().AddSqliteGrainStorage(path).BuildServiceProvider();

        await AssertStoreWorksAsync(services);
        Assert.Same(services.GetRequiredService<IGrainStorage>(), services.GetRequiredService<IGrainStorage>());
    }

    [Fact]
    public async Task AddPostgresGrainStorage_with_a_connection_string_uses_the_given_schema()
    {
        await using var services = new ServiceCollection()
            .AddPostgresGrainStorage(database.Database.ConnectionString, schema: "by_connection_string")
            .BuildServiceProvider();

        await AssertStoreWorksAsync(services);
        await using var command = database.Database.DataSource.CreateCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'by_connection_string'");
        Assert.Equal(4L, await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task AddPostgresGrainStorage_with_a_data_source_leaves_disposing_it_to_its_owner()
    {
        await using (var services = new ServiceCollection()
            .AddPostgresGrainStorage(database.Database.DataSource, schema: "by_data_source")
            .BuildServiceProvider())
        {
            await AssertStoreWorksAsync(services);
        }

        await using var command = database.Database.DataSource.CreateCommand("SELECT 1");
        Assert.Equal(1, await command.ExecuteScalarAsync(Ct));
    }

    public void Dispose() => files.Dispose();

    private static async Task AssertStoreWorksAsync(IServiceProvider services)
    {
        foreach (var initializer in services.GetServices<IStorageInitializer>())
        {
            await initializer.InitializeAsync(Ct);
        }

        Assert.Equal(1, await services.GetRequiredService<IGrainStorage>().WriteAsync("CounterGrain", "k", "{}", 0, Ct));
        var reminder = await services.GetRequiredService<IReminderTable>()
            .UpsertAsync(new ReminderEntry("CounterGrain", "k", "tick", DateTimeOffset.UnixEpoch, null), Ct);
        Assert.Equal([reminder], await services.GetRequiredService<IReminderTable>().ReadDueAsync(DateTimeOffset.UnixEpoch, 10, Ct));

        var message = new OutboxMessage(Guid.NewGuid(), "Test.Pinged", "{}", "k", DateTimeOffset.UnixEpoch);
        Assert.Equal(2, await services.GetRequiredService<IGrainStorage>().WriteAsync("CounterGrain", "k", "{}", 1, [message], Ct));
        var outbox = services.GetRequiredService<IOutboxStore>();
        Assert.Same(outbox, services.GetRequiredService<IOutboxStore>());
        Assert.Equal([message], await outbox.ReadPendingAsync(10, Ct));
        Assert.True(await services.GetRequiredService<IProcessedMessages>().TryMarkAsync("consumer", message.MessageId, Ct));
    }
}
