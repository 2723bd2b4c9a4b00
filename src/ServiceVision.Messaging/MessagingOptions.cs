namespace ServiceVision.Messaging;

/// <summary>Which transport carries messages between contexts (section "Bus").</summary>
public sealed class BusOptions
{
    public const string SectionName = "Bus";

    /// <summary>InMemory (the zero-setup default) or RabbitMQ (ConnectionStrings:RabbitMQ, an amqp:// URI).</summary>
    public BusTransport Transport { get; set; } = BusTransport.InMemory;
}

public enum BusTransport
{
    InMemory,
    RabbitMQ,
}

/// <summary>The outbox relay and the consumers' retry policy (section "Messaging").</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Whether this host runs the outbox relay (on by default; a host may leave relaying to others).</summary>
    public bool OutboxRelayEnabled { get; set; } = true;

    /// <summary>How often the relay looks for messages when no state write of this process woke it (other hosts' writes, left-overs).</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many outbox messages the relay claims and publishes at a time.</summary>
    public int OutboxBatchSize { get; set; } = 500;

    /// <summary>How many publishes of a batch are in flight at once (awaiting each publish in turn is the slow path).</summary>
    public int MaxConcurrentPublishes { get; set; } = 500;

    /// <summary>
    /// How long publishing one batch may take before the relay gives up on it and backs off. Keep it
    /// below the outbox claim lease (30 s), after which another host may claim the same rows.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The relay's first pause after a failed batch (broker or store down); doubled on each further failure.</summary>
    public TimeSpan RelayRetryMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The relay's longest pause between attempts.</summary>
    public TimeSpan RelayRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many unacknowledged messages the broker pushes to each receive endpoint ahead of its
    /// consumers (RabbitMQ). A queue kept short costs the broker less per message than one that
    /// piles up; consumers still run at most their definition's ConcurrentMessageLimit at once.
    /// </summary>
    public int PrefetchCount { get; set; } = 256;

    /// <summary>Redelivery of a message whose consumer threw, on every endpoint; after the last attempt it goes to the endpoint's error queue.</summary>
    public ConsumerRetryOptions Retry { get; set; } = new();

    internal IEnumerable<string> Validate()
    {
        if (OutboxPollInterval <= TimeSpan.Zero)
        {
            yield return "Messaging:OutboxPollInterval must be positive.";
        }

        if (OutboxBatchSize < 1)
        {
            yield return "Messaging:OutboxBatchSize must be at least 1.";
        }

        if (PrefetchCount < 1)
        {
            yield return "Messaging:PrefetchCount must be at least 1.";
        }

        if (MaxConcurrentPublishes < 1)
        {
            yield return "Messaging:MaxConcurrentPublishes must be at least 1.";
        }

        if (PublishTimeout <= TimeSpan.Zero)
        {
            yield return "Messaging:PublishTimeout must be positive.";
        }

        if (RelayRetryMinDelay <= TimeSpan.Zero || RelayRetryMaxDelay < RelayRetryMinDelay)
        {
            yield return "Messaging:RelayRetryMinDelay must be positive and at most Messaging:RelayRetryMaxDelay.";
        }

        if (Retry.Immediate < 0 || Retry.Incremental < 0 || Retry.InitialInterval < TimeSpan.Zero || Retry.IntervalIncrement < TimeSpan.Zero)
        {
            yield return "Messaging:Retry counts and intervals must not be negative.";
        }
    }
}

/// <summary>
/// Consumer retries: <see cref="Immediate"/> attempts at once, then <see cref="Incremental"/> attempts
/// after <see cref="InitialInterval"/>, growing by <see cref="IntervalIncrement"/> each time. Retries
/// run in memory while the message stays unacknowledged; a message refused by the tenant check is
/// never retried.
/// </summary>
public sealed class ConsumerRetryOptions
{
    public int Immediate { get; set; } = 3;

    public int Incremental { get; set; } = 3;

    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan IntervalIncrement { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The pause before each retry, in order.</summary>
    public TimeSpan[] Intervals() =>
    [
        .. Enumerable.Repeat(TimeSpan.Zero, Immediate),
        .. Enumerable.Range(0, Incremental).Select(i => InitialInterval + (IntervalIncrement * i)),
    ];
}
