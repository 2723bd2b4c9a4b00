namespace ServiceVision.Grains;

/// <summary>Marker for grain interfaces: every method returns Task or Task&lt;T&gt;.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "Marks grain interfaces, as in Orleans.")]
public interface IGrain;

/// <summary>
/// Marks a grain method that does not change state: read-only calls may interleave with each
/// other (never with anything else).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>Gets references to grains. Callers never create or destroy grains: the first call activates one.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with this key.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrain;
}

/// <summary>A grain that receives durable reminders.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Called, as a turn, when a reminder named <paramref name="reminderName"/> is due.</summary>
    Task ReceiveReminder(string reminderName, ReminderTick tick);
}

/// <summary>When a reminder tick was due and when it was delivered.</summary>
public readonly record struct ReminderTick(DateTimeOffset DueAt, DateTimeOffset FiredAt);

/// <summary>Why an activation ends.</summary>
public enum DeactivationReason
{
    /// <summary>No call for longer than the collection age.</summary>
    Idle,

    /// <summary>The grain asked for it with DeactivateOnIdle.</summary>
    Requested,

    /// <summary>A write found the stored state changed by someone else; the next call reloads.</summary>
    StaleState,

    /// <summary>The host is stopping.</summary>
    ShuttingDown,

    /// <summary>A state write failed (the store did not answer); unsaved state and queued messages are dropped and the next call reloads.</summary>
    WriteFailed,
}

/// <summary>A call from a context of one tenant into a grain of another.</summary>
public sealed class TenantIsolationException : Exception
{
    public TenantIsolationException() { }

    public TenantIsolationException(string message) : base(message) { }

    public TenantIsolationException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>The call timed out waiting for the grain.</summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    public GrainCallTimeoutException() { }

    public GrainCallTimeoutException(string message) : base(message) { }

    public GrainCallTimeoutException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The call needed a new activation while this host was shutting down: it did not run. The grain is
/// served again by the next host to call it.
/// </summary>
public sealed class GrainRuntimeStoppingException : InvalidOperationException
{
    public GrainRuntimeStoppingException() { }

    public GrainRuntimeStoppingException(string message) : base(message) { }

    public GrainRuntimeStoppingException(string message, Exception innerException) : base(message, innerException) { }
}
