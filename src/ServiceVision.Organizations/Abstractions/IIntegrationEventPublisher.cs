namespace ServiceVision.Organizations.Abstractions;

/// <summary>Publishes an integration event (a record from ServiceVision.Contracts) to the other contexts.</summary>
public interface IIntegrationEventPublisher
{
    Task PublishAsync<T>(T message, CancellationToken cancellationToken = default) where T : class;
}
