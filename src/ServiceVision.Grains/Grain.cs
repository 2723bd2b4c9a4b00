using System.Text.Json;
using ServiceVision.Contracts;
using ServiceVision.Grains.Runtime;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Grains;

/// <summary>
/// Base class of every grain. The runtime creates it on the first call and runs one call at a
/// time on it; code after an await continues on the activation.
/// </summary>
public abstract class Grain
{
    private Activation? activation;

    internal Activation Activation => activation ?? throw new InvalidOperationException("The grain is not activated.");

    /// <summary>This grain's identity.</summary>
    protected GrainId GrainId => Activation.Id;

    /// <summary>This grain's key.</summary>
    protected string GrainKey => Activation.Id.Key;

    /// <summary>The organization that owns this grain.</summary>
    protected string TenantId => Activation.Id.Tenant;

    /// <summary>References to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime;

    /// <summary>The clock the runtime uses.</summary>
    protected TimeProvider Time => Activation.Runtime.Time;

    internal void Attach(Activation owner) => activation = owner;

    /// <summary>Runs after state is read and before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the last turn of an activation.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Ends this activation after the current call.</summary>
    protected void DeactivateOnIdle() => Activation.DeactivateAfterCurrentTurn();

    /// <summary>Keeps this activation alive for at least <paramref name="period"/>, idle or not.</summary>
    protected void DelayDeactivation(TimeSpan period) => Activation.KeepAlive(period);

    /// <summary>
    /// Calls <paramref name="callback"/> as a turn after <paramref name="dueTime"/>, then every
    /// <paramref name="period"/> (<see cref="Timeout.InfiniteTimeSpan"/> for once). A tick is skipped
    /// while the previous one is still queued or running. Timers end with the activation and do not
    /// keep it alive.
    /// </summary>
    protected IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Activation.RegisterTimer(callback, dueTime, period);

    /// <summary>
    /// Creates or replaces a durable reminder: it survives restarts and fires <see cref="IRemindable.ReceiveReminder"/>
    /// at <paramref name="dueTime"/> from now, then every <paramref name="period"/> when one is given.
    /// </summary>
    protected Task RegisterOrUpdateReminder(string name, TimeSpan dueTime, TimeSpan? period = null)
    {
        if (this is not IRemindable)
        {
            throw new InvalidOperationException($"{GetType().Name} must implement {nameof(IRemindable)} to register reminders.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (period is { } p && p < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(period), "A reminder's period is at least one second.");
        }

        var entry = new ReminderEntry(GrainId.Type, GrainId.Key, name, Time.GetUtcNow() + dueTime, period);
        return Activation.Runtime.Reminders.UpsertAsync(entry);
    }

    /// <summary>Removes a durable reminder; true when it existed.</summary>
    protected Task<bool> UnregisterReminder(string name) =>
        Activation.Runtime.Reminders.RemoveAsync(GrainId.Type, GrainId.Key, name);

    internal virtual Task ReadStateOnActivationAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Messages published but not written yet (they are lost if the activation ends now).</summary>
    internal virtual int UnwrittenMessageCount => 0;

    /// <summary>The stored version this activation holds; null for a grain without persistent state.</summary>
    internal virtual long? StoredVersion => null;
}

/// <summary>
/// A grain with persistent state: read on activation, written only when the grain calls
/// <see cref="WriteStateAsync"/>, always as a conditional write.
/// </summary>
public abstract class Grain<TState> : Grain
    where TState : class, new()
{
    private static readonly JsonSerializerOptions serializerOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The state as last read or written.</summary>
    protected TState State { get; set; } = new();

    /// <summary>Whether the store holds state for this grain.</summary>
    protected bool RecordExists => StateVersion > 0;

    private List<OutboxMessage>? unwrittenMessages;

    /// <summary>The stored version this activation last read or wrote; 0 when nothing is stored.</summary>
    protected long StateVersion { get; private set; }

    internal override int UnwrittenMessageCount => unwrittenMessages?.Count ?? 0;

    internal override long? StoredVersion => StateVersion;

    /// <summary>
    /// Queues <paramref name="message"/> for the bus. It is written to the durable outbox by the next
    /// <see cref="WriteStateAsync"/>, in the same transaction as the state, and published by the relay
    /// once that write has committed: the message goes out if and only if the state change is stored.
    /// If that write fails, the queued messages stay with this activation, which ends after the current
    /// call, so they are dropped with the unsaved state. A message queued but never written (no
    /// <see cref="WriteStateAsync"/> before the activation ends) is lost.
    /// </summary>
    /// <remarks>
    /// A grain publishes only for its own organization: the message's
    /// <see cref="ITenantMessage.OrganizationId"/> must be this grain's tenant. Consumers must not rely
    /// on the order of messages (the relay publishes concurrently) and must tolerate a redelivery
    /// (the message id stays the same; see <see cref="IProcessedMessages"/>).
    /// </remarks>
    /// <exception cref="TenantIsolationException">The message belongs to another organization.</exception>
    /// <exception cref="ArgumentException">The message's type is not a contract (see <see cref="ContractTypes"/>).</exception>
    protected void Publish<T>(T message)
        where T : class, ITenantMessage
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!string.Equals(message.OrganizationId, TenantId, StringComparison.Ordinal))
        {
            throw new TenantIsolationException(
                $"{GrainId} of tenant '{TenantId}' may not publish {typeof(T).Name} for organization '{message.OrganizationId}'.");
        }

        (unwrittenMessages ??= []).Add(OutboxMessage.Create(message, Time.GetUtcNow()));
    }

    /// <summary>Reloads the state from the store, discarding unsaved changes.</summary>
    protected async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await Activation.Runtime.Storage.ReadAsync(GrainId.Type, GrainId.Key, cancellationToken);
        State = stored is null ? new TState() : JsonSerializer.Deserialize<TState>(stored.Json, serializerOptions) ?? new TState();
        StateVersion = stored?.Version ?? 0;
    }

    /// <summary>
    /// Writes the state if nobody else wrote since this activation read it; otherwise throws
    /// <see cref="InconsistentStateException"/> (and the runtime drops this activation).
    /// </summary>
    /// <remarks>
    /// Messages queued with <see cref="Publish{T}"/> are written in the same transaction; after the
    /// commit the relay of this process is woken to publish them.
    /// </remarks>
    protected async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(State, serializerOptions);
        var messages = unwrittenMessages;
        try
        {
            StateVersion = await Activation.Runtime.Storage.WriteAsync(GrainId.Type, GrainId.Key, json, StateVersion, messages, cancellationToken);
        }
        catch (Exception error)
        {
            // The state (and its messages) were not stored: never let a later write store this state
            // without them, nor a later read show what is not stored (the store may be down for a while).
            // The activation ends after this call; the next call reloads.
            if (error is InconsistentStateException)
            {
                Activation.Runtime.Metrics.ConflictSeen(GrainId);
            }

            Activation.EndAfterTurn(error is InconsistentStateException ? DeactivationReason.StaleState : DeactivationReason.WriteFailed);
            throw;
        }

        if (messages is not null)
        {
            unwrittenMessages = null;
            Activation.Runtime.OutboxSignal?.Notify();
        }

        // Other hosts holding this grain drop their now stale activation (queued, never blocks).
        Activation.Runtime.StateStored(GrainId, StateVersion);
    }

    /// <summary>Deletes the stored state (conditionally) and resets <see cref="State"/>.</summary>
    protected async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await Activation.Runtime.Storage.ClearAsync(GrainId.Type, GrainId.Key, StateVersion, cancellationToken);
        State = new TState();
        StateVersion = 0;
        Activation.Runtime.StateStored(GrainId, 0);
    }

    internal override Task ReadStateOnActivationAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);
}
