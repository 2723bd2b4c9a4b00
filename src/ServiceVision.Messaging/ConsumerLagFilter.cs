using MassTransit;

namespace ServiceVision.Messaging;

/// <summary>
/// Records how long each message waited between being sent and reaching its consumer
/// (<c>servicevision.messaging.consumer.lag</c>, seconds, by message type): a growing lag means
/// consumers fall behind the publishers.
/// </summary>
public sealed class ConsumerLagFilter<T>(MessagingTelemetry telemetry) : IFilter<ConsumeContext<T>>
    where T : class
{
    private static readonly KeyValuePair<string, object?> MessageType = new("messaging.message.type", typeof(T).Name);

    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (MessageSentTime.Of(context) is { } sent)
        {
            var lag = DateTime.UtcNow - DateTime.SpecifyKind(sent, DateTimeKind.Utc);
            telemetry.ConsumerLag.Record(Math.Max(0, lag.TotalSeconds), MessageType);
        }

        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("consumerLag");
}
