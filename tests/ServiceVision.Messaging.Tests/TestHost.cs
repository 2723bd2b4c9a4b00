using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;
using ServiceVision.Testing;

namespace ServiceVision.Messaging.Tests;

/// <summary>A PostgreSQL database and a RabbitMQ virtual host for one test class.</summary>
public sealed class Infrastructure : IAsyncLifetime
{
    private PostgresTestDatabase? database;
    private RabbitMqTestVirtualHost? broker;

    public PostgresTestDatabase Database => database ?? throw new InvalidOperationException("Not initialized.");

    public RabbitMqTestVirtualHost Broker => broker ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        broker = await RabbitMqTestVirtualHost.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>The ids of the outbox rows of an organization, read straight from the table (claiming nothing).</summary>
    public async Task<IReadOnlyList<Guid>> OutboxIdsAsync(string organizationId)
    {
        await using var command = Database.DataSource.CreateCommand("SELECT message_id FROM grains.outbox WHERE organization_id = @org ORDER BY seq");
        command.Parameters.AddWithValue("org", organizationId);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Publishes a raw AMQP message (no MassTransit) to <paramref name="exchange"/>.</summary>
    public async Task PublishRawAsync(string exchange, BasicProperties properties, string body)
    {
        var factory = new ConnectionFactory { Uri = Broker.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), TestContext.Current.CancellationToken);
        await channel.BasicPublishAsync(exchange, string.Empty, mandatory: false, properties, System.Text.Encoding.UTF8.GetBytes(body), TestContext.Current.CancellationToken);
    }

    /// <summary>Declares a queue of the test's own bound to <paramref name="exchange"/>, so it gets a copy of what is published there; returns its name.</summary>
    public async Task<string> TapAsync(string exchange)
    {
        var factory = new ConnectionFactory { Uri = Broker.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var queue = "tap-" + Guid.NewGuid().ToString("N");
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false, cancellationToken: TestContext.Current.CancellationToken);
        await channel.QueueBindAsync(queue, exchange, string.Empty, cancellationToken: TestContext.Current.CancellationToken);
        return queue;
    }

    /// <summary>Takes the messages now in <paramref name="queue"/> off it (raw AMQP, no MassTransit); none when the queue does not exist yet.</summary>
    public async Task<IReadOnlyList<BasicGetResult>> DrainQueueAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = Broker.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var messages = new List<BasicGetResult>();
        try
        {
            while (await channel.BasicGetAsync(queue, autoAck: true, TestContext.Current.CancellationToken) is { } message)
            {
                messages.Add(message);
            }
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException error) when (error.ShutdownReason?.ReplyCode == 404)
        {
            // MassTransit creates an error queue with its first faulted message.
        }

        return messages;
    }
}

/// <summary>How a test host is put together.</summary>
public sealed class HostSettings
{
    /// <summary>amqp:// URI of the broker; null for the in-memory transport.</summary>
    public Uri? RabbitMq { get; set; }

    /// <summary>PostgreSQL connection string; null for SQLite at <see cref="SqlitePath"/>.</summary>
    public string? Postgres { get; set; }

    public string? SqlitePath { get; set; }

    /// <summary>Whether host start waits for the bus (false when the broker is meant to be unreachable).</summary>
    public bool WaitForBus { get; set; } = true;

    /// <summary>Configuration keys, e.g. Messaging:OutboxRelayEnabled.</summary>
    public Dictionary<string, string?> Configuration { get; } = new()
    {
        ["Messaging:Retry:Immediate"] = "1",
        ["Messaging:Retry:Incremental"] = "1",
        ["Messaging:Retry:InitialInterval"] = "00:00:00.050",
        ["Messaging:Retry:IntervalIncrement"] = "00:00:00.050",
    };
}

/// <summary>A host with the grain runtime, a store, the bus, the test consumers and the relay.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly IHost host;

    private TestHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public IBus Bus => Services.GetRequiredService<IBus>();

    public IOutboxStore Outbox => Services.GetRequiredService<IOutboxStore>();

    /// <summary>
    /// Writes, in one state write of a grain of <paramref name="organizationId"/>, a Pinged row whose body
    /// is cut short before a readable one, wakes the relay, and answers the unreadable row's id.
    /// </summary>
    public async Task<Guid> WriteUnreadableThenReadableAsync(string organizationId)
    {
        var now = DateTimeOffset.UtcNow;
        var readable = OutboxMessage.Create(new Pinged(organizationId, "readable"), now);
        var unreadable = readable with { MessageId = Guid.CreateVersion7(now), Body = """{"organizationId": """ };
        await Services.GetRequiredService<IGrainStorage>().WriteAsync("relay-test", organizationId, "{}", 0, [unreadable, readable], TestContext.Current.CancellationToken);
        Services.GetRequiredService<IOutboxSignal>().Notify();
        return unreadable.MessageId;
    }

    public static async Task<TestHost> StartAsync(Probe probe, HostSettings settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        var configuration = new Dictionary<string, string?>(settings.Configuration);
        if (settings.RabbitMq is { } rabbit)
        {
            configuration["Bus:Transport"] = "RabbitMQ";
            configuration["ConnectionStrings:RabbitMQ"] = rabbit.ToString();
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = settings.WaitForBus;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(5);
        });
        builder.Services.AddSingleton(probe);
        builder.Services.AddGrainRuntime();
        builder.Services.AddGrain<IBoardGrain, BoardGrain>("board");
        builder.Services.AddGrain<IScoreGrain, ScoreGrain>("score");
        if (settings.Postgres is { } postgres)
        {
            builder.Services.AddPostgresGrainStorage(postgres);
        }
        else
        {
            builder.Services.AddSqliteGrainStorage($"Data Source={settings.SqlitePath ?? throw new InvalidOperationException("No store.")}");
        }

        builder.Services.AddMessageContracts(typeof(Pinged).Assembly);
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<PingedConsumer>();
            bus.AddConsumer<PointsAwardedConsumer>();
            bus.AddConsumer<DoomedConsumer>();
        });

        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new TestHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
