using System.Diagnostics;
using System.Text.Json;
using ServiceVision.Contracts;

namespace ServiceVision.Grains.Storage;

/// <summary>
/// A message waiting in the durable outbox: written in the same transaction as the grain state
/// change that caused it, then published by the relay and deleted.
/// </summary>
/// <param name="MessageId">The message's id on the bus (MassTransit's MessageId), so consumers can drop a redelivery.</param>
/// <param name="MessageType">The contract's stable name (<see cref="ContractTypes.NameOf(Type)"/>).</param>
/// <param name="Body">The message as JSON (<see cref="JsonOptions"/>).</param>
/// <param name="OrganizationId">The organization the message belongs to.</param>
/// <param name="CreatedAt">When the grain queued it.</param>
/// <param name="TraceParent">
/// The W3C traceparent of the activity that queued it (an HTTP request, a consumer, a grain call), so
/// the relay publishes it inside the same trace; null when nothing was traced.
/// </param>
public sealed record OutboxMessage(Guid MessageId, string MessageType, string Body, string OrganizationId, DateTimeOffset CreatedAt, string? TraceParent = null)
{
    /// <summary>How message bodies are written to and read from the outbox (web defaults: camelCase).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>An outbox row for <paramref name="message"/> with a new, time-ordered message id.</summary>
    public static OutboxMessage Create(ITenantMessage message, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.OrganizationId))
        {
            throw new ArgumentException("A message must name its organization.", nameof(message));
        }

        var type = message.GetType();
        return new OutboxMessage(
            MessageIds.NewVersion7(createdAt),
            ContractTypes.NameOf(type),
            JsonSerializer.Serialize(message, type, JsonOptions),
            message.OrganizationId,
            createdAt,
            Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null);
    }

    /// <summary>The body read back as <paramref name="contractType"/>.</summary>
    public object ReadBody(Type contractType) =>
        JsonSerializer.Deserialize(Body, contractType, JsonOptions)
        ?? throw new JsonException($"The body of outbox message {MessageId} is null.");
}

/// <summary>
/// The durable outbox of a store, as the relay sees it. Rows are written only by
/// <see cref="IGrainStorage.WriteAsync(string, string, string, long, IReadOnlyList{OutboxMessage}?, CancellationToken)"/>,
/// together with the state change.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> pending messages, oldest first, and returns them. A claim is
    /// a lease held by this store instance (one per host): until it expires no other host's relay gets
    /// these rows, so two relays do not publish the same message at the same moment; this instance gets
    /// its own claimed rows again at once (a publish that failed is retried by the next read). A host
    /// that dies with claimed rows leaves them to be claimed again when the lease expires, so a message
    /// is published at least once.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ReadPendingAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes the given messages (those that were published); ids not present are ignored.</summary>
    Task DeleteAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells the store whether this host's relay runs. A store may then claim the messages this host
    /// writes as it writes them, so the relay reads them without claiming each one; when the relay
    /// stops it releases those claims, so another host's relay takes the messages at once.
    /// </summary>
    Task SetRelayRunningAsync(bool running, CancellationToken cancellationToken = default);

    /// <summary>How many messages wait in the outbox, claimed or not.</summary>
    Task<long> CountPendingAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Which messages a consumer has already handled, for consumers whose effect is not naturally
/// idempotent (table <c>processed_messages(consumer, message_id)</c> in the grain store).
/// </summary>
public interface IProcessedMessages
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handles <paramref name="messageId"/>; false when it was
    /// recorded before (a redelivery or a duplicate publish: skip the effect).
    /// </summary>
    Task<bool> TryMarkAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default);

    /// <summary>Forgets a mark, so that a redelivery is handled again (used when the effect failed after the mark).</summary>
    Task UnmarkAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default);

    /// <summary>Deletes marks recorded before <paramref name="before"/>; returns how many. Keep marks longer than any redelivery can take.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
