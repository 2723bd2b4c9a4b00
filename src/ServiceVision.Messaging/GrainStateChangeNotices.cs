using System.Diagnostics.Metrics;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceVision.Grains;

namespace ServiceVision.Messaging;

/// <summary>
/// Stale activations across hosts (section "Messaging:StateChanges"). After a grain's state write
/// commits, this host announces (grain type, key, version, host id) on the broker; every other host
/// drops its activation of that grain when it holds an older version, so its next call reloads.
/// Only on RabbitMQ: with the in-memory transport there is one process and nothing to announce.
/// </summary>
public sealed class StateChangeNoticeOptions
{
    public const string SectionName = "Messaging:StateChanges";

    /// <summary>Whether this host announces its writes and listens to the others' (on by default with RabbitMQ).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The most changes one notice carries; a burst of writes goes out in few messages.</summary>
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>
    /// How long the publisher gathers changes after the first one before it publishes: a busy host sends
    /// at most one notice per linger instead of one per write, at the price of that much staleness.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Changes waiting to be announced at most; more are dropped (counted) while the broker is slow or down.</summary>
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>How long one publish may take before its changes are dropped (the broker is down).</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>This process among the hosts that share the store and the broker: notices it sent itself are ignored.</summary>
public sealed record GrainHostIdentity(string Id)
{
    public static GrainHostIdentity New() =>
        new($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant());
}

/// <summary>One grain's stored version in a <see cref="GrainStateChangesNotice"/> (0: cleared).</summary>
public sealed record GrainStateChangeEntry(string Type, string Key, long Version);

/// <summary>
/// Platform message (not a tenant message, not a partner contract): the grain states host
/// <see cref="HostId"/> stored. Published to a fanout exchange; each host consumes it on a
/// temporary queue of its own (grain-state-changes-{host id}, deleted when the host goes).
/// </summary>
public sealed record GrainStateChangesNotice(string HostId, IReadOnlyList<GrainStateChangeEntry> Changes);

/// <summary>Queues the changes of committed writes for <see cref="StateChangePublisher"/>; never blocks the write.</summary>
public sealed class BusStateChangeNotifier : IGrainStateChangeNotifier
{
    private readonly Channel<GrainStateChange> pending;
    private readonly StateChangeTelemetry telemetry;

    public BusStateChangeNotifier(IOptions<StateChangeNoticeOptions> options, StateChangeTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.telemetry = telemetry;
        pending = Channel.CreateBounded<GrainStateChange>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    internal ChannelReader<GrainStateChange> Reader => pending.Reader;

    public void StateChanged(GrainStateChange change)
    {
        // Full (broker down for long): the notice is lost, which only delays another host's reload.
        if (!pending.Writer.TryWrite(change))
        {
            telemetry.Dropped.Add(1);
        }
    }
}

/// <summary>Metrics of the notices (meter "ServiceVision.Messaging").</summary>
public sealed class StateChangeTelemetry : IDisposable
{
    private readonly Meter meter = new(MessagingTelemetry.Name);

    public StateChangeTelemetry()
    {
        Published = meter.CreateCounter<long>("servicevision.messaging.state_changes.published", "{change}", "Grain state changes this host announced to the other hosts.");
        Dropped = meter.CreateCounter<long>("servicevision.messaging.state_changes.dropped", "{change}", "Grain state changes not announced because the queue was full (the broker away for long); other hosts reload when their connection comes back.");
        Received = meter.CreateCounter<long>("servicevision.messaging.state_changes.received", "{change}", "Grain state changes other hosts announced to this one.");
    }

    public Counter<long> Published { get; }

    public Counter<long> Dropped { get; }

    public Counter<long> Received { get; }

    public void Dispose() => meter.Dispose();
}

/// <summary>
/// Publishes queued changes in batches: it waits for the first, lets more gather for
/// <see cref="StateChangeNoticeOptions.Linger"/>, takes what is queued (up to
/// <see cref="StateChangeNoticeOptions.MaxBatchSize"/>, the last version per grain) and publishes one
/// notice; writes that commit meanwhile go in the next. A failed publish (the broker away) keeps its
/// batch and tries again every second with whatever was queued since, so other hosts still hear of
/// every write once the broker is back. When the host stops, what is still queued is announced once
/// more (each publish bounded by <see cref="StateChangeNoticeOptions.PublishTimeout"/>), so no other
/// host keeps serving this host's last writes stale.
/// </summary>
public sealed partial class StateChangePublisher(
    BusStateChangeNotifier notifier,
    IBus bus,
    GrainHostIdentity host,
    StateChangeTelemetry telemetry,
    IOptions<StateChangeNoticeOptions> options,
    ILogger<StateChangePublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var batch = new Dictionary<GrainId, long>();
        try
        {
            // An empty notice declares the exchange and opens the publish channel now, so the first real
            // write does not pay for that (receivers ignore it).
            await PublishAsync(batch, settings.PublishTimeout, quiet: true);
            while (true)
            {
                if (batch.Count == 0)
                {
                    if (!await notifier.Reader.WaitToReadAsync(stoppingToken))
                    {
                        break;
                    }

                    if (settings.Linger > TimeSpan.Zero)
                    {
                        await Task.Delay(settings.Linger, stoppingToken);
                    }
                }
                else
                {
                    await Task.Delay(RetryDelay, stoppingToken);
                }

                Gather(batch, settings.MaxBatchSize);
                if (await PublishAsync(batch, settings.PublishTimeout))
                {
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // The bus stops after this service: the last writes still reach the other hosts.
        while (true)
        {
            Gather(batch, settings.MaxBatchSize);
            if (batch.Count == 0 || !await PublishAsync(batch, settings.PublishTimeout))
            {
                break;
            }

            batch.Clear();
        }
    }

    private void Gather(Dictionary<GrainId, long> batch, int maxBatchSize)
    {
        while (batch.Count < maxBatchSize && notifier.Reader.TryRead(out var change))
        {
            // Changes of one grain arrive in write order: the last one is its current version.
            batch[change.GrainId] = change.Version;
        }
    }

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Publishes the batch; a publish in flight is never cut short by shutdown, only by the timeout.</summary>
    private async Task<bool> PublishAsync(Dictionary<GrainId, long> batch, TimeSpan timeout, bool quiet = false)
    {
        var notice = new GrainStateChangesNotice(host.Id, [.. batch.Select(c => new GrainStateChangeEntry(c.Key.Type, c.Key.Key, c.Value))]);
        using var timedOut = new CancellationTokenSource(timeout);
        try
        {
            await bus.Publish(notice, timedOut.Token);
            telemetry.Published.Add(notice.Changes.Count);
            return true;
        }
        catch (Exception error)
        {
            if (!quiet)
            {
                LogPublishFailed(logger, error, notice.Changes.Count);
            }

            return quiet;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing {Count} grain state changes to the other hosts failed; retrying every second")]
    private static partial void LogPublishFailed(ILogger logger, Exception error, int count);
}

/// <summary>
/// Notices sent while this host's notice queue was gone (the broker restarted: the queue is
/// temporary) never reach it: when the queue is ready again after the first time, every activation
/// with state reloads on its next call.
/// </summary>
public sealed class StateChangeEndpointObserver(IGrainInvalidation invalidation, GrainHostIdentity host) : IReceiveEndpointObserver
{
    private int readyCount;

    public Task Ready(ReceiveEndpointReady ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        if (ready.InputAddress.AbsolutePath.Contains(host.Id, StringComparison.Ordinal) && Interlocked.Increment(ref readyCount) > 1)
        {
            invalidation.InvalidateAll();
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}

/// <summary>Drops this host's activations that another host's write made stale.</summary>
public sealed class GrainStateChangesConsumer(IGrainInvalidation invalidation, GrainHostIdentity host, StateChangeTelemetry telemetry) : IConsumer<GrainStateChangesNotice>
{
    public Task Consume(ConsumeContext<GrainStateChangesNotice> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notice = context.Message;

        // A fanout reaches the sender too: its own activation wrote that version. (Empty: a host's warm-up.)
        if (notice.HostId == host.Id || notice.Changes is not { Count: > 0 })
        {
            return Task.CompletedTask;
        }

        foreach (var change in notice.Changes)
        {
            if (change is { Type.Length: > 0, Key.Length: > 0, Version: >= 0 })
            {
                invalidation.Invalidate(new GrainStateChange(change.Type, change.Key, change.Version));
            }
        }

        telemetry.Received.Add(notice.Changes.Count);
        return Task.CompletedTask;
    }
}

/// <summary>Registration of the notices: the notifier the grain runtime calls, the publisher and the per-host consumer.</summary>
internal sealed class GrainStateChangeNotices
{
    private GrainStateChangeNotices(GrainHostIdentity host) => Host = host;

    public GrainHostIdentity Host { get; }

    /// <summary>Adds the notifier and its options when Messaging:StateChanges:Enabled (default true); null when off.</summary>
    public static GrainStateChangeNotices? AddTo(IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(StateChangeNoticeOptions.SectionName).Get<StateChangeNoticeOptions>() ?? new StateChangeNoticeOptions();
        if (!settings.Enabled)
        {
            return null;
        }

        var notices = new GrainStateChangeNotices(GrainHostIdentity.New());
        var services = builder.Services;
        services.AddOptions<StateChangeNoticeOptions>().BindConfiguration(StateChangeNoticeOptions.SectionName);
        services.TryAddSingleton(notices.Host);
        services.TryAddSingleton<StateChangeTelemetry>();
        services.TryAddSingleton<BusStateChangeNotifier>();
        services.TryAddSingleton<IGrainStateChangeNotifier>(sp => sp.GetRequiredService<BusStateChangeNotifier>());
        return notices;
    }

    /// <summary>The consumer on a temporary queue named after this host (auto-deleted when it disconnects).</summary>
    public void AddConsumer(IBusRegistrationConfigurator configurator) =>
        configurator.AddConsumer<GrainStateChangesConsumer>().Endpoint(endpoint =>
        {
            endpoint.InstanceId = Host.Id;
            endpoint.Temporary = true;
            endpoint.PrefetchCount = 32;
        });

    /// <summary>After MassTransit's hosted service: the publisher starts after the bus and stops before it.</summary>
    public static void AddPublisher(IServiceCollection services)
    {
        services.AddHostedService<StateChangePublisher>();
        services.AddReceiveEndpointObserver<StateChangeEndpointObserver>();
    }
}
