using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ServiceVision.Bench.Bus;

/// <summary>
/// The baseline: RabbitMQ.Client 7.1.2 without MassTransit or a store. Persistent messages to a
/// durable queue, publisher confirms awaited in windows of 500 in flight, and a consumer on the same
/// queue (same broker, same virtual host) that acknowledges each message and counts.
/// </summary>
internal sealed class RawRabbit : IAsyncDisposable
{
    public const int Window = 500;
    private const string Queue = "bench-raw";
    private static readonly JsonSerializerOptions json = new(JsonSerializerDefaults.Web);

    private readonly IConnection connection;
    private readonly IChannel publisher;
    private readonly IChannel consumer;
    private readonly DeliveryCounter counter = new();
    private readonly BasicProperties properties = new() { Persistent = true, ContentType = "application/json" };

    private RawRabbit(IConnection connection, IChannel publisher, IChannel consumer)
    {
        this.connection = connection;
        this.publisher = publisher;
        this.consumer = consumer;
    }

    public static async Task<RawRabbit> StartAsync(Uri amqp)
    {
        var factory = new ConnectionFactory { Uri = amqp, ClientProvidedName = "sv-bench-raw" };
        var connection = await factory.CreateConnectionAsync();

        // Confirms tracked by the client (each publish completes on its confirm); no client-side throttle: the window is ours.
        var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: null));
        await publisher.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);

        var consumer = await connection.CreateChannelAsync();
        await consumer.BasicQosAsync(prefetchSize: 0, prefetchCount: 1000, global: false);
        var raw = new RawRabbit(connection, publisher, consumer);
        var listener = new AsyncEventingBasicConsumer(consumer);
        listener.ReceivedAsync += async (_, delivery) =>
        {
            raw.counter.Add();
            await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await consumer.BasicConsumeAsync(Queue, autoAck: false, listener);
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
                window.Add(publisher.BasicPublishAsync(string.Empty, Queue, mandatory: false, properties, body).AsTask());
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
}
