using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using MassTransit;
using MassTransit.RabbitMqTransport.Topology;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Messaging;

/// <summary>
/// Publishes outbox messages to RabbitMQ with RabbitMQ.Client, on a connection of its own: the row's
/// JSON body as it is (MassTransit's raw JSON format, content type <c>application/json</c>), persistent,
/// with publisher confirms, to the exchange MassTransit's publish topology gives the contract (declared
/// with that topology's bindings before the first publish). MassTransit consumers read it with the raw
/// JSON deserializer that AddMessaging adds: the AMQP message id is the MessageId and the headers carry
/// what the envelope would (<c>MT-MessageType</c>, the tenant header, <c>MT-Activity-Id</c> for the
/// trace, <see cref="MessageSentTime.Header"/>).
/// </summary>
/// <remarks>
/// Why not bus.Publish: MassTransit's publish pipeline (envelope, send pipes, its own confirm handling)
/// cost as much CPU as the rest of the path together, and the relay already holds each message
/// serialized and its id; all it needs is the broker's confirm (docs/performance.md, section 5).
/// A failed publish drops the channel and the connection; the relay backs off and the next batch opens
/// new ones. The body is not parsed here: a row whose body is not its contract's JSON fails to
/// deserialize at the consumers' endpoint and faults to its error queue, where operators see it.
/// </remarks>
public sealed partial class RabbitMqOutboxPublisher : IOutboxPublisher, IAsyncDisposable
{
    private const string ContentType = "application/json";
    private static readonly MethodInfo DescribeMethod =
        typeof(RabbitMqOutboxPublisher).GetMethod(nameof(Describe), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly IBus bus;
    private readonly ConnectionFactory factory;
    private readonly ILogger<RabbitMqOutboxPublisher> logger;
    private readonly SemaphoreSlim opening = new(1, 1);
    private readonly ConcurrentDictionary<Type, Target> targets = new();
    private Session? session;

    public RabbitMqOutboxPublisher(IBus bus, Uri broker, ILogger<RabbitMqOutboxPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(broker);
        this.bus = bus ?? throw new ArgumentNullException(nameof(bus));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));

        // No automatic recovery: a failed publish already drops the connection, and the next batch opens a new one.
        factory = new ConnectionFactory
        {
            Uri = broker,
            ClientProvidedName = "servicevision-outbox-relay",
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            ContinuationTimeout = TimeSpan.FromSeconds(10),
        };
    }

    public async Task PublishAsync(OutboxMessage row, Type contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(contract);
        var target = targets.GetOrAdd(contract, type => (Target)DescribeMethod.MakeGenericMethod(type).Invoke(null, [bus])!);
        var current = Volatile.Read(ref session) ?? await OpenAsync(cancellationToken);
        try
        {
            await current.DeclareAsync(target);
            var properties = new BasicProperties
            {
                Persistent = true,
                ContentType = ContentType,
                MessageId = row.MessageId.ToString(),
                Headers = new Dictionary<string, object?>(4)
                {
                    ["MT-MessageType"] = target.MessageType,
                    [TenantHeaders.OrganizationId] = row.OrganizationId,
                    [MessageSentTime.Header] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                },
            };

            // The consumer's span continues the relay's publish span (or, untraced, the trace that queued the message).
            if ((Activity.Current?.Id ?? row.TraceParent) is { } parent)
            {
                properties.Headers["MT-Activity-Id"] = parent;
            }

            await current.Channel.BasicPublishAsync(target.Exchange, string.Empty, mandatory: false, properties, Encoding.UTF8.GetBytes(row.Body), cancellationToken);
        }
        catch (Exception)
        {
            await DropAsync(current);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref session, null) is { } last)
        {
            await last.DisposeAsync();
        }

        opening.Dispose();
    }

    private static Target Describe<T>(IBus bus)
        where T : class
    {
        if (bus.Topology.Publish<T>() is not IRabbitMqMessagePublishTopology<T> topology)
        {
            throw new InvalidOperationException($"The bus is not on RabbitMQ: {typeof(T).Name} has no RabbitMQ publish topology.");
        }

        var settings = topology.GetSendSettings(bus.Address);
        return new Target(settings.ExchangeName, MessageUrn.ForTypeString<T>(), settings.GetBrokerTopology());
    }

    private async Task<Session> OpenAsync(CancellationToken cancellationToken)
    {
        await opening.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref session) is { } open)
            {
                return open;
            }

            var connection = await factory.CreateConnectionAsync(cancellationToken);
            try
            {
                connection.ConnectionBlockedAsync += (_, blocked) =>
                {
                    LogBlocked(logger, blocked.Reason);
                    return Task.CompletedTask;
                };

                // Each publish completes on its confirm; the relay bounds how many are in flight.
                var channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
                    cancellationToken);
                var opened = new Session(connection, channel);
                Volatile.Write(ref session, opened);
                return opened;
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
        finally
        {
            opening.Release();
        }
    }

    private async Task DropAsync(Session failed)
    {
        if (Interlocked.CompareExchange(ref session, null, failed) == failed)
        {
            await failed.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ blocked the outbox relay's connection ({Reason}); publishes wait until it is unblocked or time out")]
    private static partial void LogBlocked(ILogger logger, string reason);

    /// <summary>Where a contract is published: MassTransit's exchange for it, its message type URN, and the topology to declare first.</summary>
    private sealed record Target(string Exchange, string MessageType, BrokerTopology Topology);

    /// <summary>A connection and its confirming channel, and the exchanges declared on it.</summary>
    private sealed class Session(IConnection connection, IChannel channel) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<Task>> declared = new(StringComparer.Ordinal);

        public IChannel Channel { get; } = channel;

        /// <summary>Declares the target's exchanges and bindings once per session (as MassTransit does before its first publish).</summary>
        public Task DeclareAsync(Target target) =>
            declared.GetOrAdd(target.Exchange, _ => new Lazy<Task>(() => DeclareTopologyAsync(target.Topology))).Value;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Channel.DisposeAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }

        private async Task DeclareTopologyAsync(BrokerTopology topology)
        {
            foreach (var exchange in topology.Exchanges)
            {
                await Channel.ExchangeDeclareAsync(exchange.ExchangeName, exchange.ExchangeType, exchange.Durable, exchange.AutoDelete, exchange.ExchangeArguments);
            }

            foreach (var binding in topology.ExchangeBindings)
            {
                await Channel.ExchangeBindAsync(binding.Destination.ExchangeName, binding.Source.ExchangeName, binding.RoutingKey, binding.Arguments);
            }
        }
    }
}
