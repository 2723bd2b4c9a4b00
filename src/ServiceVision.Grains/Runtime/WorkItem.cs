namespace ServiceVision.Grains.Runtime;

/// <summary>One entry of an activation's mailbox: a call, a timer tick or the deactivation.</summary>
internal abstract class WorkItem
{
    /// <summary>Read-only items may run interleaved with each other.</summary>
    public virtual bool IsReadOnly => false;

    /// <summary>Runs the item on the activation; never throws (the outcome goes to whoever waits).</summary>
    public abstract Task ExecuteAsync(Activation activation);

    /// <summary>The item will not run here: its activation failed or is gone.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A grain method call whose result is awaited by the caller.</summary>
internal sealed class CallItem<T>(Func<Grain, Task<T>> invoke, bool isReadOnly) : WorkItem
{
    private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Result => completion.Task;

    public override bool IsReadOnly => isReadOnly;

    public override async Task ExecuteAsync(Activation activation)
    {
        activation.Touch();
        try
        {
            completion.TrySetResult(await invoke(activation.Instance));
        }
        catch (Exception error)
        {
            activation.ObserveFailure(error);
            completion.TrySetException(error);
        }
        finally
        {
            activation.Touch();
        }
    }

    public override void Fail(Exception error) => completion.TrySetException(error);
}

/// <summary>A timer tick; it does not count as activity for idle collection.</summary>
internal sealed class TimerItem(GrainTimer timer) : WorkItem
{
    public override async Task ExecuteAsync(Activation activation)
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

    public override void Fail(Exception error) => timer.TickDone();
}

/// <summary>The last turn of an activation.</summary>
internal sealed class DeactivateItem(DeactivationReason reason) : WorkItem
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completed => completion.Task;

    public override async Task ExecuteAsync(Activation activation)
    {
        await activation.DeactivateAsync(reason);
        completion.TrySetResult();
    }

    // Nothing to deactivate: the activation already ended.
    public override void Fail(Exception error) => completion.TrySetResult();
}
