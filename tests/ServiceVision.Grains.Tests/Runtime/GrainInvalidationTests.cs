using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceVision.Grains;
using ServiceVision.Grains.Runtime;
using ServiceVision.Testing;

namespace ServiceVision.Grains.Tests.Runtime;

/// <summary>
/// Stale activations across hosts, without a broker: two runtimes on one store stand for two hosts,
/// and the test carries what one announces (<see cref="IGrainStateChangeNotifier"/>) to the other
/// (<see cref="IGrainInvalidation"/>), as the bus does between real hosts.
/// </summary>
public sealed class GrainInvalidationTests(SqliteStoreFixture store) : IClassFixture<SqliteStoreFixture>
{
    private static string NewKey() => $"org{Guid.NewGuid():N}";

    [Fact]
    public async Task Every_committed_write_is_announced_with_the_version_it_stored()
    {
        await using var a = await Host.StartAsync(store);
        var key = NewKey();

        await a.Counter(key).IncrementAndSave();
        await a.Counter(key).IncrementAndSave();

        Assert.Equal([new GrainStateChange("counter", key, 1), new GrainStateChange("counter", key, 2)], a.Announced.Where(c => c.GrainKey == key));
    }

    [Fact]
    public async Task A_write_that_fails_on_a_stale_version_is_not_announced()
    {
        await using var a = await Host.StartAsync(store);
        await using var b = await Host.StartAsync(store);
        var key = NewKey();
        Assert.Equal(0, await b.Counter(key).GetCount());
        await a.Counter(key).IncrementAndSave();

        await Assert.ThrowsAsync<InconsistentStateException>(() => b.Counter(key).IncrementAndSave());

        Assert.Empty(b.Announced);
    }

    [Fact]
    public async Task A_newer_version_stored_by_another_host_drops_the_activation_and_the_next_read_sees_the_change()
    {
        await using var a = await Host.StartAsync(store);
        await using var b = await Host.StartAsync(store);
        var key = NewKey();
        Assert.Equal(0, await b.Counter(key).GetCount());
        await a.Counter(key).IncrementAndSave();
        Assert.Equal(0, await b.Counter(key).GetCount());

        Assert.True(b.Runtime.Invalidate(Assert.Single(a.Announced)));

        await Eventually.HoldsAsync(() => !b.Runtime.IsActive(new GrainId("counter", key)), Eventually.Patience, "the stale activation ends");
        Assert.Contains((key, DeactivationReason.StaleState), b.Log.Deactivations);
        Assert.Equal(1, await b.Counter(key).GetCount());
        Assert.Equal(2, b.Log.Activations[key]);
    }

    [Fact]
    public async Task A_notice_of_the_version_the_activation_holds_or_an_older_one_keeps_it()
    {
        await using var a = await Host.StartAsync(store);
        await using var b = await Host.StartAsync(store);
        var key = NewKey();
        await a.Counter(key).IncrementAndSave();
        await a.Counter(key).IncrementAndSave();
        Assert.Equal(2, await b.Counter(key).GetCount());

        Assert.True(b.Runtime.Invalidate(new GrainStateChange("counter", key, 2)));
        Assert.True(b.Runtime.Invalidate(new GrainStateChange("counter", key, 1)));

        // A later call is queued behind both checks: when it answers, they have run.
        Assert.Equal(2, await b.Counter(key).GetCount());
        Assert.True(b.Runtime.IsActive(new GrainId("counter", key)));
        Assert.Empty(b.Log.Deactivations);
        Assert.Equal(1, b.Log.Activations[key]);
    }

    [Fact]
    public async Task A_notice_for_a_grain_this_host_does_not_hold_activates_nothing()
    {
        await using var b = await Host.StartAsync(store);
        var key = NewKey();

        Assert.False(b.Runtime.Invalidate(new GrainStateChange("counter", key, 7)));

        Assert.Equal(0, b.Runtime.ActivationCount);
        Assert.False(b.Log.Activations.ContainsKey(key));
    }

    [Fact]
    public async Task Calls_queued_on_the_stale_activation_are_served_by_the_reloaded_one()
    {
        await using var a = await Host.StartAsync(store);
        await using var b = await Host.StartAsync(store);
        var key = NewKey();
        Assert.Equal(0, await b.Counter(key).GetCount());
        await a.Counter(key).IncrementAndSave();

        b.Runtime.Invalidate(Assert.Single(a.Announced));
        var increments = Enumerable.Range(0, 20).Select(_ => b.Counter(key).IncrementAndSave()).ToList();
        await Task.WhenAll(increments);

        // No write of b failed as stale: every increment ran on the state a stored.
        Assert.Equal(21, await b.Counter(key).GetCount());
    }

    [Fact]
    public async Task A_notice_that_the_state_was_cleared_drops_an_activation_that_holds_a_version()
    {
        await using var b = await Host.StartAsync(store);
        var key = NewKey();
        await b.Counter(key).IncrementAndSave();

        b.Runtime.Invalidate(new GrainStateChange("counter", key, 0));

        await Eventually.HoldsAsync(() => !b.Runtime.IsActive(new GrainId("counter", key)), Eventually.Patience, "the activation ends");
        Assert.Contains((key, DeactivationReason.StaleState), b.Log.Deactivations);
    }

    /// <summary>A runtime with the test grains whose announcements are recorded.</summary>
    private sealed class Host : IAsyncDisposable
    {
        private readonly IHost host;

        private Host(IHost host, RecordingNotifier notifier)
        {
            this.host = host;
            Runtime = host.Services.GetRequiredService<GrainRuntime>();
            Log = host.Services.GetRequiredService<GrainLog>();
            Notifier = notifier;
        }

        public GrainRuntime Runtime { get; }

        public GrainLog Log { get; }

        private RecordingNotifier Notifier { get; }

        public IReadOnlyList<GrainStateChange> Announced => [.. Notifier.Changes];

        public ICounterGrain Counter(string key) => Runtime.GetGrain<ICounterGrain>(key);

        public static async Task<Host> StartAsync(SqliteStoreFixture store)
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            var notifier = new RecordingNotifier();
            builder.Services.AddSingleton<GrainLog>();
            builder.Services.AddSingleton<IGrainStateChangeNotifier>(notifier);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
            builder.Services.AddGrainRuntime();
            builder.Services.AddGrain<ICounterGrain, CounterGrain>("counter");
            store.AddTo(builder.Services);
            var host = builder.Build();
            await host.StartAsync(TestContext.Current.CancellationToken);
            return new Host(host, notifier);
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    private sealed class RecordingNotifier : IGrainStateChangeNotifier
    {
        public ConcurrentQueue<GrainStateChange> Changes { get; } = new();

        public void StateChanged(GrainStateChange change) => Changes.Enqueue(change);
    }
}
