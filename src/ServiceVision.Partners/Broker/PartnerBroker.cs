using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using ServiceVision.Messaging;

namespace ServiceVision.Partners.Broker;

/// <summary>
/// The platform's own AMQP connection for partner traffic (RabbitMQ.Client, next to MassTransit's):
/// declares partner exchanges and queues, sends envelopes to partners' outbound queues with
/// publisher confirms, and carries the inbound consumers. Only on the RabbitMQ transport; with the
/// in-memory bus there is no broker, so no partner can be provisioned.
/// </summary>
public sealed partial class PartnerBroker(IConfiguration configuration, ILogger<PartnerBroker> logger) : IAsyncDisposable
{
    // Administration (declares, deletes, inbound consumers) and publishing use separate connections, as
    // RabbitMQ advises: when the broker blocks a publishing connection (a memory or disk alarm, flow
    // control), it stops reading from it altogether, and provisioning must not wait behind it.
    private readonly AmqpLink control = new("servicevision-partners-control", logger);
    private readonly AmqpLink publishing = new("servicevision-partners-publish", logger);
    private readonly SemaphoreSlim sending = new(1, 1);
    private IChannel? sendChannel;

    /// <summary>The broker's AMQP address, or null when the bus is not RabbitMQ.</summary>
    public Uri? Address { get; } =
        configuration.GetSection(BusOptions.SectionName).Get<BusOptions>()?.Transport == BusTransport.RabbitMQ
        && configuration.GetConnectionString("RabbitMQ") is { Length: > 0 } rabbit
            ? new Uri(rabbit)
            : null;

    public bool IsAvailable => Address is not null;

    /// <summary>The platform's virtual host (the path of the AMQP address; "/" when it has none).</summary>
    public string VirtualHost => Address is { } address && address.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";

    /// <summary>The administration connection (declares, deletes, the inbound consumers' channels).</summary>
    public Task<IConnection> ConnectionAsync(CancellationToken cancellationToken) => control.GetAsync(RequireAddress(), cancellationToken);

    /// <summary>
    /// Declares (idempotently: a repeat changes nothing) the partner's durable fanout exchange
    /// <see cref="PartnerKeys.InboundExchange"/>, the queue <see cref="PartnerKeys.InboundQueue"/>
    /// bound to it, and the queue <see cref="PartnerKeys.OutboundQueue"/>.
    /// </summary>
    public Task DeclareAsync(string partnerId, CancellationToken cancellationToken) =>
        OnControlChannelAsync(async channel =>
        {
            await channel.ExchangeDeclareAsync(PartnerKeys.InboundExchange(partnerId), ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(PartnerKeys.InboundQueue(partnerId), durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(PartnerKeys.InboundQueue(partnerId), PartnerKeys.InboundExchange(partnerId), "", cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(PartnerKeys.OutboundQueue(partnerId), durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        }, cancellationToken);

    /// <summary>Deletes the partner's exchange and queues (with whatever they still hold); absent ones are fine.</summary>
    public Task DeleteAsync(string partnerId, CancellationToken cancellationToken) =>
        OnControlChannelAsync(async channel =>
        {
            await channel.QueueDeleteAsync(PartnerKeys.InboundQueue(partnerId), ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
            await channel.QueueDeleteAsync(PartnerKeys.OutboundQueue(partnerId), ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
            await channel.ExchangeDeleteAsync(PartnerKeys.InboundExchange(partnerId), ifUnused: false, cancellationToken: cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Runs idempotent administration steps on a fresh channel; when the broker does not answer in time
    /// or the connection is gone, once more on a new connection (the steps are idempotent, so a repeat is harmless).
    /// </summary>
    private async Task OnControlChannelAsync(Func<IChannel, Task> steps, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var amqp = await ConnectionAsync(cancellationToken);
            try
            {
                await using var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
                await steps(channel);
                return;
            }
            catch (Exception error) when (attempt == 1 && !cancellationToken.IsCancellationRequested
                && error is OperationCanceledException or TimeoutException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
            {
                LogControlRetry(logger, error);
                await control.ResetAsync(amqp);
            }
        }
    }

    /// <summary>
    /// Sends a JSON envelope to the partner's outbound queue through the default exchange: persistent,
    /// and awaited until the broker confirms it (an exception means it may not have been stored, so
    /// the caller's message is retried).
    /// </summary>
    public async Task SendToPartnerAsync(string partnerId, PartnerEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var body = envelope.ToUtf8Json();
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = PartnerEnvelope.ContentType,
            MessageId = envelope.Id,
            Type = envelope.Type,
            Timestamp = new AmqpTimestamp(envelope.Time.ToUnixTimeSeconds()),
        };

        await sending.WaitAsync(cancellationToken);
        try
        {
            if (sendChannel is not { IsOpen: true })
            {
                if (sendChannel is not null)
                {
                    await sendChannel.DisposeAsync();
                }

                var amqp = await publishing.GetAsync(RequireAddress(), cancellationToken);
                sendChannel = await amqp.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            }

            // Tracking on: the call returns once the broker confirmed the message (and throws on a nack).
            await sendChannel.BasicPublishAsync("", PartnerKeys.OutboundQueue(partnerId), mandatory: false, properties, body, cancellationToken);
        }
        finally
        {
            sending.Release();
        }

        LogSent(logger, envelope.Type, envelope.Id, partnerId);
    }

    public async ValueTask DisposeAsync()
    {
        if (sendChannel is not null)
        {
            await sendChannel.DisposeAsync();
        }

        await publishing.DisposeAsync();
        await control.DisposeAsync();
        sending.Dispose();
    }

    private Uri RequireAddress() => Address ?? throw new BrokerUnavailableException("The message bus is not RabbitMQ; partners need a broker.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker did not answer an administration step of the partners' connection in time; retrying on a new connection")]
    private static partial void LogControlRetry(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker blocked connection {Name}: {Reason}")]
    private static partial void LogBlocked(ILogger logger, string name, string reason);

    /// <summary>One lazily opened, automatically recovering connection, replaced when found closed or stuck.</summary>
    private sealed class AmqpLink(string name, ILogger logger) : IAsyncDisposable
    {
        private readonly SemaphoreSlim connecting = new(1, 1);
        private IConnection? connection;

        public async Task<IConnection> GetAsync(Uri address, CancellationToken cancellationToken)
        {
            if (connection is { IsOpen: true } open)
            {
                return open;
            }

            await connecting.WaitAsync(cancellationToken);
            try
            {
                if (connection is { IsOpen: true } again)
                {
                    return again;
                }

                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }

                var factory = new ConnectionFactory
                {
                    Uri = address,
                    AutomaticRecoveryEnabled = true,
                    ClientProvidedName = name,
                    ContinuationTimeout = TimeSpan.FromSeconds(10),
                };
                connection = await factory.CreateConnectionAsync(cancellationToken);
                connection.ConnectionBlockedAsync += (_, blocked) =>
                {
                    LogBlocked(logger, name, blocked.Reason);
                    return Task.CompletedTask;
                };
                return connection;
            }
            finally
            {
                connecting.Release();
            }
        }

        /// <summary>Drops <paramref name="stale"/> so that the next call opens a new connection (unless another call already did).</summary>
        public async Task ResetAsync(IConnection stale)
        {
            await connecting.WaitAsync();
            try
            {
                if (ReferenceEquals(connection, stale))
                {
                    connection = null;
                }
            }
            finally
            {
                connecting.Release();
            }

            try
            {
                await stale.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception error) when (error is TimeoutException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
            {
                // A stuck connection may not close cleanly; it is abandoned either way.
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            connecting.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Type} {Id} to partner {PartnerId}")]
    private static partial void LogSent(ILogger logger, string type, string id, string partnerId);
}

/// <summary>503: the broker (or its management API) is not configured or does not answer.</summary>
public sealed class BrokerUnavailableException(string message) : ServiceVision.Api.ApiException(message)
{
    public override int StatusCode => 503;

    public override string Title => "The message broker is unavailable.";
}
