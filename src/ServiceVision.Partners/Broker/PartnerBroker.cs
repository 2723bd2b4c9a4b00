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
    private readonly SemaphoreSlim connecting = new(1, 1);
    private readonly SemaphoreSlim sending = new(1, 1);
    private IConnection? connection;
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

    public async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
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
                Uri = Address ?? throw new BrokerUnavailableException("The message bus is not RabbitMQ; partners need a broker."),
                AutomaticRecoveryEnabled = true,
                ClientProvidedName = "servicevision-partners",
            };
            connection = await factory.CreateConnectionAsync(cancellationToken);
            return connection;
        }
        finally
        {
            connecting.Release();
        }
    }

    /// <summary>
    /// Declares (idempotently: a repeat changes nothing) the partner's durable fanout exchange
    /// <see cref="PartnerKeys.InboundExchange"/>, the queue <see cref="PartnerKeys.InboundQueue"/>
    /// bound to it, and the queue <see cref="PartnerKeys.OutboundQueue"/>.
    /// </summary>
    public async Task DeclareAsync(string partnerId, CancellationToken cancellationToken)
    {
        var amqp = await ConnectionAsync(cancellationToken);
        await using var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(PartnerKeys.InboundExchange(partnerId), ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(PartnerKeys.InboundQueue(partnerId), durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(PartnerKeys.InboundQueue(partnerId), PartnerKeys.InboundExchange(partnerId), "", cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(PartnerKeys.OutboundQueue(partnerId), durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
    }

    /// <summary>Deletes the partner's exchange and queues (with whatever they still hold); absent ones are fine.</summary>
    public async Task DeleteAsync(string partnerId, CancellationToken cancellationToken)
    {
        var amqp = await ConnectionAsync(cancellationToken);
        await using var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueDeleteAsync(PartnerKeys.InboundQueue(partnerId), ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
        await channel.QueueDeleteAsync(PartnerKeys.OutboundQueue(partnerId), ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
        await channel.ExchangeDeleteAsync(PartnerKeys.InboundExchange(partnerId), ifUnused: false, cancellationToken: cancellationToken);
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

                var amqp = await ConnectionAsync(cancellationToken);
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

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        connecting.Dispose();
        sending.Dispose();
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
