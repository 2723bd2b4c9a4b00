using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;
using ServiceVision.Messaging;

namespace ServiceVision.Bench.Bus;

/// <summary>
/// Our publish path, composed as the host composes it: grains on the PostgreSQL store, the durable
/// outbox, <see cref="OutboxRelay"/>, MassTransit on RabbitMQ (or in memory) with the tenant filters
/// and retries of AddMessaging, and <see cref="BenchEventConsumer"/> at the end.
/// </summary>
internal sealed class PlatformBus : IAsyncDisposable
{
    private readonly IHost host;
    private readonly string keyPrefix;
    private readonly int producers;
    private readonly MeterListener relayBatches = new();
    private int sequence;
    private long batches;
    private long relayed;

    private PlatformBus(IHost host, string keyPrefix, int producers)
    {
        this.host = host;
        this.keyPrefix = keyPrefix;
        this.producers = producers;

        // The relay adds each batch's published count once: how many batches, how large.
        relayBatches.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.Name && instrument.Name == "servicevision.messaging.outbox.published")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        relayBatches.SetMeasurementEventCallback<long>((_, count, _, _) =>
        {
            if (count > 0)
            {
                Interlocked.Increment(ref batches);
                Interlocked.Add(ref relayed, count);
            }
        });
        relayBatches.Start();
    }

    /// <summary>Relay batches and the messages they published since the last call.</summary>
    public (long Batches, long Messages) TakeRelayBatches() => (Interlocked.Exchange(ref batches, 0), Interlocked.Exchange(ref relayed, 0));

    public DeliveryCounter Counter => host.Services.GetRequiredService<DeliveryCounter>();

    /// <param name="rabbit">The broker's virtual host; null for the in-memory transport.</param>
    /// <param name="relay">Whether the host's relay runs (off: messages stay in the outbox until <see cref="DrainAsync"/>).</param>
    public static async Task<PlatformBus> StartAsync(Uri? rabbit, string postgres, string schema, int producers, bool relay = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        var configuration = new Dictionary<string, string?> { ["Messaging:OutboxRelayEnabled"] = relay ? "true" : "false" };
        if (rabbit is not null)
        {
            configuration["Bus:Transport"] = "RabbitMQ";
            configuration["ConnectionStrings:RabbitMQ"] = rabbit.ToString();
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).AddFilter("MassTransit", LogLevel.Error);
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddSingleton<DeliveryCounter>();
        builder.Services.AddGrainRuntime();
        builder.Services.AddGrain<IEmitterGrain, EmitterGrain>("emitter");
        builder.Services.AddPostgresGrainStorage(postgres, schema);
        builder.Services.AddMessageContracts(typeof(BenchEvent).Assembly);
        builder.AddMessaging(bus => bus.AddConsumer<BenchEventConsumer>());

        var host = builder.Build();
        await host.StartAsync();
        return new PlatformBus(host, schema, producers);
    }

    /// <summary>
    /// Grain calls from <c>producers</c> concurrent callers on as many grains, each a state change that
    /// publishes <paramref name="perWrite"/> events, <paramref name="messages"/> events in all; waits
    /// until the consumer has every event.
    /// </summary>
    public async Task<BusSample> RunAsync(int messages, int perWrite = 1)
    {
        Counter.Reset(messages);
        var start = Stopwatch.GetTimestamp();
        await ProduceAsync(messages, perWrite);
        var complete = await Counter.WaitAsync(Timing.DeliveryTimeout(messages));
        return Timing.Sample(messages, Counter, start, complete);
    }

    /// <summary>Only the grain side: calls that write state and outbox rows (use with the relay off).</summary>
    public async Task<TimeSpan> WriteOnlyAsync(int messages)
    {
        // The rows are written claimed for the relay DrainAsync starts later, as when this host's relay fell behind.
        await host.Services.GetRequiredService<IOutboxStore>().SetRelayRunningAsync(true);
        var start = Stopwatch.GetTimestamp();
        await ProduceAsync(messages, perWrite: 1);
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>Only the relay side: a relay of its own drains what the outbox holds to the consumer.</summary>
    public async Task<BusSample> DrainAsync(int messages)
    {
        Counter.Reset(messages);
        var relay = ActivatorUtilities.CreateInstance<OutboxRelay>(host.Services, Options.Create(new MessagingOptions()));
        var start = Stopwatch.GetTimestamp();
        await relay.StartAsync(CancellationToken.None);
        var complete = await Counter.WaitAsync(Timing.DeliveryTimeout(messages));
        var sample = Timing.Sample(messages, Counter, start, complete);
        await relay.StopAsync(CancellationToken.None);
        relay.Dispose();
        return sample;
    }

    /// <summary>
    /// MassTransit's own publish, no store and no relay: <paramref name="messages"/> events through
    /// <c>IBus.Publish</c> (envelope, send pipes, confirms), 500 in flight, to the same consumer.
    /// </summary>
    public async Task<BusSample> PublishThroughMassTransitAsync(int messages)
    {
        Counter.Reset(messages);
        var bus = host.Services.GetRequiredService<IBus>();
        var start = Stopwatch.GetTimestamp();
        using (var slots = new SemaphoreSlim(RawRabbit.Window))
        {
            var publishes = new List<Task>(messages);
            for (var i = 0; i < messages; i++)
            {
                await slots.WaitAsync();
                publishes.Add(PublishAsync(i));
            }

            await Task.WhenAll(publishes);

            async Task PublishAsync(int sequence)
            {
                try
                {
                    await bus.Publish(new BenchEvent($"{keyPrefix}-direct", sequence));
                }
                finally
                {
                    slots.Release();
                }
            }
        }

        var complete = await Counter.WaitAsync(Timing.DeliveryTimeout(messages));
        return Timing.Sample(messages, Counter, start, complete);
    }

    /// <summary>Rows still in the outbox.</summary>
    public Task<long> BacklogAsync() => host.Services.GetRequiredService<IOutboxStore>().CountPendingAsync();

    public async ValueTask DisposeAsync()
    {
        relayBatches.Dispose();
        await host.StopAsync();
        host.Dispose();
    }

    private async Task ProduceAsync(int messages, int perWrite)
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var first = sequence;
        sequence += messages;
        var writes = messages / perWrite;
        long next = 0;
        var loops = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            var grain = grains.GetGrain<IEmitterGrain>($"{keyPrefix}-org-{p:D3}");
            while (Interlocked.Increment(ref next) is var n && n <= writes)
            {
                await grain.Emit(first + (int)((n - 1) * perWrite), perWrite);
            }
        }));
        await Task.WhenAll(loops);
    }
}
