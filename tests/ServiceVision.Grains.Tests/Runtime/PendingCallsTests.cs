using System.Runtime.CompilerServices;
using ServiceVision.Grains.Runtime;

namespace ServiceVision.Grains.Tests.Runtime;

public sealed class PendingCallsTests
{
    [Fact]
    public void A_sweep_times_out_the_calls_that_are_due_and_leaves_the_others()
    {
        var pending = new PendingCalls();
        var due = Add(pending, dueAt: 100);
        var later = Add(pending, dueAt: 200);

        pending.TimeOutDue(now: 150);

        Assert.True(due.TimedOut);
        Assert.False(later.TimedOut);

        pending.TimeOutDue(now: 200);
        Assert.True(later.TimedOut);
    }

    [Fact]
    public void A_call_that_completed_is_not_timed_out()
    {
        var pending = new PendingCalls();
        var done = Add(pending, dueAt: 100);
        done.IsCompleted = true;

        pending.TimeOutDue(now: 1_000);

        Assert.False(done.TimedOut);
    }

    [Fact]
    public void Calls_behind_one_that_is_still_pending_are_reached_after_completed_ones_are_dropped()
    {
        var pending = new PendingCalls();
        var first = Add(pending, dueAt: 100);
        first.IsCompleted = true;
        var hanging = Add(pending, dueAt: 100);
        var finished = Add(pending, dueAt: 100);
        finished.IsCompleted = true;
        var queued = Add(pending, dueAt: 100);

        pending.DropCompleted();
        pending.TimeOutDue(now: 100);

        Assert.True(hanging.TimedOut);
        Assert.True(queued.TimedOut);
        Assert.False(first.TimedOut);
        Assert.False(finished.TimedOut);
    }

    [Fact]
    public void Calls_added_from_many_threads_at_once_are_all_reached()
    {
        var pending = new PendingCalls();
        var calls = new FakeCall[8][];
        Parallel.For(0, calls.Length, t =>
        {
            calls[t] = new FakeCall[10_000];
            for (var i = 0; i < calls[t].Length; i++)
            {
                calls[t][i] = Add(pending, dueAt: 1);
            }
        });

        pending.TimeOutDue(now: 1);

        Assert.Equal(80_000, calls.Sum(c => c.Count(call => call.TimedOut)));
    }

    [Fact]
    public async Task Calls_added_while_the_pump_drops_and_releases_completed_ones_are_all_reached()
    {
        var pending = new PendingCalls();
        using var stop = new CancellationTokenSource();

        // The pump drops completed calls and goes back to the sentinel whenever the list looks idle.
        var pump = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                pending.DropCompleted();
                pending.Release();
            }
        }, TestContext.Current.CancellationToken);

        // Calls that complete at once, so the list empties and refills all the time; then calls that stay pending.
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                Add(pending, dueAt: 1).IsCompleted = true;
            }
        });
        var stillPending = new FakeCall[4][];
        Parallel.For(0, stillPending.Length, t => stillPending[t] = [.. Enumerable.Range(0, 1_000).Select(_ => Add(pending, dueAt: 1))]);
        stop.Cancel();
        await pump;

        pending.TimeOutDue(now: 1);

        Assert.Equal(4_000, stillPending.Sum(calls => calls.Count(call => call.TimedOut)));
    }

    [Fact]
    public void A_call_added_just_as_the_pump_goes_idle_is_never_lost()
    {
        const int Attempts = 50_000;
        var pending = new PendingCalls();
        using var turn = new Barrier(2);
        var added = new FakeCall[Attempts];

        // Each attempt starts with one completed call at the front, then races an append against the pump's release.
        var adder = new Thread(() =>
        {
            for (var i = 0; i < Attempts; i++)
            {
                turn.SignalAndWait(TestContext.Current.CancellationToken);
                added[i] = Add(pending, dueAt: 1);
                turn.SignalAndWait(TestContext.Current.CancellationToken);
            }
        });
        adder.Start();
        var lost = 0;
        for (var i = 0; i < Attempts; i++)
        {
            Add(pending, dueAt: long.MaxValue).IsCompleted = true;
            pending.DropCompleted();
            turn.SignalAndWait(TestContext.Current.CancellationToken);
            pending.Release();
            turn.SignalAndWait(TestContext.Current.CancellationToken);

            pending.TimeOutDue(now: 1);
            lost += added[i].TimedOut ? 0 : 1;
            pending.Release();
        }

        adder.Join();
        Assert.Equal(0, lost);
    }

    [Fact]
    public void An_idle_list_keeps_no_completed_call_alive()
    {
        var pending = new PendingCalls();
        var gone = AddAndComplete(pending);

        pending.Release();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.False(gone.TryGetTarget(out _), "the list still holds the last completed call");
    }

    [Fact]
    public void A_dropped_call_that_is_still_referenced_does_not_keep_later_calls_alive()
    {
        var pending = new PendingCalls();
        var hung = Add(pending, dueAt: 100);
        var later = AddAndComplete(pending);
        Add(pending, dueAt: 100).IsCompleted = true;

        // The hung call timed out (so it counts as completed) but something still references it.
        pending.TimeOutDue(now: 100);
        pending.DropCompleted();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.True(hung.TimedOut);
        Assert.False(later.TryGetTarget(out _), "a dropped call kept a later one alive");
        GC.KeepAlive(hung);
    }

    private static FakeCall Add(PendingCalls pending, long dueAt)
    {
        var call = new FakeCall { DueAt = dueAt };
        pending.Add(call);
        return call;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<FakeCall> AddAndComplete(PendingCalls pending)
    {
        var call = Add(pending, dueAt: 100);
        call.IsCompleted = true;
        return new WeakReference<FakeCall>(call);
    }

    private sealed class FakeCall : ITimedCall
    {
        private volatile bool completed;
        private ITimedCall? next;

        public ITimedCall? Next
        {
            get => Volatile.Read(ref next);
            set => Volatile.Write(ref next, value);
        }

        public long DueAt { get; set; }

        public bool IsCompleted
        {
            get => completed;
            set => completed = value;
        }

        public bool TimedOut { get; private set; }

        public void TimeOut()
        {
            TimedOut = true;
            completed = true;
        }
    }
}
