namespace ServiceVision.Grains.Runtime;

/// <summary>A grain timer: each tick is queued as a turn, and skipped while the previous one is pending.</summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly Activation activation;
    private readonly Func<CancellationToken, Task> callback;
    private readonly ITimer timer;
    private readonly CancellationTokenSource stopping = new();
    private int pending;

    public GrainTimer(Activation activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        this.activation = activation;
        this.callback = callback;
        timer = activation.Runtime.Time.CreateTimer(_ => OnTick(), null, dueTime, period);
    }

    private void OnTick()
    {
        if (stopping.IsCancellationRequested || Interlocked.Exchange(ref pending, 1) == 1)
        {
            return;
        }

        if (!activation.TryEnqueue(new TimerItem(this)))
        {
            Dispose();
        }
    }

    public Task TickAsync() => stopping.IsCancellationRequested ? Task.CompletedTask : callback(stopping.Token);

    public void TickDone() => Volatile.Write(ref pending, 0);

    public void Dispose()
    {
        if (!stopping.IsCancellationRequested)
        {
            stopping.Cancel();
            timer.Dispose();
            activation.RemoveTimer(this);
        }
    }
}
