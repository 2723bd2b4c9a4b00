namespace ServiceVision.Grains.Runtime;

/// <summary>
/// Runs one activation's work one piece at a time, in the order it was posted, on the thread pool:
/// what makes a grain turn-based. It is the <see cref="SynchronizationContext"/> of the activation's
/// pump and so of the grain's code, so every continuation after an <c>await</c> in it (unless it opts
/// out with <c>ConfigureAwait(false)</c>) is posted back here.
/// </summary>
/// <remarks>
/// A synchronization context rather than a <see cref="TaskScheduler"/>: a continuation posted here is a
/// callback and its state, where a scheduler needs a task for every wake-up of the activation. The
/// context is itself the thread-pool work item, one lock guards each post and each take, and a
/// few dozen bytes per activation hold it. <c>Send</c> keeps the base behaviour (the callback runs on the
/// caller's thread), as it did when nothing but a scheduler was current.
/// </remarks>
internal sealed class ActivationContext : SynchronizationContext, IThreadPoolWorkItem
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> queue = new();
    private bool scheduled;

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (queue)
        {
            queue.Enqueue((d, state));
            if (scheduled)
            {
                return;
            }

            scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public override SynchronizationContext CreateCopy() => this;

    void IThreadPoolWorkItem.Execute()
    {
        var outer = Current;
        SetSynchronizationContext(this);
        try
        {
            while (true)
            {
                (SendOrPostCallback Callback, object? State) work;
                lock (queue)
                {
                    if (!queue.TryDequeue(out work))
                    {
                        scheduled = false;
                        return;
                    }
                }

                work.Callback(work.State);
            }
        }
        finally
        {
            SetSynchronizationContext(outer);
        }
    }
}
