using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceVision.Grains.Runtime;
using ServiceVision.Messaging;
using ServiceVision.Testing;

namespace ServiceVision.Host.Tests.Infrastructure;

/// <summary>
/// The host stops its hosted services in the reverse of their start order. Consumers must stop
/// before the grains' last turns, or a message consumed during shutdown activates a grain the
/// runtime has already let go (and fails once the container is disposed).
/// </summary>
public sealed class ShutdownOrderTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    [Fact]
    public void The_grain_runtime_starts_before_the_bus_and_the_outbox_relay_so_it_stops_after_them()
    {
        var started = platform.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();

        var grains = started.IndexOf(typeof(GrainRuntimeService));
        var bus = started.FindIndex(t => t.Name == "MassTransitHostedService");
        var relay = started.IndexOf(typeof(OutboxRelay));

        Assert.True(grains >= 0 && bus >= 0 && relay >= 0, string.Join(", ", started.Select(t => t.Name)));
        Assert.True(grains < bus, $"The grain runtime starts at {grains}, the bus at {bus}.");
        Assert.True(grains < relay, $"The grain runtime starts at {grains}, the outbox relay at {relay}.");
    }
}
