using ServiceVision.Grains.Storage;

namespace ServiceVision.Messaging;

/// <summary>
/// Puts one outbox message on the bus for <see cref="OutboxRelay"/>, under the row's id as its
/// MessageId. Completes when the transport has the message (the broker confirmed it); throws when it
/// does not. Called concurrently for the messages of a batch.
/// </summary>
public interface IOutboxPublisher
{
    /// <param name="row">The outbox row; its body is the message as JSON.</param>
    /// <param name="contract">The contract type the row's MessageType names.</param>
    /// <exception cref="UnreadableOutboxMessageException">The body cannot be read as <paramref name="contract"/>; nothing was published.</exception>
    Task PublishAsync(OutboxMessage row, Type contract, CancellationToken cancellationToken);
}

/// <summary>An outbox row whose body cannot be read as its contract; the relay leaves it in the outbox.</summary>
public sealed class UnreadableOutboxMessageException : Exception
{
    public UnreadableOutboxMessageException() { }

    public UnreadableOutboxMessageException(string message) : base(message) { }

    public UnreadableOutboxMessageException(string message, Exception innerException) : base(message, innerException) { }
}
