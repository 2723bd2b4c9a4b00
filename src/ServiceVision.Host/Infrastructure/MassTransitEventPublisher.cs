using MassTransit;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Host.Infrastructure;

/// <summary>Publishes integration events on the bus.</summary>
internal sealed class MassTransitEventPublisher(IBus bus) : IIntegrationEventPublisher
{
    public Task PublishAsync<T>(T message, CancellationToken cancellationToken = default) where T : class =>
        bus.Publish(message, cancellationToken);
}
