using ServiceVision.Grains;
using ServiceVision.Testing;

namespace ServiceVision.Grains.Tests.Runtime;

/// <summary>
/// The runtime's guarantees, each written so that it fails without the guarantee. Runs against
/// every store (see the sealed subclasses at the bottom).
/// </summary>
public abstract class GrainRuntimeGuarantees(IGrainStoreFixture store)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewKey(string tenant = "org") => $"{tenant}{Guid.NewGuid():N}";

    [Fact]
    public async Task A_thousand_concurrent_increments_on_one_grain_end_at_exactly_a_thousand()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var counter = silo.Counter(NewKey());

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(counter.Increment, Cancel)));

        Assert.Equal(1000, await counter.GetCount());
        Assert.True(await counter.TimerAndCallsNeverOverlapped());
    }

    [Fact]
    public async Task Continuations_inside_a_turn_never_run_on_two_threads_at_once()
    {
        await using var silo = await TestSilo.StartAsync(store);

        // Fifty branches resumed by timer threads: without the activation's context they would run side by side.
        Assert.False(await silo.Counter(NewKey()).FanOutAndReportOverlap(50));
    }

    [Fact]
    public async Task Concurrent_first_calls_create_exactly_one_activation()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var key = NewKey();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => silo.Counter(key).Increment(), Cancel)));

        Assert.Equal(1, silo.Log.Activations[key]);
        Assert.Equal(1, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task Calls_run_in_the_order_they_arrived()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Counter(NewKey());

        var calls = Enumerable.Range(0, 200).Select(grain.Append).ToList();
        await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 200), await grain.GetAppended());
    }

    [Fact]
    public async Task Read_only_calls_interleave_with_each_other()
    {
        await using var silo = await TestSilo.StartAsync(store, o => o.CallTimeout = TimeSpan.FromSeconds(5));
        var grain = silo.Counter(NewKey());

        // The first reader waits until the second has started: without interleaving this never completes.
        var first = grain.GetCountWhenOtherReaderRuns();
        await silo.Log.ReaderStarted.Task.WaitAsync(Eventually.Patience, Cancel);
        var second = grain.GetCountWhenOtherReaderRuns();
        Assert.Equal(0, await second.WaitAsync(Eventually.Patience, Cancel));
        silo.Log.Gate.SetResult();
        Assert.Equal(0, await first.WaitAsync(Eventually.Patience, Cancel));
    }

    [Fact]
    public async Task A_read_only_call_waits_for_a_running_write_to_finish()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Counter(NewKey());

        var write = grain.IncrementAfterGate();
        var read = grain.GetCount();
        await Task.Delay(200, Cancel);
        Assert.False(read.IsCompleted, "the read ran while the write was in flight");

        silo.Log.Gate.SetResult();
        await write;
        Assert.Equal(1, await read);
    }

    [Fact]
    public async Task A_write_waits_for_running_read_only_calls_to_finish()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Counter(NewKey());

        var read = grain.GetCountSignallingStart();
        await silo.Log.ReaderStarted.Task.WaitAsync(Eventually.Patience, Cancel);
        var write = grain.Increment();
        await Task.Delay(200, Cancel);
        Assert.False(write.IsCompleted, "the write ran while a read was in flight");

        silo.Log.Gate.SetResult();
        Assert.Equal(0, await read);
        await write;
        Assert.Equal(1, await grain.GetCount());
    }

    [Fact]
    public async Task A_call_that_does_not_complete_in_time_fails_with_a_timeout()
    {
        await using var silo = await TestSilo.StartAsync(store, o => o.CallTimeout = TimeSpan.FromMilliseconds(300));
        var grain = silo.Counter(NewKey());

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.Hang().WaitAsync(Eventually.Patience, Cancel));

        Assert.Contains(nameof(ICounterGrain.Hang), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_queued_behind_a_call_that_hangs_time_out_too_and_not_before_their_time()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        await using var silo = await TestSilo.StartAsync(store, o => o.CallTimeout = timeout);
        var grain = silo.Counter(NewKey());
        var started = System.Diagnostics.Stopwatch.StartNew();

        var hanging = grain.Hang();
        var queued = Enumerable.Range(0, 20).Select(_ => grain.Increment()).ToList();

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => hanging.WaitAsync(Eventually.Patience, Cancel));
        foreach (var call in queued)
        {
            await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(Eventually.Patience, Cancel));
        }

        Assert.InRange(started.Elapsed, timeout, Eventually.Patience);
    }

    [Fact]
    public async Task State_is_read_before_OnActivateAsync_runs()
    {
        var key = NewKey();
        await using (var first = await TestSilo.StartAsync(store))
        {
            var grain = first.Counter(key);
            await grain.IncrementAndSave();
            await grain.IncrementAndSave();
        }

        await using var second = await TestSilo.StartAsync(store);
        Assert.Equal(2, await second.Counter(key).CountSeenOnActivation());
    }

    [Fact]
    public async Task When_activation_fails_every_queued_call_fails_with_that_error_and_the_next_call_tries_again()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var key = NewKey() + "-fail-activation";
        var grain = silo.Counter(key);

        var calls = Enumerable.Range(0, 10).Select(_ => grain.Increment()).ToList();
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => call);
            Assert.Equal("activation refused for " + key, error.Message);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(grain.Increment);
        Assert.Equal(2, silo.Log.Activations[key]);
        Assert.Equal(0, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task State_is_written_only_when_the_grain_says_so()
    {
        var key = NewKey();
        await using (var first = await TestSilo.StartAsync(store))
        {
            var grain = first.Counter(key);
            await grain.IncrementAndSave();
            await grain.ChangeWithoutSaving(42);
            Assert.Equal(42, await grain.GetCount());
        }

        await using var second = await TestSilo.StartAsync(store);
        Assert.Equal(1, await second.Counter(key).GetCount());
    }

    [Fact]
    public async Task Two_runtimes_writing_one_grain_conflict_and_the_loser_reloads_on_its_next_call()
    {
        var key = NewKey();
        await using var a = await TestSilo.StartAsync(store);
        await using var b = await TestSilo.StartAsync(store);
        var onA = a.Counter(key);
        var onB = b.Counter(key);
        Assert.Equal(0, await onA.GetCount());
        Assert.Equal(0, await onB.GetCount());

        await onA.IncrementAndSave();
        await Assert.ThrowsAsync<InconsistentStateException>(onB.IncrementAndSave);

        // The stale activation on B was dropped: the next call reactivates, reloads 1, writes 2.
        await Eventually.HoldsAsync(() => Task.FromResult(!b.Runtime.IsActive(new GrainId("counter", key))), Eventually.Patience, "B drops its stale activation");
        await onB.IncrementAndSave();
        Assert.Equal(2, await onB.GetCount());
        Assert.Equal(2, b.Log.Activations[key]);
        Assert.Contains(b.Log.Deactivations, d => d.Key == key && d.Reason == DeactivationReason.StaleState);
    }

    [Fact]
    public async Task Idle_activations_are_collected_and_state_survives()
    {
        await using var silo = await TestSilo.StartAsync(store, o => o.CollectionAge = TimeSpan.FromMilliseconds(100));
        var key = NewKey();
        await silo.Counter(key).IncrementAndSave();

        await Task.Delay(250, Cancel);
        Assert.Equal(1, silo.Runtime.CollectIdleActivations());

        await Eventually.HoldsAsync(() => Task.FromResult(silo.Runtime.ActivationCount == 0), Eventually.Patience, "the idle activation is collected");
        Assert.Contains(silo.Log.Deactivations, d => d.Key == key && d.Reason == DeactivationReason.Idle);
        Assert.Equal(1, await silo.Counter(key).GetCount());
        Assert.Equal(2, silo.Log.Activations[key]);
    }

    [Fact]
    public async Task A_busy_or_recently_used_activation_is_not_collected()
    {
        await using var silo = await TestSilo.StartAsync(store, o => o.CollectionAge = TimeSpan.FromMilliseconds(300));
        var grain = silo.Counter(NewKey());
        await grain.Increment();

        Assert.Equal(0, silo.Runtime.CollectIdleActivations());
        var hanging = grain.IncrementAfterGate();
        await Task.Delay(400, Cancel);
        Assert.Equal(0, silo.Runtime.CollectIdleActivations());

        silo.Log.Gate.SetResult();
        await hanging;
        Assert.Equal(2, await grain.GetCount());
    }

    [Fact]
    public async Task A_grain_that_asks_to_stay_alive_is_not_collected()
    {
        await using var silo = await TestSilo.StartAsync(store, o => o.CollectionAge = TimeSpan.FromMilliseconds(50));
        var grain = silo.Counter(NewKey());
        await grain.StayAliveFor(TimeSpan.FromMinutes(5));

        await Task.Delay(200, Cancel);

        Assert.Equal(0, silo.Runtime.CollectIdleActivations());
        Assert.Equal(1, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task A_grain_that_asks_to_be_deactivated_ends_after_the_call_and_the_next_call_reactivates_it()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var key = NewKey();
        var grain = silo.Counter(key);
        await grain.IncrementAndSave();

        await grain.Deactivate();
        await Eventually.HoldsAsync(() => Task.FromResult(silo.Runtime.ActivationCount == 0), Eventually.Patience, "the grain deactivates");

        Assert.Equal(1, await grain.GetCount());
        Assert.Equal(2, silo.Log.Activations[key]);
        Assert.Contains(silo.Log.Deactivations, d => d.Key == key && d.Reason == DeactivationReason.Requested);
    }

    [Fact]
    public async Task Calls_queued_behind_a_deactivation_are_served_by_the_next_activation()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Counter(NewKey());
        await grain.IncrementAndSave();

        var deactivate = grain.Deactivate();
        var after = Enumerable.Range(0, 50).Select(_ => grain.IncrementAndSave()).ToList();
        await deactivate;
        await Task.WhenAll(after);

        Assert.Equal(51, await grain.GetCount());
    }

    [Fact]
    public async Task Once_shutdown_begins_calls_already_queued_run_and_calls_needing_a_new_activation_are_refused()
    {
        var key = NewKey();
        await using (var stopping = await TestSilo.StartAsync(store))
        {
            var grain = stopping.Counter(key);
            var inFlight = grain.IncrementAfterGate();
            var queued = Enumerable.Range(0, 3).Select(_ => grain.IncrementAndSave()).ToList();

            var shutdown = stopping.Runtime.DeactivateAllAsync(Cancel);
            var behindLastTurn = grain.IncrementAndSave();
            var otherKey = NewKey();
            await Assert.ThrowsAsync<GrainRuntimeStoppingException>(stopping.Counter(otherKey).GetCount);

            stopping.Log.Gate.TrySetResult();
            await inFlight;
            await Task.WhenAll(queued);
            await shutdown.WaitAsync(Eventually.Patience, Cancel);

            await Assert.ThrowsAsync<GrainRuntimeStoppingException>(() => behindLastTurn);
            Assert.Equal(0, stopping.Runtime.ActivationCount);
            Assert.False(stopping.Log.Activations.ContainsKey(otherKey));
            Assert.Contains(stopping.Log.Deactivations, d => d.Key == key && d.Reason == DeactivationReason.ShuttingDown);
        }

        // The calls queued before shutdown were stored; the refused one changed nothing.
        await using var next = await TestSilo.StartAsync(store);
        Assert.Equal(4, await next.Counter(key).GetCount());
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_between_calls()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Counter(NewKey());
        await grain.StartTimer(TimeSpan.FromMilliseconds(10));

        var calls = Enumerable.Range(0, 300).Select(_ => grain.Increment()).ToList();
        await Task.WhenAll(calls);
        await Eventually.HoldsAsync(async () => await grain.GetTimerTicks() >= 5, Eventually.Patience, "the timer ticks");

        Assert.True(await grain.TimerAndCallsNeverOverlapped(), "a timer tick ran inside a call");
        Assert.Equal(300, await grain.GetCount());
    }

    [Fact]
    public async Task A_reminder_set_before_a_restart_fires_after_it()
    {
        var key = NewKey();
        await using (var before = await TestSilo.StartAsync(store, o => o.ReminderPollInterval = TimeSpan.FromHours(1)))
        {
            await before.Counter(key).RemindMe("due-date", TimeSpan.FromMilliseconds(300), period: null);
        }

        await using var after = await TestSilo.StartAsync(store);
        await Eventually.HoldsAsync(
            async () => (await after.Counter(key).GetRemindersReceived()).Contains("due-date"), Eventually.Patience, "the reminder fires after the restart");

        // A one-shot reminder fires once.
        await Task.Delay(300, Cancel);
        Assert.Single(after.Log.Reminders, r => r.Key == key);
    }

    [Fact]
    public async Task Reminders_that_came_due_while_no_host_ran_reach_their_grain_in_the_order_they_were_due()
    {
        var key = NewKey();
        await using (var before = await TestSilo.StartAsync(store, o => o.ReminderPollInterval = TimeSpan.FromHours(1)))
        {
            // Registered latest-due first, and named against their due order, so neither registration nor name order helps.
            await before.Counter(key).RemindMe("a-third", TimeSpan.FromMilliseconds(300), period: null);
            await before.Counter(key).RemindMe("c-second", TimeSpan.FromMilliseconds(200), period: null);
            await before.Counter(key).RemindMe("b-first", TimeSpan.FromMilliseconds(100), period: null);
        }

        await Task.Delay(400, Cancel);
        await using var after = await TestSilo.StartAsync(store);
        await Eventually.HoldsAsync(async () => (await after.Counter(key).GetRemindersReceived()).Count == 3, Eventually.Patience, "the three reminders fire");

        Assert.Equal(["b-first", "c-second", "a-third"], await after.Counter(key).GetRemindersReceived());
    }

    [Fact]
    public async Task A_periodic_reminder_keeps_firing_until_it_is_unregistered()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var key = NewKey();
        var grain = silo.Counter(key);
        await grain.RemindMe("weekly-huddle", TimeSpan.Zero, TimeSpan.FromSeconds(1));

        await Eventually.HoldsAsync(async () => (await grain.GetRemindersReceived()).Count >= 2, Eventually.Patience, "the reminder fires twice");
        await grain.ForgetReminder("weekly-huddle");
        var fired = (await grain.GetRemindersReceived()).Count;

        await Task.Delay(1500, Cancel);
        Assert.Equal(fired, (await grain.GetRemindersReceived()).Count);
    }

    [Fact]
    public async Task Two_hosts_polling_one_reminder_table_fire_a_due_reminder_once()
    {
        var key = NewKey();
        await using var a = await TestSilo.StartAsync(store, o => o.ReminderPollInterval = TimeSpan.FromHours(1));
        await using var b = await TestSilo.StartAsync(store, o => o.ReminderPollInterval = TimeSpan.FromHours(1));
        await a.Counter(key).RemindMe("celebration", TimeSpan.Zero, period: null);

        // Both hosts poll at once, twice; a host's first background poll may also still be running.
        for (var round = 0; round < 2; round++)
        {
            await Task.WhenAll(a.Reminders.FireDueRemindersAsync(Cancel), b.Reminders.FireDueRemindersAsync(Cancel));
        }

        await Eventually.HoldsAsync(
            () => Task.FromResult(a.Log.Reminders.Count(r => r.Key == key) + b.Log.Reminders.Count(r => r.Key == key) > 0), Eventually.Patience, "the reminder fires");
        await Task.Delay(200, Cancel);
        Assert.Equal(1, a.Log.Reminders.Count(r => r.Key == key) + b.Log.Reminders.Count(r => r.Key == key));
    }

    [Fact]
    public async Task A_call_from_one_tenant_into_another_tenants_grain_is_refused()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var tenantA = NewKey("a");
        var tenantB = NewKey("b");

        using (TenantContext.Enter(tenantA))
        {
            await silo.Counter(tenantA).Increment();
            await silo.Counter(tenantA + "/training").Increment();
            await Assert.ThrowsAsync<TenantIsolationException>(() => silo.Counter(tenantB).Increment());
            await Assert.ThrowsAsync<TenantIsolationException>(() => silo.Counter(tenantB + "/training").Increment());
        }

        // A grain runs in its own tenant's context, so it cannot reach another tenant either.
        await Assert.ThrowsAsync<TenantIsolationException>(() => silo.Counter(tenantA).CallOther(tenantB));
        await silo.Counter(tenantA).CallOther(tenantA + "/hiring");
        Assert.Equal(tenantA, await silo.Counter(tenantA + "/x").AmbientTenant());
        Assert.Equal(0, await silo.Counter(tenantB).GetCount());
        Assert.Equal(1, await silo.Counter(tenantA + "/hiring").GetCount());
    }
}

public sealed class GrainRuntimeOnSqlite(SqliteStoreFixture store) : GrainRuntimeGuarantees(store), IClassFixture<SqliteStoreFixture>;

public sealed class GrainRuntimeOnPostgres(PostgresStoreFixture store) : GrainRuntimeGuarantees(store), IClassFixture<PostgresStoreFixture>;
