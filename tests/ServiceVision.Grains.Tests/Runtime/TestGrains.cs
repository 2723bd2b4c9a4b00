using System.Collections.Concurrent;
using ServiceVision.Grains;

namespace ServiceVision.Grains.Tests.Runtime;

/// <summary>What the test grains saw, shared through DI so a test can look inside the runtime.</summary>
public sealed class GrainLog
{
    public ConcurrentDictionary<string, int> Activations { get; } = new();

    public ConcurrentQueue<(string Key, DeactivationReason Reason)> Deactivations { get; } = new();

    public ConcurrentQueue<(string Key, string Reminder)> Reminders { get; } = new();

    public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ReaderStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Activated(string key) => Activations.AddOrUpdate(key, 1, (_, n) => n + 1);
}

public sealed class CounterState
{
    public int Count { get; set; }

    public List<int> Appended { get; set; } = [];

    public List<string> RemindersReceived { get; set; } = [];
}

public interface ICounterGrain : IGrain
{
    /// <summary>Reads, yields, then writes: only a turn-based runtime ends with an exact count.</summary>
    Task Increment();

    /// <summary>
    /// Starts <paramref name="branches"/> branches at once that each wait for a timer (resumed from a timer
    /// thread) and then do some work; answers whether two branches ever ran their work at the same moment.
    /// </summary>
    Task<bool> FanOutAndReportOverlap(int branches);

    Task IncrementAndSave();

    [ReadOnly]
    Task<int> GetCount();

    /// <summary>A read-only call that completes only once another read-only call has started.</summary>
    [ReadOnly]
    Task<int> GetCountWhenOtherReaderRuns();

    /// <summary>A read-only call that signals it started, then waits for the test's gate.</summary>
    [ReadOnly]
    Task<int> GetCountSignallingStart();

    /// <summary>Waits for the test's gate, then increments.</summary>
    Task IncrementAfterGate();

    Task Append(int value);

    [ReadOnly]
    Task<IReadOnlyList<int>> GetAppended();

    Task<int> CountSeenOnActivation();

    Task ChangeWithoutSaving(int count);

    Task Hang();

    Task StayAliveFor(TimeSpan period);

    Task Deactivate();

    Task<int> StartTimer(TimeSpan period);

    [ReadOnly]
    Task<int> GetTimerTicks();

    Task<bool> TimerAndCallsNeverOverlapped();

    Task RemindMe(string name, TimeSpan dueTime, TimeSpan? period);

    Task ForgetReminder(string name);

    [ReadOnly]
    Task<IReadOnlyList<string>> GetRemindersReceived();

    Task CallOther(string key);

    [ReadOnly]
    Task<string?> AmbientTenant();
}

public sealed class CounterGrain(GrainLog log) : Grain<CounterState>, ICounterGrain, IRemindable
{
    private int countOnActivation = -1;
    private int timerTicks;
    private int inTurn;
    private bool overlapped;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Activated(GrainKey);
        if (GrainKey.Contains("fail-activation", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("activation refused for " + GrainKey);
        }

        countOnActivation = State.Count;
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Deactivations.Enqueue((GrainKey, reason));
        return Task.CompletedTask;
    }

    public async Task Increment()
    {
        await Guard(async () =>
        {
            var read = State.Count;
            await Task.Yield();
            State.Count = read + 1;
        });
    }

    public async Task<bool> FanOutAndReportOverlap(int branches)
    {
        var running = 0;
        var overlap = false;
        await Task.WhenAll(Enumerable.Range(0, branches).Select(async _ =>
        {
            await Task.Delay(1);
            if (Interlocked.Increment(ref running) > 1)
            {
                overlap = true;
            }

            Thread.SpinWait(20_000);
            Interlocked.Decrement(ref running);
        }));
        return overlap;
    }

    public async Task IncrementAndSave()
    {
        State.Count++;
        await WriteStateAsync();
    }

    public Task<int> GetCount() => Task.FromResult(State.Count);

    public async Task<int> GetCountWhenOtherReaderRuns()
    {
        if (!log.ReaderStarted.TrySetResult())
        {
            return State.Count;
        }

        // The first reader waits for the second: both must be in flight at once.
        await log.Gate.Task;
        return State.Count;
    }

    public async Task<int> GetCountSignallingStart()
    {
        log.ReaderStarted.TrySetResult();
        await log.Gate.Task;
        return State.Count;
    }

    public async Task IncrementAfterGate()
    {
        await log.Gate.Task;
        State.Count++;
    }

    public Task Append(int value)
    {
        State.Appended.Add(value);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<int>> GetAppended() => Task.FromResult<IReadOnlyList<int>>([.. State.Appended]);

    public Task<int> CountSeenOnActivation() => Task.FromResult(countOnActivation);

    public Task ChangeWithoutSaving(int count)
    {
        State.Count = count;
        return Task.CompletedTask;
    }

    public Task Hang() => Task.Delay(Timeout.InfiniteTimeSpan);

    public Task StayAliveFor(TimeSpan period)
    {
        DelayDeactivation(period);
        return Task.CompletedTask;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<int> StartTimer(TimeSpan period)
    {
        RegisterTimer(_ => Guard(async () =>
        {
            await Task.Yield();
            timerTicks++;
        }), period, period);
        return Task.FromResult(timerTicks);
    }

    public Task<int> GetTimerTicks() => Task.FromResult(timerTicks);

    public Task<bool> TimerAndCallsNeverOverlapped() => Task.FromResult(!overlapped);

    public Task RemindMe(string name, TimeSpan dueTime, TimeSpan? period) => RegisterOrUpdateReminder(name, dueTime, period);

    public Task ForgetReminder(string name) => UnregisterReminder(name);

    public Task<IReadOnlyList<string>> GetRemindersReceived() => Task.FromResult<IReadOnlyList<string>>([.. State.RemindersReceived]);

    public async Task ReceiveReminder(string reminderName, ReminderTick tick)
    {
        log.Reminders.Enqueue((GrainKey, reminderName));
        State.RemindersReceived.Add(reminderName);
        await WriteStateAsync();
    }

    public Task CallOther(string key) => GrainFactory.GetGrain<ICounterGrain>(key).Increment();

    public Task<string?> AmbientTenant() => Task.FromResult(TenantContext.Current);

    /// <summary>Records whether two turns ever ran at once on this activation.</summary>
    private async Task Guard(Func<Task> turn)
    {
        if (Interlocked.Increment(ref inTurn) > 1)
        {
            overlapped = true;
        }

        try
        {
            await turn();
        }
        finally
        {
            Interlocked.Decrement(ref inTurn);
        }
    }
}
