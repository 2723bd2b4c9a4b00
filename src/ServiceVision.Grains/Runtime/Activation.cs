using System.Threading.Channels;

namespace ServiceVision.Grains.Runtime;

/// <summary>
/// One live instance of a grain and its mailbox. Every item runs on the activation's own context
/// (<see cref="ActivationContext"/>: one piece of work at a time, in order), so the grain's code (and
/// its continuations after await) never runs on two threads at once; a non-read-only call runs to
/// completion before the next item starts.
/// </summary>
internal sealed class Activation
{
    private enum Status
    {
        Activating,
        Active,
        Deactivating,
        Gone,
    }

    private readonly Channel<IWorkItem> mailbox = Channel.CreateUnbounded<IWorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ActivationContext context = new();
    private readonly PendingCalls pending = new();
    private readonly GrainRegistration registration;
    private readonly List<GrainTimer> timers = [];
    private Grain? instance;
    private volatile Status status = Status.Activating;
    private int queued;
    private int running;
    private int deactivationQueued;
    private long lastActivity;
    private long keepAliveUntil;
    private DeactivationReason? endAfterTurn;

    public Activation(GrainRuntime runtime, GrainId id, GrainRegistration registration)
    {
        Runtime = runtime;
        Id = id;
        this.registration = registration;
        Touch();
    }

    public GrainRuntime Runtime { get; }

    public GrainId Id { get; }

    public Grain Instance => instance ?? throw new InvalidOperationException("The grain is not activated.");

    /// <summary>Items waiting in the mailbox.</summary>
    public int QueueLength => Volatile.Read(ref queued);

    /// <summary>Starts the pump on the activation's context; it serves every caller, so it inherits none's async-locals (tenant, trace).</summary>
    public void Start() => context.Post(static self => _ = ((Activation)self!).PumpAsync(), this);

    public bool TryEnqueue(IWorkItem item)
    {
        if (item is ITimedCall { DueAt: < long.MaxValue } call)
        {
            pending.Add(call);
        }

        Interlocked.Increment(ref queued);
        if (mailbox.Writer.TryWrite(item))
        {
            return true;
        }

        Interlocked.Decrement(ref queued);
        return false;
    }

    /// <summary>Fails this activation's calls that are due at or before <paramref name="now"/> (the timeout sweep).</summary>
    public void TimeOutDueCalls(long now) => pending.TimeOutDue(now);

    public void Touch() => Volatile.Write(ref lastActivity, Runtime.ActivityTicks());

    public void KeepAlive(TimeSpan period) =>
        Volatile.Write(ref keepAliveUntil, Runtime.ActivityTicks() + period.Ticks);

    public void DeactivateAfterCurrentTurn() => endAfterTurn ??= DeactivationReason.Requested;

    /// <summary>Ends the activation after the current turn for <paramref name="reason"/>.</summary>
    public void EndAfterTurn(DeactivationReason reason) => endAfterTurn = reason;

    /// <summary>Called with every exception a turn ends with: a stale write drops the activation.</summary>
    public void ObserveFailure(Exception error)
    {
        if (error is InconsistentStateException)
        {
            endAfterTurn = DeactivationReason.StaleState;
        }
    }

    /// <param name="now">The runtime's <see cref="GrainRuntime.ActivityTicks"/>.</param>
    public bool IsIdle(long now, TimeSpan age) =>
        status == Status.Active
        && Volatile.Read(ref queued) == 0
        && Volatile.Read(ref running) == 0
        && now - Volatile.Read(ref lastActivity) > age.Ticks
        && now > Volatile.Read(ref keepAliveUntil);

    /// <summary>Queues the last turn once; false when the activation already ends or is gone.</summary>
    public bool TryRequestDeactivation(DeactivationReason reason, out Task completed)
    {
        completed = Task.CompletedTask;
        if (Interlocked.Exchange(ref deactivationQueued, 1) == 1)
        {
            return false;
        }

        var item = new DeactivateItem(reason);
        completed = item.Completed;
        return TryEnqueue(item);
    }

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback, dueTime, period);
        lock (timers)
        {
            timers.Add(timer);
        }

        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (timers)
        {
            timers.Remove(timer);
        }
    }

    private async Task PumpAsync()
    {
        using var tenant = TenantContext.Enter(Id.Tenant);
        if (!await ActivateAsync())
        {
            return;
        }

        var reader = mailbox.Reader;
        var readers = new List<Task>();
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref queued);
                if (status != Status.Active)
                {
                    // Queued behind the last turn: a new activation serves it (a stale-state check has nothing left to check).
                    if (item is not InvalidateItem)
                    {
                        Redispatch(item);
                    }

                    continue;
                }

                pending.DropCompleted();
                if (item.IsReadOnly)
                {
                    readers.RemoveAll(static t => t.IsCompleted);
                    readers.Add(RunAsync(item));
                    continue;
                }

                if (readers.Count > 0)
                {
                    await Task.WhenAll(readers);
                    readers.Clear();
                }

                await RunAsync(item);
                if (endAfterTurn is { } reason && status == Status.Active)
                {
                    await DeactivateAsync(reason);
                }
            }

            if (status == Status.Active)
            {
                pending.Release();
            }
        }
    }

    private void Redispatch(IWorkItem item)
    {
        try
        {
            Runtime.Dispatch(Id, item);
        }
        catch (Exception error)
        {
            // No successor (the host is shutting down): the caller gets the reason.
            item.Fail(error);
        }
    }

    private async Task RunAsync(IWorkItem item)
    {
        // Only this activation's context runs items, one at a time: no other thread writes the count.
        Volatile.Write(ref running, running + 1);
        try
        {
            await item.ExecuteAsync(this);
        }
        finally
        {
            Volatile.Write(ref running, running - 1);
        }
    }

    /// <summary>Creates the grain, reads its state and runs OnActivateAsync; on failure every queued call fails with the error.</summary>
    private async Task<bool> ActivateAsync()
    {
        try
        {
            instance = Runtime.CreateGrain(registration);
            instance.Attach(this);
            await instance.ReadStateOnActivationAsync(CancellationToken.None);
            await instance.OnActivateAsync(CancellationToken.None);
            status = Status.Active;
            return true;
        }
        catch (Exception error)
        {
            status = Status.Gone;
            Runtime.Forget(this);
            mailbox.Writer.TryComplete();
            Runtime.LogActivationFailure(Id, error);
            while (mailbox.Reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref queued);
                item.Fail(error);
            }

            return false;
        }
    }

    /// <summary>
    /// The last turn: runs OnDeactivateAsync, stops timers, then leaves the directory. Calls that
    /// arrive meanwhile wait in this mailbox and are handed to the next activation, so there is
    /// never more than one activation per key.
    /// </summary>
    public async Task DeactivateAsync(DeactivationReason reason)
    {
        if (status != Status.Active)
        {
            return;
        }

        status = Status.Deactivating;
        try
        {
            await Instance.OnDeactivateAsync(reason, CancellationToken.None);
        }
        catch (Exception error)
        {
            Runtime.LogDeactivationFailure(Id, error);
        }

        if (Instance.UnwrittenMessageCount is > 0 and var unwritten)
        {
            Runtime.LogUnwrittenMessages(Id, unwritten, reason);
        }

        GrainTimer[] toStop;
        lock (timers)
        {
            toStop = [.. timers];
        }

        foreach (var timer in toStop)
        {
            timer.Dispose();
        }

        status = Status.Gone;
        mailbox.Writer.TryComplete();
        Runtime.Forget(this);
    }
}
