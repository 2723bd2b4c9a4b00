using MassTransit;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Messaging;

/// <summary>
/// For consumers whose effect is not naturally idempotent: runs the effect once per consumer and
/// MessageId. The relay republishes an outbox message under the same MessageId, and the broker
/// redelivers an unacknowledged one, so the same message can arrive more than once.
/// </summary>
public static class IdempotentConsumer
{
    /// <summary>
    /// Runs <paramref name="effect"/> unless <paramref name="consumer"/> already handled this message
    /// (by its MessageId); true when it ran. The message is marked before the
    /// effect runs and the mark is removed if the effect throws, so a retry runs it again.
    /// </summary>
    /// <remarks>
    /// The mark and the effect are not one transaction: if the process dies while the effect runs, the
    /// redelivery is taken for a duplicate and the effect does not happen. When the effect is a grain
    /// state change, prefer recording the message id (or a business key) in that grain's state, which
    /// makes the check and the effect atomic.
    /// </remarks>
    public static async Task<bool> ProcessOnceAsync(this IProcessedMessages processed, string consumer, ConsumeContext context, Func<Task> effect)
    {
        ArgumentNullException.ThrowIfNull(processed);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(effect);

        var messageId = context.MessageId ?? throw new InvalidOperationException("The message has no MessageId, so duplicates cannot be recognized.");
        if (!await processed.TryMarkAsync(consumer, messageId, context.CancellationToken))
        {
            return false;
        }

        try
        {
            await effect();
            return true;
        }
        catch
        {
            await processed.UnmarkAsync(consumer, messageId, CancellationToken.None);
            throw;
        }
    }
}
