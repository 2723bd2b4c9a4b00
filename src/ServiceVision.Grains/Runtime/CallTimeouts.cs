using System.Numerics;

namespace ServiceVision.Grains.Runtime;

/// <summary>
/// Times grain calls out without a timer per call. Calls that start within the same slice of time
/// (a sixteenth of the timeout, at most one second) share one <see cref="CancellationTokenSource"/>
/// that fires once the last of them is due, so a call that has not completed fails after
/// <see cref="Timeout"/>, at most one slice (plus the clock's granularity) later. A call registers on
/// its slice's token when it is queued and unregisters when it completes: no allocation and no timer
/// per call (the token source reuses its registration nodes).
/// </summary>
/// <remarks>
/// A token source guards its registrations with one lock, which every call takes twice, from the
/// caller's thread and then from the activation's. One source per slice made concurrent callers of
/// many grains queue on it, so each slice has a source per stripe, picked by the calling thread.
/// </remarks>
internal sealed class CallTimeouts
{
    // Environment.TickCount64 may lag the real time by a few milliseconds: fire that much later, never early.
    private static readonly TimeSpan CoarseClockMargin = TimeSpan.FromMilliseconds(20);

    private static readonly int Stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount * 4);

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly bool systemClock;
    private readonly TimeSpan fireAfter;
    private readonly long sliceLength;
    private readonly Slice?[] current = new Slice?[Stripes];

    public CallTimeouts(TimeSpan timeout, TimeProvider time)
    {
        Timeout = timeout;
        this.time = time;
        Enabled = timeout != System.Threading.Timeout.InfiniteTimeSpan;
        systemClock = time == TimeProvider.System;
        var slice = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 16, 1, TimeSpan.TicksPerSecond));
        fireAfter = timeout + slice + (systemClock ? CoarseClockMargin : TimeSpan.Zero);
        sliceLength = Math.Max(1, (long)(slice.TotalSeconds * (systemClock ? 1000 : time.TimestampFrequency)));
    }

    /// <summary>How long a call may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>False when calls never time out (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/>).</summary>
    public bool Enabled { get; }

    /// <summary>The token that is cancelled once a call starting now is due.</summary>
    public CancellationToken Current()
    {
        if (!Enabled)
        {
            return CancellationToken.None;
        }

        var now = Now();
        ref var stripe = ref current[Environment.CurrentManagedThreadId & (Stripes - 1)];
        var open = Volatile.Read(ref stripe);
        if (open is not null && now < open.Ends)
        {
            return open.Token;
        }

        lock (gate)
        {
            open = stripe;
            if (open is null || now >= open.Ends)
            {
                // Rooted by its timer until it fires; the calls registered on it unregister as they complete.
                var source = new CancellationTokenSource(fireAfter, time);
                open = new Slice(now + sliceLength, source.Token);
                Volatile.Write(ref stripe, open);
            }

            return open.Token;
        }
    }

    /// <summary>The system's cheap millisecond tick (no clock read per call), or the provider's own timestamp.</summary>
    private long Now() => systemClock ? Environment.TickCount64 : time.GetTimestamp();

    private sealed record Slice(long Ends, CancellationToken Token);
}
