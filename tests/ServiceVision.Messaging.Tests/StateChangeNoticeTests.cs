using System.Diagnostics;
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
    public async Task A_write_on_one_host_is_read_on_the_other_within_a_second_without_a_conflict()
    {
        await using var a = await TestHost.StartAsync(probe, Settings());
        await using var b = await TestHost.StartAsync(probe, Settings());
        var organization = $"org-{Guid.NewGuid():N}";
        Assert.Equal(0, await b.Grains.GetGrain<IScoreGrain>(organization).Total());

        var clock = Stopwatch.StartNew();
        await a.Grains.GetGrain<IScoreGrain>(organization).Add(5);
        while (await b.Grains.GetGrain<IScoreGrain>(organization).Total() != 5)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "host b still reads the old state after a second");
            await Task.Delay(10, Ct);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"write on a to read on b: {clock.Elapsed.TotalMilliseconds:F0} ms");

        // Host b now writes on the current version: no InconsistentStateException, nothing lost.
        await b.Grains.GetGrain<IScoreGrain>(organization).Add(2);
        await Eventually.HoldsAsync(async () => await a.Grains.GetGrain<IScoreGrain>(organization).Total() == 7, TimeSpan.FromSeconds(5), "host a reads b's write");
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
        await Eventually.HoldsAsync(() => !b.Services.GetRequiredService<GrainRuntime>().IsActive(id), TimeSpan.FromSeconds(5), "b drops its stale activation");

        // The notice reached a as well (fanout); a ignores its own.
        await Task.Delay(300, Ct);
        Assert.True(a.Services.GetRequiredService<GrainRuntime>().IsActive(id));
        Assert.NotEqual(a.Services.GetRequiredService<GrainHostIdentity>().Id, b.Services.GetRequiredService<GrainHostIdentity>().Id);
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
