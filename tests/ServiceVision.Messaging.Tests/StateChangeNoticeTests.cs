using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains;
using ServiceVision.Grains.Runtime;
using ServiceVision.Testing;

namespace ServiceVision.Messaging.Tests;

/// <summary>
/// Stale activations across hosts over the real broker: two hosts on one PostgreSQL database and one
/// RabbitMQ virtual host; a write on one makes the other drop its activation of that grain.
/// </summary>
public sealed class StateChangeNoticeTests(Infrastructure infra) : IClassFixture<Infrastructure>
{
    private readonly Probe probe = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HostSettings Settings() => new() { RabbitMq = infra.Broker.AmqpUri, Postgres = infra.Database.ConnectionString };

    [Fact]
    public async Task A_write_on_one_host_is_read_on_the_other_without_a_conflict()
    {
        await using var a = await TestHost.StartAsync(probe, Settings());
        await using var b = await TestHost.StartAsync(probe, Settings());
        var organization = $"org-{Guid.NewGuid():N}";
        Assert.Equal(0, await b.Grains.GetGrain<IScoreGrain>(organization).Total());

        // Only the notice can make b reload this soon (idle collection takes 15 minutes). How soon is
        // measured by the reliability tests, which run alone: here other test projects share the cores.
        var clock = Stopwatch.StartNew();
        await a.Grains.GetGrain<IScoreGrain>(organization).Add(5);
        await Eventually.HoldsAsync(async () => await b.Grains.GetGrain<IScoreGrain>(organization).Total() == 5, Eventually.Patience, "host b reads a's write");

        TestContext.Current.TestOutputHelper?.WriteLine($"write on a to read on b: {clock.Elapsed.TotalMilliseconds:F0} ms");

        // Host b now writes on the current version: no InconsistentStateException, nothing lost.
        await b.Grains.GetGrain<IScoreGrain>(organization).Add(2);
        await Eventually.HoldsAsync(async () => await a.Grains.GetGrain<IScoreGrain>(organization).Total() == 7, Eventually.Patience, "host a reads b's write");
    }

    [Fact]
    public async Task The_last_write_of_a_host_that_stops_is_announced_before_it_goes()
    {
        // The stop comes while the write waits out the linger.
        var settings = Settings();
        settings.Configuration["Messaging:StateChanges:Linger"] = TimeSpan.FromSeconds(5).ToString();
        var a = await TestHost.StartAsync(probe, settings);
        await using var b = await TestHost.StartAsync(probe, Settings());
        var organization = $"org-{Guid.NewGuid():N}";
        Assert.Equal(0, await b.Grains.GetGrain<IScoreGrain>(organization).Total());

        await a.Grains.GetGrain<IScoreGrain>(organization).Add(5);
        await a.DisposeAsync();

        await Eventually.HoldsAsync(async () => await b.Grains.GetGrain<IScoreGrain>(organization).Total() == 5, Eventually.Patience, "host b reads the write a made just before it stopped");
    }

    [Fact]
    public async Task The_writing_host_keeps_its_own_activation()
    {
        await using var a = await TestHost.StartAsync(probe, Settings());
        await using var b = await TestHost.StartAsync(probe, Settings());
        var organization = $"org-{Guid.NewGuid():N}";
        var id = new GrainId("score", organization);
        Assert.Equal(0, await b.Grains.GetGrain<IScoreGrain>(organization).Total());

        await a.Grains.GetGrain<IScoreGrain>(organization).Add(1);
        await Eventually.HoldsAsync(() => !b.Services.GetRequiredService<GrainRuntime>().IsActive(id), Eventually.Patience, "b drops its stale activation");

        // The notice reached a as well (fanout); a ignores its own.
        await Task.Delay(300, Ct);
        Assert.True(a.Services.GetRequiredService<GrainRuntime>().IsActive(id));
        Assert.NotEqual(a.Services.GetRequiredService<GrainHostIdentity>().Id, b.Services.GetRequiredService<GrainHostIdentity>().Id);
    }

    [Fact]
    public async Task A_stream_of_writes_is_announced_in_at_most_one_notice_per_linger()
    {
        var linger = TimeSpan.FromMilliseconds(200);
        var settings = Settings();
        settings.Configuration["Messaging:StateChanges:Linger"] = linger.ToString();
        await using var a = await TestHost.StartAsync(probe, settings);
        var published = a.Services.GetRequiredService<StateChangeTelemetry>().Published;
        var notices = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, published))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, changes, _, _) =>
        {
            // Each publish adds its notice's changes once; the empty warm-up notice adds none.
            if (changes > 0)
            {
                Interlocked.Increment(ref notices);
            }
        });
        listener.Start();

        // The first notice pays for the bus's first publish; count from the second on.
        var organization = $"org-{Guid.NewGuid():N}";
        await a.Grains.GetGrain<IScoreGrain>(organization).Add(1);
        await Eventually.HoldsAsync(() => Volatile.Read(ref notices) > 0, Eventually.Patience, "the first write is announced");
        Interlocked.Exchange(ref notices, 0);

        // Writes a few milliseconds apart, each longer than a warm publish takes.
        var clock = Stopwatch.StartNew();
        const int writes = 60;
        for (var i = 0; i < writes; i++)
        {
            await a.Grains.GetGrain<IScoreGrain>($"{organization}-{i % 6}").Add(1);
            await Task.Delay(10, Ct);
        }

        await Task.Delay(linger * 5, Ct);
        var elapsed = clock.Elapsed;

        // Without the linger every write that commits while no publish is in flight gets a notice of its own.
        Assert.InRange(notices, 1, (int)(elapsed / linger) + 1);
        TestContext.Current.TestOutputHelper?.WriteLine($"{writes} writes in {elapsed.TotalMilliseconds:F0} ms: {notices} notices");
    }

    [Fact]
    public async Task With_the_in_memory_transport_nothing_is_announced()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sv-notices-{Guid.NewGuid():N}.db");
        try
        {
            await using var host = await TestHost.StartAsync(probe, new HostSettings { SqlitePath = path });

            Assert.Null(host.Services.GetService<IGrainStateChangeNotifier>());
            Assert.Null(host.Services.GetService<GrainHostIdentity>());
            await host.Grains.GetGrain<IScoreGrain>($"org-{Guid.NewGuid():N}").Add(1);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
