using System.Threading.Channels;

namespace ServiceVision.Grains;

/// <summary>
/// Tells the outbox relay of this process that messages were committed to the outbox, so it
/// publishes them at once instead of at its next poll.
/// </summary>
public interface IOutboxSignal
{
    /// <summary>Wakes the relay; cheap, never blocks, and several notifications before the relay wakes count as one.</summary>
    void Notify();
}

/// <summary>The in-process <see cref="IOutboxSignal"/>: an auto-reset event the relay waits on.</summary>
public sealed class OutboxSignal : IOutboxSignal
{
    private readonly Channel<bool> pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Notify() => pending.Writer.TryWrite(true);

    /// <summary>
    /// Completes when <see cref="Notify"/> was called since the last wait (true) or after
    /// <paramref name="timeout"/> (false); the notification is consumed.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (pending.Reader.TryRead(out _))
        {
            return true;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await pending.Reader.WaitToReadAsync(timeoutSource.Token);
            return pending.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
