using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceVision.Grains;
using ServiceVision.Grains.Runtime;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Grains.Tests.Runtime;

/// <summary>
/// A write that fails because the store does not answer (a database restart) leaves no partial state:
/// the activation ends after that call, so neither a later read nor a later write sees the change.
/// </summary>
public sealed class WriteFailureTests(SqliteStoreFixture store) : IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task A_change_whose_write_failed_is_neither_read_back_nor_stored_by_the_next_write()
    {
        var flaky = new FlakyStorage();
        using var host = await StartAsync(flaky);
        var counter = host.Services.GetRequiredService<GrainRuntime>().GetGrain<ICounterGrain>($"org{Guid.NewGuid():N}");
        await counter.IncrementAndSave();

        flaky.Down = true;
        await Assert.ThrowsAsync<IOException>(counter.IncrementAndSave);
        flaky.Down = false;

        Assert.Equal(1, await counter.GetCount());
        await counter.IncrementAndSave();
        Assert.Equal(2, await counter.GetCount());
        Assert.Contains(host.Services.GetRequiredService<GrainLog>().Deactivations, d => d.Reason == DeactivationReason.WriteFailed);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private async Task<IHost> StartAsync(FlakyStorage flaky)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<GrainLog>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddGrainRuntime();
        builder.Services.AddGrain<ICounterGrain, CounterGrain>("counter");
        store.AddTo(builder.Services);

        // The store as registered, behind a switch that makes it fail like an unreachable database.
        var original = builder.Services.Last(d => d.ServiceType == typeof(IGrainStorage));
        builder.Services.Remove(original);
        builder.Services.AddSingleton<IGrainStorage>(sp =>
        {
            flaky.Inner = (IGrainStorage)(original.ImplementationInstance ?? original.ImplementationFactory!(sp));
            return flaky;
        });
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    private sealed class FlakyStorage : IGrainStorage
    {
        public IGrainStorage Inner { get; set; } = null!;

        public volatile bool Down;

        public Task<StoredState?> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default) =>
            Inner.ReadAsync(grainType, grainKey, cancellationToken);

        public Task<long> WriteAsync(string grainType, string grainKey, string json, long expectedVersion, CancellationToken cancellationToken = default) =>
            WriteAsync(grainType, grainKey, json, expectedVersion, null, cancellationToken);

        public Task<long> WriteAsync(string grainType, string grainKey, string json, long expectedVersion, IReadOnlyList<OutboxMessage>? outbox, CancellationToken cancellationToken = default) =>
            Down ? Task.FromException<long>(new IOException("The store does not answer.")) : Inner.WriteAsync(grainType, grainKey, json, expectedVersion, outbox, cancellationToken);

        public Task ClearAsync(string grainType, string grainKey, long expectedVersion, CancellationToken cancellationToken = default) =>
            Down ? Task.FromException(new IOException("The store does not answer.")) : Inner.ClearAsync(grainType, grainKey, expectedVersion, cancellationToken);
    }
}
