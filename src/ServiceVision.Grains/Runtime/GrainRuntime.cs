using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Grains.Runtime;

/// <summary>
/// The grain directory of this process: one activation per grain id, created on the first call,
/// collected when idle. Also the <see cref="IGrainFactory"/>.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IGrainInvalidation, IDisposable
{
    private readonly ConcurrentDictionary<GrainId, Activation> activations = new();
    private readonly Dictionary<Type, GrainRegistration> byInterface;
    private readonly Dictionary<string, GrainRegistration> byName;
    private readonly IServiceProvider services;
    private readonly IGrainCallFilter[] filters;
    private readonly GrainRuntimeOptions options;
    private readonly ILogger logger;
    private readonly CallTimeouts timeouts;
    private readonly IGrainStateChangeNotifier? stateChanges;
    private volatile bool shuttingDown;

    public GrainRuntime(
        IServiceProvider services,
        IEnumerable<GrainRegistration> registrations,
        IGrainStorage storage,
        IReminderTable reminders,
        IEnumerable<IGrainCallFilter> filters,
        IOptions<GrainRuntimeOptions> options,
        ILogger<GrainRuntime> logger,
        TimeProvider? time = null,
        IOutboxSignal? outboxSignal = null,
        IMeterFactory? meterFactory = null,
        IGrainStateChangeNotifier? stateChanges = null)
    {
        var all = registrations.ToList();
        all.ForEach(r => r.Validate());
        byInterface = all.ToDictionary(r => r.Interface);
        byName = all.ToDictionary(r => r.TypeName, StringComparer.Ordinal);
        this.services = services;
        this.filters = [.. filters];
        this.options = options.Value;
        this.logger = logger;
        Storage = storage;
        Reminders = reminders;
        Time = time ?? TimeProvider.System;
        OutboxSignal = outboxSignal;
        this.stateChanges = stateChanges;
        timeouts = new CallTimeouts(this.options.CallTimeout, Time, activations);
        Metrics = new GrainMetrics(meterFactory, this);
    }

    internal GrainMetrics Metrics { get; }

    internal IGrainStorage Storage { get; }

    internal IReminderTable Reminders { get; }

    internal TimeProvider Time { get; }

    /// <summary>
    /// Now, in ticks, for activity stamps and idle checks: on the system clock the cheap millisecond
    /// tick (every call stamps its activation; idle collection needs no better), otherwise the
    /// provider's time, so tests can move it.
    /// </summary>
    internal long ActivityTicks() =>
        Time == TimeProvider.System ? Environment.TickCount64 * TimeSpan.TicksPerMillisecond : Time.GetUtcNow().UtcTicks;

    /// <summary>Woken after a state write that added messages to the outbox.</summary>
    internal IOutboxSignal? OutboxSignal { get; }

    /// <summary>The stored type names of the grains this process runs.</summary>
    public IReadOnlyCollection<string> GrainTypeNames => byName.Keys;

    /// <summary>Live activations in this process.</summary>
    public int ActivationCount => activations.Count;

    /// <summary>Items waiting in all mailboxes.</summary>
    public long QueuedCalls => activations.Values.Sum(a => (long)a.QueueLength);

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrain
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (!byInterface.TryGetValue(typeof(TGrain), out var registration))
        {
            throw new InvalidOperationException($"No grain class is registered for {typeof(TGrain).Name}.");
        }

        return GrainProxy.Create<TGrain>(this, new GrainId(registration.TypeName, key));
    }

    /// <summary>Whether this process holds an activation of the grain now.</summary>
    public bool IsActive(GrainId id) => activations.ContainsKey(id);

    /// <summary>
    /// Queues a call of <paramref name="methodName"/> on the grain <paramref name="id"/>; the task
    /// completes with the grain method's outcome, or fails with <see cref="GrainCallTimeoutException"/>
    /// once <see cref="GrainRuntimeOptions.CallTimeout"/> has passed (see <see cref="CallTimeouts"/>).
    /// A refusal (a call filter) or a dispatch error comes back as a failed task, never as a synchronous throw.
    /// </summary>
    internal Task<T> CallAsync<T>(GrainId id, string methodName, bool isReadOnly, Func<Grain, object?[], Task<T>> invoke, object?[] arguments)
    {
        Activation? unknown = null;
        return CallAsync(id, ref unknown, methodName, isReadOnly, invoke, arguments);
    }

    /// <param name="activation">The activation the caller's reference last reached (updated), tried before looking the grain up.</param>
    internal Task<T> CallAsync<T>(GrainId id, ref Activation? activation, string methodName, bool isReadOnly, Func<Grain, object?[], Task<T>> invoke, object?[] arguments)
    {
        CallItem<T>? item = null;
        try
        {
            if (filters.Length > 0)
            {
                var context = new GrainCallContext(id, methodName, TenantContext.Current);
                foreach (var filter in filters)
                {
                    filter.OnCall(context);
                }
            }

            item = new CallItem<T>(invoke, arguments, isReadOnly, id, methodName);
            item.StartTimeout(timeouts);
            item.CaptureTrace();
            if (activation is null || !activation.TryEnqueue(item))
            {
                activation = Dispatch(id, item);
            }

            Metrics.CallQueued(id);
            return item.Result;
        }
        catch (Exception error)
        {
            if (item is null)
            {
                return Task.FromException<T>(error);
            }

            item.Fail(error);
            return item.Result;
        }
    }

    /// <summary>Queues <paramref name="item"/> on the grain's activation (created if none lives); returns that activation.</summary>
    internal Activation Dispatch(GrainId id, IWorkItem item)
    {
        var spin = new SpinWait();
        while (true)
        {
            var activation = GetOrActivate(id);
            if (activation.TryEnqueue(item))
            {
                return activation;
            }

            // The activation just ended; its successor takes the item.
            spin.SpinOnce();
        }
    }

    private Activation GetOrActivate(GrainId id)
    {
        while (true)
        {
            if (activations.TryGetValue(id, out var existing))
            {
                return existing;
            }

            if (!byName.TryGetValue(id.Type, out var registration))
            {
                throw new InvalidOperationException($"No grain class is registered under type name '{id.Type}'.");
            }

            if (shuttingDown)
            {
                // Its services are about to be disposed: an activation started now could not finish its first turn.
                throw new GrainRuntimeStoppingException($"This host is shutting down: {id} was not activated and the call did not run.");
            }

            var created = new Activation(this, id, registration);
            if (activations.TryAdd(id, created))
            {
                created.Start();
                return created;
            }
        }
    }

    /// <summary>A state write (or clear, version 0) of <paramref name="id"/> committed: tell the other hosts.</summary>
    internal void StateStored(GrainId id, long version) => stateChanges?.StateChanged(new GrainStateChange(id.Type, id.Key, version));

    /// <inheritdoc />
    public bool Invalidate(GrainStateChange change)
    {
        // Only an existing activation is checked: a notice never activates a grain.
        if (!activations.TryGetValue(change.GrainId, out var activation))
        {
            return false;
        }

        return activation.TryEnqueue(new InvalidateItem(change.Version));
    }

    /// <inheritdoc />
    public int InvalidateAll()
    {
        var asked = 0;
        foreach (var activation in activations.Values)
        {
            // Any stored version is older than this one: every activation holding state reloads.
            asked += activation.TryEnqueue(new InvalidateItem(long.MaxValue)) ? 1 : 0;
        }

        return asked;
    }

    internal Grain CreateGrain(GrainRegistration registration) =>
        (Grain)ActivatorUtilities.CreateInstance(services, registration.Implementation);

    internal void Forget(Activation activation) =>
        activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.Id, activation));

    /// <summary>Deactivates every activation idle for longer than the collection age; returns how many.</summary>
    public int CollectIdleActivations()
    {
        var now = ActivityTicks();
        var collected = 0;
        foreach (var activation in activations.Values)
        {
            if (activation.IsIdle(now, options.CollectionAge) && activation.TryRequestDeactivation(DeactivationReason.Idle, out _))
            {
                collected++;
            }
        }

        return collected;
    }

    /// <summary>
    /// Host shutdown: refuses new activations from now on (<see cref="GrainRuntimeStoppingException"/>)
    /// and runs the last turn of every activation.
    /// </summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        shuttingDown = true;
        List<Task> pending;
        do
        {
            // A second pass finds activations that started as the flag was set.
            pending = [];
            foreach (var activation in activations.Values)
            {
                if (activation.TryRequestDeactivation(DeactivationReason.ShuttingDown, out var completed))
                {
                    pending.Add(completed);
                }
            }

            await Task.WhenAll(pending).WaitAsync(cancellationToken);
        }
        while (pending.Count > 0);
    }

    internal Task<bool> FireReminderAsync(ReminderEntry entry, ReminderTick tick) =>
        CallAsync(new GrainId(entry.GrainType, entry.GrainKey), nameof(IRemindable.ReceiveReminder), isReadOnly: false, ReceiveReminderAsync, [entry, tick]);

    private static async Task<bool> ReceiveReminderAsync(Grain grain, object?[] arguments)
    {
        var entry = (ReminderEntry)arguments[0]!;
        if (grain is not IRemindable remindable)
        {
            throw new InvalidOperationException($"{grain.GetType().Name} received reminder '{entry.Name}' but is not {nameof(IRemindable)}.");
        }

        await remindable.ReceiveReminder(entry.Name, (ReminderTick)arguments[1]!);
        return true;
    }

    /// <summary>Stops the timeout sweep (the container disposes the runtime with the host).</summary>
    public void Dispose() => timeouts.Dispose();

    internal void LogActivationFailure(GrainId id, Exception error) => logger.LogError(error, "Activation of {Grain} failed", id);

    internal void LogDeactivationFailure(GrainId id, Exception error) => logger.LogWarning(error, "Deactivation of {Grain} failed", id);

    internal void LogUnwrittenMessages(GrainId id, int count, DeactivationReason reason) =>
        logger.LogWarning("{Grain} ended ({Reason}) with {Count} published messages that no state write stored; they are dropped", id, reason, count);

    internal void LogTimerFailure(GrainId id, Exception error) => logger.LogWarning(error, "A timer of {Grain} failed", id);
}
