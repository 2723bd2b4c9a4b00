using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ServiceVision.Bench.Bus;

/// <summary>How the raw baseline's messages reach its queue.</summary>
internal enum RawRoute
{
    /// <summary>Straight to the queue through the default exchange, no headers: the least the broker does.</summary>
    Queue,

    /// <summary>
    /// The route and headers of our path: a fanout exchange for the message type bound to a fanout
    /// exchange for the consumer's endpoint bound to its queue (MassTransit's publish topology), with a
    /// message id, the message type, tenant and sent-time headers the relay sets.
    /// </summary>
    Exchanges,
}

/// <summary>
/// The baseline: RabbitMQ.Client 7.1.2 without MassTransit or a store. Persistent messages to a
/// durable queue, publisher confirms awaited in windows of 500 in flight, and a consumer on the same
/// queue (same broker, same virtual host) that acknowledges each message and counts.
/// </summary>
internal sealed class RawRabbit : IAsyncDisposable
{
    public const int Window = 500;
    private const string TypeExchange = "bench-raw-type";
    private const string EndpointExchange = "bench-raw-endpoint";
    private static readonly JsonSerializerOptions json = new(JsonSerializerDefaults.Web);

    private readonly IConnection connection;
    private readonly IChannel publisher;
    private readonly IChannel consumer;
    private readonly RawRoute route;
    private readonly string queue;
    private readonly DeliveryCounter counter = new();
    private readonly BasicProperties properties = new() { Persistent = true, ContentType = "application/json" };

    private RawRabbit(IConnection connection, IChannel publisher, IChannel consumer, RawRoute route, string queue)
    {
        this.connection = connection;
        this.publisher = publisher;
        this.consumer = consumer;
        this.route = route;
        this.queue = queue;
    }

    public static async Task<RawRabbit> StartAsync(Uri amqp, RawRoute route = RawRoute.Queue)
    {
        var queue = route == RawRoute.Queue ? "bench-raw" : "bench-raw-routed";
        var factory = new ConnectionFactory { Uri = amqp, ClientProvidedName = "sv-" + queue };
        var connection = await factory.CreateConnectionAsync();

        // Confirms tracked by the client (each publish completes on its confirm); no client-side throttle: the window is ours.
        var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: null));
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        if (route == RawRoute.Exchanges)
        {
            await publisher.ExchangeDeclareAsync(TypeExchange, ExchangeType.Fanout, durable: true);
            await publisher.ExchangeDeclareAsync(EndpointExchange, ExchangeType.Fanout, durable: true);
            await publisher.ExchangeBindAsync(EndpointExchange, TypeExchange, string.Empty);
            await publisher.QueueBindAsync(queue, EndpointExchange, string.Empty);
        }

        var consumer = await connection.CreateChannelAsync();
        await consumer.BasicQosAsync(prefetchSize: 0, prefetchCount: 1000, global: false);
        var raw = new RawRabbit(connection, publisher, consumer, route, queue);
        var listener = new AsyncEventingBasicConsumer(consumer);
        listener.ReceivedAsync += async (_, delivery) =>
        {
            raw.counter.Add();
            await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await consumer.BasicConsumeAsync(queue, autoAck: false, listener);
        return raw;
    }

    /// <summary>Publishes <paramref name="messages"/> in windows and waits until the consumer has them all.</summary>
    public async Task<BusSample> RunAsync(int messages)
    {
        counter.Reset(messages);
        var start = Stopwatch.GetTimestamp();
        var window = new List<Task>(Window);
        for (var sent = 0; sent < messages;)
        {
            window.Clear();
            for (var i = 0; i < Window && sent < messages; i++, sent++)
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(new BenchEvent("org-raw", sent), json);
                window.Add(route == RawRoute.Queue
                    ? publisher.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, body).AsTask()
                    : publisher.BasicPublishAsync(TypeExchange, string.Empty, mandatory: false, RoutedProperties(), body).AsTask());
            }

            await Task.WhenAll(window);
        }

        var complete = await counter.WaitAsync(Timing.DeliveryTimeout(messages));
        return Timing.Sample(messages, counter, start, complete);
    }

    public async ValueTask DisposeAsync()
    {
        await consumer.CloseAsync();
        await publisher.CloseAsync();
        await connection.CloseAsync();
        consumer.Dispose();
        publisher.Dispose();
        connection.Dispose();
    }

    /// <summary>What the outbox relay sets on each message (RabbitMqOutboxPublisher).</summary>
    private static BasicProperties RoutedProperties() => new()
    {
        Persistent = true,
        ContentType = "application/json",
        MessageId = Guid.NewGuid().ToString(),
        Headers = new Dictionary<string, object?>(3)
        {
            ["MT-MessageType"] = "urn:message:ServiceVision.Bench.Bus:BenchEvent",
            ["sv-organization-id"] = "org-raw",
            ["sv-sent-at"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        },
    };
}
