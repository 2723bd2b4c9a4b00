using System.Collections.Concurrent;
using MassTransit;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Messaging.Tests;

/// <summary>What a consumer saw of one message.</summary>
public sealed record Received(Guid? MessageId, object Message, string? Tenant, string? Header, DateTime? SentTime = null);

/// <summary>What the test consumers saw; one per test, shared by every host the test starts.</summary>
public sealed class Probe
{
    public ConcurrentQueue<Received> Received { get; } = new();

    private int doomedAttempts;
    private int pointsInvocations;

    public int DoomedAttempts => Volatile.Read(ref doomedAttempts);

    public int PointsInvocations => Volatile.Read(ref pointsInvocations);

    public void DoomedAttempted() => Interlocked.Increment(ref doomedAttempts);

    public void PointsInvoked() => Interlocked.Increment(ref pointsInvocations);

    public IReadOnlyList<Received> Of(string organizationId) =>
        [.. Received.Where(r => r.Message is Pinged p && p.OrganizationId == organizationId)];

    public void Record(ConsumeContext context, object message) =>
        Received.Enqueue(new Received(context.MessageId, message, TenantContext.Current, context.Headers.Get<string>(TenantHeaders.OrganizationId), MessageSentTime.Of(context)));
}

public sealed class PingedConsumer(Probe probe) : IConsumer<Pinged>
{
    public Task Consume(ConsumeContext<Pinged> context)
    {
        probe.Record(context, context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>Adds points to the organization's score once per message id, however often the message arrives.</summary>
public sealed class PointsAwardedConsumer(IProcessedMessages processed, IGrainFactory grains, Probe probe) : IConsumer<PointsAwarded>
{
    public async Task Consume(ConsumeContext<PointsAwarded> context)
    {
        // Counted once a delivery was handled (a failed attempt is retried and counted then), so a test
        // that waits for the count sees the effect.
        await processed.ProcessOnceAsync(
            nameof(PointsAwardedConsumer),
            context,
            () => grains.GetGrain<IScoreGrain>(context.Message.OrganizationId).Add(context.Message.Points));
        probe.PointsInvoked();
    }
}

public sealed class DoomedConsumer(Probe probe) : IConsumer<Doomed>
{
    public Task Consume(ConsumeContext<Doomed> context)
    {
        probe.DoomedAttempted();
        throw new InvalidOperationException("This consumer always fails.");
    }
}
