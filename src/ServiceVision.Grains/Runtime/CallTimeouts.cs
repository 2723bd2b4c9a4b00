namespace ServiceVision.Grains.Runtime;

/// <summary>
/// Times grain calls out without a timer or a registration per call. A call only notes when it is due;
/// every slice of time (a sixteenth of the timeout, between a millisecond and a second) a sweep walks
/// the pending calls of every activation (<see cref="PendingCalls"/>) and fails the overdue ones, so a
/// call that has not completed fails after <see cref="Timeout"/>, at most a slice (plus the clock's
/// granularity) later.
/// </summary>
/// <remarks>
/// The sweep costs a glance at each activation per slice; a registration per call on a shared
/// <see cref="CancellationTokenSource"/>, made from the caller's thread and removed from the
/// activation's, cost every call more than the rest of its bookkeeping when many callers were busy.
/// </remarks>
internal sealed class CallTimeouts : IDisposable
{
    // Environment.TickCount64 may lag the real time by a few milliseconds: fire that much later, never early.
    private static readonly TimeSpan CoarseClockMargin = TimeSpan.FromMilliseconds(20);

    private readonly TimeProvider time;
    private readonly bool systemClock;
    private readonly long dueAfter;
    private readonly IEnumerable<KeyValuePair<GrainId, Activation>> activations;
    private readonly ITimer? sweep;

    /// <param name="activations">The live activations, enumerated by every sweep (a concurrent dictionary: no snapshot, no lock).</param>
    public CallTimeouts(TimeSpan timeout, TimeProvider time, IEnumerable<KeyValuePair<GrainId, Activation>> activations)
    {
        Timeout = timeout;
        this.time = time;
        this.activations = activations;
        Enabled = timeout != System.Threading.Timeout.InfiniteTimeSpan;
        if (!Enabled)
        {
            return;
        }

        systemClock = time == TimeProvider.System;
        var due = timeout + (systemClock ? CoarseClockMargin : TimeSpan.Zero);
        dueAfter = systemClock ? (long)due.TotalMilliseconds : (long)(due.TotalSeconds * time.TimestampFrequency);
        var slice = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 16, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerSecond));
        sweep = time.CreateTimer(static state => ((CallTimeouts)state!).Sweep(), this, slice, slice);
    }

    /// <summary>How long a call may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>False when calls never time out (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/>).</summary>
    public bool Enabled { get; }

    /// <summary>When a call starting now is due, in this class's units (<see cref="ITimedCall.DueAt"/>); never when disabled.</summary>
    public long DueAt() => Enabled ? Now() + dueAfter : long.MaxValue;

    public void Dispose() => sweep?.Dispose();

    private void Sweep()
    {
        var now = Now();
        foreach (var (_, activation) in activations)
        {
            activation.TimeOutDueCalls(now);
        }
    }

    /// <summary>The system's cheap millisecond tick (no clock read per call), or the provider's own timestamp.</summary>
    private long Now() => systemClock ? Environment.TickCount64 : time.GetTimestamp();
}
