using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Messaging;

/// <summary>
/// Publishes what grains wrote to the durable outbox. It wakes when a state write of this process
/// committed messages (<see cref="OutboxSignal"/>) or every <see cref="MessagingOptions.OutboxPollInterval"/>,
/// claims a batch (oldest first), publishes the batch's messages concurrently through the
/// <see cref="IOutboxPublisher"/> of the transport (at most <see cref="MessagingOptions.MaxConcurrentPublishes"/>
/// in flight), each with the outbox row's id as its MessageId, and deletes what the broker confirmed.
/// When publishing fails (broker down) it keeps the rest and tries again after a pause that doubles up
/// to <see cref="MessagingOptions.RelayRetryMaxDelay"/>.
/// </summary>
/// <remarks>
/// Delivery is at least once: a host that stops between a publish and the delete publishes the
/// message again later, under the same MessageId. Messages are not ordered.
/// </remarks>
public sealed partial class OutboxRelay(
    IOutboxStore outbox,
    IOutboxPublisher publisher,
    IBusControl bus,
    OutboxSignal signal,
    ContractTypeMap contracts,
    MessagingTelemetry telemetry,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay> logger,
    TimeProvider? time = null) : BackgroundService
{
    private readonly MessagingOptions settings = options.Value;
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private long lastCounted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.OutboxRelayEnabled)
        {
            LogDisabled(logger);
            return;
        }

        try
        {
            await WaitForBusAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // From here this host's writes may claim their rows for this relay; released when it stops.
        await outbox.SetRelayRunningAsync(true, CancellationToken.None);
        try
        {
            await RelayUntilStoppedAsync(stoppingToken);
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    private async Task RelayUntilStoppedAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            BatchOutcome outcome;
            try
            {
                outcome = await RelayBatchAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                failures++;
                var pause = Backoff(failures);
                LogBatchFailed(logger, error, failures, pause);
                try
                {
                    await Task.Delay(pause, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            await CountBacklogAsync(outcome, stoppingToken);
            if (outcome == BatchOutcome.Full)
            {
                // More may wait: go on at once.
                continue;
            }

            try
            {
                await signal.WaitAsync(settings.OutboxPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Hands this host's pending messages back, so another host's relay takes them now rather than when their claims expire.</summary>
    private async Task ReleaseAsync()
    {
        try
        {
            // Short: the host's shutdown budget is shared with the bus that stops after this relay.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await outbox.SetRelayRunningAsync(false, timeout.Token);
        }
        catch (Exception error)
        {
            LogReleaseFailed(logger, error);
        }
    }

    /// <summary>Claims, publishes and deletes one batch; throws when any publish of it failed (after deleting those that succeeded).</summary>
    internal async Task<BatchOutcome> RelayBatchAsync(CancellationToken cancellationToken)
    {
        var batch = await outbox.ReadPendingAsync(settings.OutboxBatchSize, cancellationToken);
        if (batch.Count == 0)
        {
            return BatchOutcome.Empty;
        }

        using var activity = MessagingTelemetry.ActivitySource.StartActivity("outbox relay");
        activity?.SetTag("servicevision.outbox.batch_size", batch.Count);

        var skipped = 0;
        var ready = new List<(OutboxMessage Row, Type Type)>(batch.Count);
        foreach (var row in batch)
        {
            if (contracts.TryGet(row.MessageType, out var type))
            {
                ready.Add((row, type));
            }
            else
            {
                LogUnknownType(logger, row.MessageId, row.MessageType);
                skipped++;
            }
        }

        var published = new bool[ready.Count];
        var unreadable = 0;
        Exception? firstError = null;
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        using (var slots = new SemaphoreSlim(settings.MaxConcurrentPublishes))
        {
            stop.CancelAfter(settings.PublishTimeout);
            var publishes = new List<Task>(ready.Count);
            for (var i = 0; i < ready.Count; i++)
            {
                try
                {
                    await slots.WaitAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                publishes.Add(PublishOneAsync(i));
            }

            await Task.WhenAll(publishes);

            async Task PublishOneAsync(int index)
            {
                var (row, type) = ready[index];

                // The publish continues the trace that queued the message (the transport's span is its
                // child and carries it to the consumer), not the relay's own batch span.
                using var publishing = StartPublishActivity(row, type);
                try
                {
                    await publisher.PublishAsync(row, type, stop.Token);
                    published[index] = true;
                }
                catch (UnreadableOutboxMessageException error)
                {
                    LogUnreadableBody(logger, error, row.MessageId, row.MessageType);
                    Interlocked.Increment(ref unreadable);
                }
                catch (Exception error)
                {
                    // The first failure stops the rest of the batch: the broker is likely down, so back off.
                    Interlocked.CompareExchange(ref firstError, error, null);
                    await stop.CancelAsync();
                }
                finally
                {
                    slots.Release();
                }
            }
        }

        var done = new List<Guid>(ready.Count);
        var now = clock.GetUtcNow();
        for (var i = 0; i < ready.Count; i++)
        {
            if (published[i])
            {
                done.Add(ready[i].Row.MessageId);
                telemetry.Delay.Record((now - ready[i].Row.CreatedAt).TotalSeconds);
            }
        }

        // Deleting is not cancelled by shutdown: a message published but not deleted would go out twice.
        await outbox.DeleteAsync(done, CancellationToken.None);
        telemetry.Published.Add(done.Count);
        activity?.SetTag("servicevision.outbox.published", done.Count);

        var failed = ready.Count - done.Count - unreadable;
        if (failed > 0)
        {
            telemetry.PublishFailures.Add(failed);
            cancellationToken.ThrowIfCancellationRequested();
            throw new OutboxRelayException($"{failed} of {ready.Count} outbox messages were not published; they are retried.", firstError);
        }

        // A batch with unreadable rows must not make the relay spin on them: it waits for the next poll.
        return skipped + unreadable == 0 && batch.Count >= settings.OutboxBatchSize ? BatchOutcome.Full : BatchOutcome.Partial;
    }

    private static Activity? StartPublishActivity(OutboxMessage row, Type type)
    {
        if (row.TraceParent is null || !ActivityContext.TryParse(row.TraceParent, null, out var parent))
        {
            return null;
        }

        var activity = MessagingTelemetry.ActivitySource.StartActivity("outbox publish " + type.Name, ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.MessageId.ToString());
        return activity;
    }

    /// <summary>
    /// Waits until the bus has started and its receive endpoints are bound (at most
    /// <see cref="MessagingOptions.PublishTimeout"/>), so this host's own consumers get the first
    /// messages too; after that, failed publishes back off as usual.
    /// </summary>
    private async Task WaitForBusAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy && waited.Elapsed < settings.PublishTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, cancellationToken);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var ticks = settings.RelayRetryMinDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(ticks, settings.RelayRetryMaxDelay.Ticks));
    }

    /// <summary>Keeps the backlog gauge current: cheap when idle, at most one count per poll interval when busy.</summary>
    private async Task CountBacklogAsync(BatchOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome == BatchOutcome.Empty)
        {
            telemetry.Backlog = 0;
            return;
        }

        if (lastCounted != 0 && Stopwatch.GetElapsedTime(lastCounted) < settings.OutboxPollInterval)
        {
            return;
        }

        lastCounted = Stopwatch.GetTimestamp();
        try
        {
            telemetry.Backlog = await outbox.CountPendingAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogCountFailed(logger, error);
        }
    }

    internal enum BatchOutcome
    {
        Empty,
        Partial,
        Full,
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The outbox relay is disabled on this host (Messaging:OutboxRelayEnabled)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay attempt {Failures} failed; next attempt in {Pause}")]
    private static partial void LogBatchFailed(ILogger logger, Exception error, int failures, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} has type '{MessageType}', which no registered contract assembly defines; it stays in the outbox (register it with AddMessageContracts)")]
    private static partial void LogUnknownType(ILogger logger, Guid messageId, string messageType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} of type '{MessageType}' cannot be read; it stays in the outbox")]
    private static partial void LogUnreadableBody(ILogger logger, Exception error, Guid messageId, string messageType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing this host's outbox claims failed; other hosts take its pending messages when the claims expire")]
    private static partial void LogReleaseFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the outbox backlog failed")]
    private static partial void LogCountFailed(ILogger logger, Exception error);
}

/// <summary>Some messages of an outbox batch were not published; the relay retries them.</summary>
public sealed class OutboxRelayException : Exception
{
    public OutboxRelayException() { }

    public OutboxRelayException(string message) : base(message) { }

    public OutboxRelayException(string message, Exception? innerException) : base(message, innerException) { }
}
