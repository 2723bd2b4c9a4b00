namespace ServiceVision.Grains.Runtime;

/// <summary>
/// Runs one activation's tasks one at a time, in the order they were queued, on the thread pool:
/// what makes a grain turn-based (its code and every continuation after an await inside it go here).
/// </summary>
/// <remarks>
/// Does the job of <c>ConcurrentExclusiveSchedulerPair.ExclusiveScheduler</c> without its costs:
/// no task allocated per burst of work (the scheduler is itself the thread-pool work item), one lock
/// per queue and dequeue, and a few dozen bytes per activation instead of a pair, two schedulers and a
/// ThreadLocal with a finalizer. A task is run inline only on the thread that is already running this
/// activation's work and only if it was never queued, as the exclusive scheduler does.
/// </remarks>
internal sealed class ActivationScheduler : TaskScheduler, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static ActivationScheduler? runningHere;

    private readonly Queue<Task> queue = new();
    private bool scheduled;

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task)
    {
        lock (queue)
        {
            queue.Enqueue(task);
            if (scheduled)
            {
                return;
            }

            scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        var outer = runningHere;
        runningHere = this;
        try
        {
            while (true)
            {
                Task? task;
                lock (queue)
                {
                    if (!queue.TryDequeue(out task))
                    {
                        scheduled = false;
                        return;
                    }
                }

                TryExecuteTask(task);
            }
        }
        finally
        {
            runningHere = outer;
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        !taskWasPreviouslyQueued && runningHere == this && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (queue)
        {
            return [.. queue];
        }
    }
}
