using System.Text.Json;
using MassTransit;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Messaging;

/// <summary>
/// Publishes outbox messages through MassTransit's own publish pipeline (its envelope, the tenant
/// publish filter, its send span): the relay's transport for the in-memory bus.
/// </summary>
public sealed class MassTransitOutboxPublisher(IBus bus) : IOutboxPublisher
{
    public Task PublishAsync(OutboxMessage row, Type contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        object body;
        try
        {
            body = row.ReadBody(contract);
        }
        catch (JsonException error)
        {
            throw new UnreadableOutboxMessageException($"The body of outbox message {row.MessageId} cannot be read as {contract.Name}.", error);
        }

        return bus.Publish(body, contract, Pipe.Execute<PublishContext>(context => context.MessageId = row.MessageId), cancellationToken);
    }
}
