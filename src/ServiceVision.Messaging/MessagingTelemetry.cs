using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ServiceVision.Messaging;

/// <summary>Traces and metrics of the messaging backbone: ActivitySource and Meter "ServiceVision.Messaging".</summary>
public sealed class MessagingTelemetry : IDisposable
{
    public const string Name = "ServiceVision.Messaging";

    private readonly Meter meter = new(Name);
    private long backlog;

    public MessagingTelemetry()
    {
        Published = meter.CreateCounter<long>("servicevision.messaging.outbox.published", "{message}", "Outbox messages the relay published.");
        PublishFailures = meter.CreateCounter<long>("servicevision.messaging.outbox.publish_failures", "{message}", "Outbox messages whose publish failed (they are retried).");
        Delay = meter.CreateHistogram<double>("servicevision.messaging.outbox.delay", "s", "Time from a message's state write to its publish.");
        ConsumerLag = meter.CreateHistogram<double>("servicevision.messaging.consumer.lag", "s", "Time from a message's publish to the start of its consumer.");
        meter.CreateObservableGauge("servicevision.messaging.outbox.backlog", () => Volatile.Read(ref backlog), "{message}", "Messages waiting in the outbox, as the relay last counted.");
    }

    public static ActivitySource ActivitySource { get; } = new(Name);

    public Counter<long> Published { get; }

    public Counter<long> PublishFailures { get; }

    public Histogram<double> Delay { get; }

    public Histogram<double> ConsumerLag { get; }

    /// <summary>The outbox backlog as last counted.</summary>
    public long Backlog
    {
        get => Volatile.Read(ref backlog);
        set => Volatile.Write(ref backlog, value);
    }

    public void Dispose() => meter.Dispose();
}
