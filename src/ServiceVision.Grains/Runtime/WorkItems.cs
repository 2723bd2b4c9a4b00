using System.Diagnostics;

namespace ServiceVision.Grains.Runtime;

/// <summary>One entry of an activation's mailbox: a call, a timer tick or the deactivation.</summary>
internal interface IWorkItem
{
    /// <summary>Read-only items may run interleaved with each other.</summary>
    bool IsReadOnly => false;

    /// <summary>Runs the item on the activation; never throws (the outcome goes to whoever waits).</summary>
    Task ExecuteAsync(Activation activation);

    /// <summary>The item will not run here: its activation failed or is gone.</summary>
    void Fail(Exception error);
}

/// <summary>
/// A grain method call whose result is awaited by the caller. It carries the method's prepared
/// invoker and the call's arguments (no closure per call), and fails with
/// <see cref="GrainCallTimeoutException"/> when its timeout passes first (see <see cref="CallTimeouts"/>).
/// It is itself the completion source of the caller's task: one object less per call.
/// </summary>
internal sealed class CallItem<T>(Func<Grain, object?[], Task<T>> invoke, object?[] arguments, bool isReadOnly, GrainId target, string methodName)
    : TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously), IWorkItem, ITimedCall
{
    private ITimedCall? next;
    private TimeSpan timeoutAfter;
    private Traced? traced;

    public Task<T> Result => Task;

    public bool IsReadOnly => isReadOnly;

    public long DueAt { get; private set; } = long.MaxValue;

    public bool IsCompleted => Task.IsCompleted;

    ITimedCall? ITimedCall.Next
    {
        get => Volatile.Read(ref next);
        set => Volatile.Write(ref next, value);
    }

    /// <summary>Notes when the call is due; call before the item is queued.</summary>
    public void StartTimeout(CallTimeouts timeouts)
    {
        timeoutAfter = timeouts.Timeout;
        DueAt = timeouts.DueAt();
    }

    /// <summary>
    /// Remembers the caller's trace so the call's span is its child; only when someone listens, so
    /// an untraced call pays nothing.
    /// </summary>
    public void CaptureTrace()
    {
        if (GrainMetrics.Tracing.HasListeners())
        {
            traced = new Traced(Activity.Current?.Context ?? default, Stopwatch.GetTimestamp());
        }
    }

    public async Task ExecuteAsync(Activation activation)
    {
        // A span per call (grain type, method, time spent queued); it is the current activity while
        // the grain runs, so calls the grain makes become its children.
        using var span = traced is { } t ? GrainMetrics.Tracing.StartActivity($"{target.Type}/{methodName}", ActivityKind.Internal, t.Caller) : null;
        span?.SetTag("grain.type", target.Type);
        span?.SetTag("grain.method", methodName);
        span?.SetTag("grain.queue_wait_ms", Stopwatch.GetElapsedTime(traced?.QueuedAt ?? 0).TotalMilliseconds);

        // Activity is recorded when the call ends: while it runs the activation is busy, never idle.
        try
        {
            TrySetResult(await invoke(activation.Instance, arguments));
        }
        catch (Exception error)
        {
            span?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            activation.ObserveFailure(error);
            TrySetException(error);
        }
        finally
        {
            activation.Touch();
        }
    }

    public void Fail(Exception error) => TrySetException(error);

    /// <summary>The caller stops waiting; the call itself still runs when its turn comes.</summary>
    public void TimeOut() =>
        TrySetException(new GrainCallTimeoutException($"{target}.{methodName} did not complete within {timeoutAfter}."));

    /// <summary>Only traced calls carry the caller's span and when they were queued.</summary>
    private sealed record Traced(ActivityContext Caller, long QueuedAt);
}

/// <summary>A timer tick; it does not count as activity for idle collection.</summary>
internal sealed class TimerItem(GrainTimer timer) : IWorkItem
{
    public async Task ExecuteAsync(Activation activation)
    {
        try
        {
            await timer.TickAsync();
        }
        catch (Exception error)
        {
            activation.ObserveFailure(error);
            activation.Runtime.LogTimerFailure(activation.Id, error);
        }
        finally
        {
            timer.TickDone();
        }
    }

    public void Fail(Exception error) => timer.TickDone();
}

/// <summary>The last turn of an activation.</summary>
internal sealed class DeactivateItem(DeactivationReason reason) : IWorkItem
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completed => completion.Task;

    public async Task ExecuteAsync(Activation activation)
    {
        await activation.DeactivateAsync(reason);
        completion.TrySetResult();
    }

    // Nothing to deactivate: the activation already ended.
    public void Fail(Exception error) => completion.TrySetResult();
}

/// <summary>
/// Another host stored this grain at <c>version</c> (0: cleared): if this activation's state is older,
/// it ends after this turn and the next call reloads. A turn of its own, so it never interrupts a call.
/// </summary>
internal sealed class InvalidateItem(long version) : IWorkItem
{
    public Task ExecuteAsync(Activation activation)
    {
        if (activation.Instance.StoredVersion is { } held && (held < version || (version == 0 && held != 0)))
        {
            activation.EndAfterTurn(DeactivationReason.StaleState);
            activation.Runtime.Metrics.Invalidated(activation.Id);
        }

        return Task.CompletedTask;
    }

    // The activation is gone: the next one reads the current state anyway.
    public void Fail(Exception error)
    {
    }
}
