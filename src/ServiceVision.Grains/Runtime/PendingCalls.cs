namespace ServiceVision.Grains.Runtime;

/// <summary>A call that can time out while it is queued or running (see <see cref="CallTimeouts"/>).</summary>
internal interface ITimedCall
{
    /// <summary>The call after this one on the same activation (written by <see cref="PendingCalls"/> only).</summary>
    ITimedCall? Next { get; set; }

    /// <summary>When the call times out, in <see cref="CallTimeouts"/>' units; <see cref="long.MaxValue"/>: never.</summary>
    long DueAt { get; }

    /// <summary>The caller has its outcome (a result, an error or the timeout).</summary>
    bool IsCompleted { get; }

    /// <summary>Fails the caller's task with a timeout unless it already completed.</summary>
    void TimeOut();
}

/// <summary>
/// The calls of one activation that are queued or running, oldest first, so the runtime's timeout
/// sweep can find the overdue ones. Nothing is registered or removed per call: a caller appends with
/// one atomic exchange, the activation's pump lets go of completed calls at the front as it goes, and
/// the sweep walks what is left. The front never moves past a pending call, so a call that hangs keeps
/// itself and every call behind it within the sweep's reach.
/// </summary>
/// <remarks>
/// A multi-producer, single-consumer list with a sentinel: <see cref="Add"/> from any thread,
/// <see cref="DropCompleted"/> and <see cref="Release"/> from the activation's pump only,
/// <see cref="TimeOutDue"/> from the sweep. Only the pump of a live activation touches its list: the
/// calls of an activation that ended move to the next one, which appends them to its own list.
/// </remarks>
internal sealed class PendingCalls
{
    private readonly Sentinel sentinel = new();
    private ITimedCall front;
    private ITimedCall back;

    public PendingCalls()
    {
        front = sentinel;
        back = sentinel;
    }

    public void Add(ITimedCall call)
    {
        // It may still point into the list of an activation that ended before serving it.
        call.Next = null;
        var previous = Interlocked.Exchange(ref back, call);
        previous.Next = call;
    }

    /// <summary>Moves the front past calls that completed (pump only).</summary>
    public void DropCompleted()
    {
        var node = front;
        while (node.Next is { } next && next.IsCompleted)
        {
            // Unlinked, so a dropped call that something still references (one hanging after its timeout)
            // does not keep every later call alive. A sweep walking past here right now stops early; the
            // next sweep finds what it missed.
            node.Next = null;
            node = next;
        }

        Volatile.Write(ref front, node);
    }

    /// <summary>
    /// Called by the pump when its mailbox is empty: lets go of the last completed call, so an idle
    /// activation keeps no call alive.
    /// </summary>
    public void Release()
    {
        DropCompleted();
        var last = front;
        if (last == sentinel || last.Next is not null)
        {
            return;
        }

        // The sentinel (unlinked when the front passed it) becomes the only node again. A caller that
        // appended meanwhile makes this fail, and the completed call stays at the front until next time.
        if (Interlocked.CompareExchange(ref back, sentinel, last) == last)
        {
            Volatile.Write(ref front, sentinel);
        }
    }

    /// <summary>Fails every pending call due at or before <paramref name="now"/> (the sweep).</summary>
    public void TimeOutDue(long now)
    {
        for (var node = Volatile.Read(ref front).Next; node is not null; node = node.Next)
        {
            if (node.DueAt <= now && !node.IsCompleted)
            {
                node.TimeOut();
            }
        }
    }

    /// <summary>The first node; it stands for "nothing pending" and never times out.</summary>
    private sealed class Sentinel : ITimedCall
    {
        private ITimedCall? next;

        public ITimedCall? Next
        {
            get => Volatile.Read(ref next);
            set => Volatile.Write(ref next, value);
        }

        public long DueAt => long.MaxValue;

        public bool IsCompleted => true;

        public void TimeOut()
        {
        }
    }
}
