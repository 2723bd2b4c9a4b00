using System.Globalization;
using MassTransit;

namespace ServiceVision.Messaging;

/// <summary>When a message was published: the header the outbox relay sets on RabbitMQ, else MassTransit's envelope.</summary>
public static class MessageSentTime
{
    /// <summary>The publish time (UTC, round-trip format) of a message the relay published raw (<see cref="RabbitMqOutboxPublisher"/>).</summary>
    public const string Header = "sv-sent-at";

    public static DateTime? Of(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Headers.Get<string>(Header) is { } text
            && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var sent))
        {
            return sent.ToUniversalTime();
        }

        // A raw message without the header has no sent time; MassTransit would derive a wrong one from the id.
        return context.ReceiveContext.ContentType?.MediaType == "application/json" ? null : context.SentTime;
    }
}
