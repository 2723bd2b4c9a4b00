using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using ServiceVision.Grains;
using ServiceVision.Partners.Abstractions;
using ServiceVision.Partners.Inbound;

namespace ServiceVision.Partners.Broker;

/// <summary>
/// Keeps one consumer (a RabbitMQ.Client channel) per provisioned partner on its inbound queue:
/// started at start-up, on provisioning and on deletion (in this host at once, in others by the
/// periodic re-read of the registry). Each message is handled by <see cref="InboundCommandHandler"/>;
/// its reply goes to the partner's outbound queue, and only then is the message acknowledged, so a
/// crash in between redelivers it (the reply may then go out twice; partners dedupe on the command id).
/// </summary>
public sealed partial class PartnerInboundService(
    PartnerBroker broker,
    IGrainFactory grains,
    InboundCommandHandler handler,
    IOptions<PartnersOptions> options,
    ILogger<PartnerInboundService> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, IChannel> consumers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim changing = new(1, 1);

    /// <summary>The partners whose inbound queue this host consumes now.</summary>
    public IReadOnlyCollection<string> Consuming => [.. consumers.Keys];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!broker.IsAvailable)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogReconcileFailed(logger, error);
            }

            try
            {
                await Task.Delay(options.Value.InboundReconcileInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Starts consumers of provisioned partners that have none and stops those of partners gone.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PartnerView> partners;
        using (TenantContext.Enter(null))
        {
            partners = await grains.GetGrain<IPartnerRegistryGrain>(PartnerKeys.RegistryKey).List();
        }

        var wanted = partners.Where(p => p.Status == PartnerStatus.Provisioned).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in wanted.Where(id => !consumers.TryGetValue(id, out var channel) || !channel.IsOpen))
        {
            await StartAsync(id, cancellationToken);
        }

        foreach (var id in consumers.Keys.Where(id => !wanted.Contains(id)))
        {
            await StopAsync(id);
        }
    }

    /// <summary>Consumes the partner's inbound queue (idempotent).</summary>
    public async Task StartAsync(string partnerId, CancellationToken cancellationToken)
    {
        await changing.WaitAsync(cancellationToken);
        try
        {
            if (consumers.TryGetValue(partnerId, out var existing))
            {
                if (existing.IsOpen)
                {
                    return;
                }

                consumers.TryRemove(partnerId, out _);
                await existing.DisposeAsync();
            }

            var connection = await broker.ConnectionAsync(cancellationToken);
            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.BasicQosAsync(0, 16, false, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(partnerId, channel, delivery);
            await channel.BasicConsumeAsync(PartnerKeys.InboundQueue(partnerId), autoAck: false, consumer, cancellationToken);
            consumers[partnerId] = channel;
            LogStarted(logger, partnerId);
        }
        finally
        {
            changing.Release();
        }
    }

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Stops consuming the partner's inbound queue (idempotent).</summary>
    public async Task StopAsync(string partnerId)
    {
        await changing.WaitAsync();
        try
        {
            if (consumers.TryRemove(partnerId, out var channel))
            {
                // Bounded: a channel whose connection is in trouble must not hold up a partner's deletion.
                try
                {
                    await channel.CloseAsync().WaitAsync(CloseTimeout);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogStopFailed(logger, partnerId, error);
                }

                try
                {
                    await channel.DisposeAsync().AsTask().WaitAsync(CloseTimeout);
                }
                catch (TimeoutException error)
                {
                    LogStopFailed(logger, partnerId, error);
                }

                LogStopped(logger, partnerId);
            }
        }
        finally
        {
            changing.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var id in consumers.Keys)
        {
            await StopAsync(id);
        }
    }

    public override void Dispose()
    {
        changing.Dispose();
        base.Dispose();
    }

    private async Task OnReceivedAsync(string partnerId, IChannel channel, BasicDeliverEventArgs delivery)
    {
        try
        {
            // The handler runs outside any tenant; it enters the command's organization itself.
            PartnerEnvelope reply;
            using (TenantContext.Enter(null))
            {
                reply = await handler.HandleAsync(partnerId, delivery.Body, CancellationToken.None);
            }

            await broker.SendToPartnerAsync(partnerId, reply, CancellationToken.None);
        }
        catch (Exception error)
        {
            // The platform failed (store or broker down): redeliver once; a second failure is dropped with a log, never looped.
            LogHandlingFailed(logger, partnerId, error);
            if (channel.IsOpen)
            {
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: !delivery.Redelivered);
            }

            return;
        }

        await AcknowledgeAsync(channel, delivery.DeliveryTag, partnerId, logger);
    }

    /// <summary>
    /// Acknowledges a command that was handled and answered. If that fails (the channel closed in
    /// between), the broker redelivers the command and it is handled as a resent one (docs/partners:
    /// its effect is not repeated): nothing was lost, so a warning, not the error of a command that
    /// could not be handled.
    /// </summary>
    internal static async Task AcknowledgeAsync(IChannel channel, ulong deliveryTag, string partnerId, ILogger logger)
    {
        try
        {
            await channel.BasicAckAsync(deliveryTag, multiple: false);
        }
        catch (Exception error)
        {
            LogAcknowledgeFailed(logger, partnerId, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming the inbound queue of partner {PartnerId}")]
    private static partial void LogStarted(ILogger logger, string partnerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped consuming the inbound queue of partner {PartnerId}")]
    private static partial void LogStopped(ILogger logger, string partnerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the inbound consumer of partner {PartnerId} failed")]
    private static partial void LogStopFailed(ILogger logger, string partnerId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-reading the partner registry for inbound consumers failed")]
    private static partial void LogReconcileFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A command of partner {PartnerId} could not be handled")]
    private static partial void LogHandlingFailed(ILogger logger, string partnerId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A command of partner {PartnerId} was handled and answered, but its acknowledgement failed; the broker will redeliver it, and it will be handled as a resent command")]
    private static partial void LogAcknowledgeFailed(ILogger logger, string partnerId, Exception error);
}
