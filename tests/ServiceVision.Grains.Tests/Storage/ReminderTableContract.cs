using ServiceVision.Grains.Storage;
using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

/// <summary>What every <see cref="IReminderTable"/> must do; each store runs it in a subclass.</summary>
public abstract class ReminderTableContract : StorageContract
{
    private const string Type = "InvoiceGrain";
    private const string Key = "tenant-1/invoice-42";

    // Whole milliseconds in UTC: what the stores keep (see Due_times_come_back_as_the_same_instant_in_UTC_to_the_millisecond).
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reading_a_reminder_that_does_not_exist_returns_null()
    {
        Assert.Null(await Store.Reminders.ReadAsync(Type, Key, "nope", Ct));
    }

    [Fact]
    public async Task Upsert_returns_the_entry_with_an_etag_and_it_reads_back_equal()
    {
        var stored = await Store.Reminders.UpsertAsync(Reminder("dunning", T0, TimeSpan.FromDays(1)), Ct);

        Assert.False(string.IsNullOrEmpty(stored.ETag));
        Assert.Equal(Reminder("dunning", T0, TimeSpan.FromDays(1)) with { ETag = stored.ETag }, stored);
        Assert.Equal(stored, await Store.Reminders.ReadAsync(Type, Key, "dunning", Ct));
    }

    [Fact]
    public async Task Upsert_of_an_existing_reminder_replaces_it_with_a_new_etag()
    {
        var first = await Store.Reminders.UpsertAsync(Reminder("dunning", T0, TimeSpan.FromMinutes(1)), Ct);

        var second = await Store.Reminders.UpsertAsync(Reminder("dunning", T0.AddHours(1), period: null), Ct);

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(second, await Store.Reminders.ReadAsync(Type, Key, "dunning", Ct));
        Assert.Equal([second], await Store.Reminders.ReadForGrainAsync(Type, Key, Ct));
        Assert.False(await Store.Reminders.TryRemoveAsync(first, Ct));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1L)]
    [InlineData(1_500L)]
    [InlineData(30L * 24 * 60 * 60 * 1000)]
    public async Task The_period_round_trips(long? periodMilliseconds)
    {
        TimeSpan? period = periodMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

        await Store.Reminders.UpsertAsync(Reminder("tick", T0, period), Ct);

        Assert.Equal(period, (await Store.Reminders.ReadAsync(Type, Key, "tick", Ct))?.Period);
    }

    [Fact]
    public async Task Due_times_come_back_as_the_same_instant_in_UTC_to_the_millisecond()
    {
        // 14:00:00.1234567 at +02:00 is 12:00:00.123 UTC once cut to whole milliseconds.
        var due = new DateTimeOffset(2030, 1, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        var stored = await Store.Reminders.UpsertAsync(Reminder("precise", due), Ct);
        var read = await Store.Reminders.ReadAsync(Type, Key, "precise", Ct);

        Assert.Equal(T0.AddMilliseconds(123), stored.DueAt);
        Assert.Equal(TimeSpan.Zero, stored.DueAt.Offset);
        Assert.Equal(stored, read);
        Assert.Equal(TimeSpan.Zero, read!.DueAt.Offset);
    }

    [Fact]
    public async Task Of_concurrent_upserts_every_reminder_is_stored_and_of_one_reminder_upserted_many_times_one_whole_entry_wins()
    {
        var upserted = await RaceAsync(120, i => Store.Reminders.UpsertAsync(
            i < 100 ? Reminder($"r-{i}", T0.AddMinutes(i), TimeSpan.FromMinutes(i + 1)) : Reminder("shared", T0.AddMinutes(i), period: null),
            Ct));

        var stored = await Store.Reminders.ReadForGrainAsync(Type, Key, Ct);
        Assert.Equal(
            upserted.Where(r => r.Name != "shared").OrderBy(r => r.Name, StringComparer.Ordinal),
            stored.Where(r => r.Name != "shared").OrderBy(r => r.Name, StringComparer.Ordinal));
        Assert.Contains(Assert.Single(stored, r => r.Name == "shared"), upserted);
    }

    [Fact]
    public async Task Remove_deletes_a_reminder_and_tells_whether_it_existed()
    {
        await Store.Reminders.UpsertAsync(Reminder("dunning", T0), Ct);

        Assert.True(await Store.Reminders.RemoveAsync(Type, Key, "dunning", Ct));
        Assert.Null(await Store.Reminders.ReadAsync(Type, Key, "dunning", Ct));
        Assert.False(await Store.Reminders.RemoveAsync(Type, Key, "dunning", Ct));
    }

    [Fact]
    public async Task ReadForGrain_returns_every_reminder_of_that_grain_and_no_other()
    {
        var a = await Store.Reminders.UpsertAsync(Reminder("a", T0.AddMinutes(5)), Ct);
        var b = await Store.Reminders.UpsertAsync(Reminder("b", T0), Ct);
        await Store.Reminders.UpsertAsync(Reminder("a", T0, key: "tenant-1/invoice-43"), Ct);
        await Store.Reminders.UpsertAsync(Reminder("a", T0) with { GrainType = "OtherGrain" }, Ct);

        var reminders = await Store.Reminders.ReadForGrainAsync(Type, Key, Ct);

        Assert.Equal([a, b], reminders.OrderBy(r => r.Name, StringComparer.Ordinal));
        Assert.Empty(await Store.Reminders.ReadForGrainAsync(Type, "no such grain", Ct));
    }

    [Fact]
    public async Task ReadDue_returns_only_reminders_due_by_then_earliest_first()
    {
        var until = T0.AddMinutes(5);
        await Store.Reminders.UpsertAsync(Reminder("third", T0.AddMinutes(3)), Ct);
        await Store.Reminders.UpsertAsync(Reminder("later", until.AddMilliseconds(1)), Ct);
        await Store.Reminders.UpsertAsync(Reminder("first", T0.AddMinutes(1)), Ct);
        await Store.Reminders.UpsertAsync(Reminder("exactly then", until), Ct);
        await Store.Reminders.UpsertAsync(Reminder("second", T0.AddMinutes(2), key: "another grain"), Ct);
        await Store.Reminders.UpsertAsync(Reminder("overdue", T0.AddYears(-1)), Ct);

        var due = await Store.Reminders.ReadDueAsync(until, 100, Ct);

        Assert.Equal(["overdue", "first", "second", "third", "exactly then"], due.Select(r => r.Name));
    }

    [Fact]
    public async Task ReadDue_for_some_grain_types_returns_only_their_reminders()
    {
        await Store.Reminders.UpsertAsync(Reminder("mine", T0), Ct);
        await Store.Reminders.UpsertAsync(new ReminderEntry("other-role", Key, "theirs", T0.AddSeconds(-1), null), Ct);
        await Store.Reminders.UpsertAsync(new ReminderEntry("it's \"odd\"", Key, "odd", T0, null), Ct);

        var mine = await Store.Reminders.ReadDueAsync(T0, 10, [Type, "it's \"odd\""], Ct);

        Assert.Equal(["mine", "odd"], mine.Select(r => r.Name).Order());
        Assert.Empty(await Store.Reminders.ReadDueAsync(T0, 10, [], Ct));
        Assert.Equal(3, (await Store.Reminders.ReadDueAsync(T0, 10, Ct)).Count);
    }

    [Fact]
    public async Task ReadDue_honours_the_limit_by_returning_the_earliest()
    {
        for (var i = 5; i >= 1; i--)
        {
            await Store.Reminders.UpsertAsync(Reminder($"r{i}", T0.AddSeconds(i)), Ct);
        }

        var due = await Store.Reminders.ReadDueAsync(T0.AddHours(1), 2, Ct);

        Assert.Equal(["r1", "r2"], due.Select(r => r.Name));
        Assert.Empty(await Store.Reminders.ReadDueAsync(T0, 10, Ct));
    }

    [Fact]
    public async Task TryReschedule_with_the_current_etag_moves_the_due_time_and_changes_the_etag()
    {
        var stored = await Store.Reminders.UpsertAsync(Reminder("tick", T0, TimeSpan.FromMinutes(1)), Ct);

        var moved = await Store.Reminders.TryRescheduleAsync(stored, T0.AddMinutes(1), Ct);

        Assert.NotNull(moved);
        Assert.NotEqual(stored.ETag, moved.ETag);
        Assert.Equal(stored with { DueAt = T0.AddMinutes(1), ETag = moved.ETag }, moved);
        Assert.Equal(moved, await Store.Reminders.ReadAsync(Type, Key, "tick", Ct));
    }

    [Fact]
    public async Task TryReschedule_with_a_stale_etag_returns_null_and_changes_nothing()
    {
        var stored = await Store.Reminders.UpsertAsync(Reminder("tick", T0), Ct);
        var moved = await Store.Reminders.TryRescheduleAsync(stored, T0.AddMinutes(1), Ct);

        Assert.Null(await Store.Reminders.TryRescheduleAsync(stored, T0.AddMinutes(2), Ct));

        Assert.Equal(moved, await Store.Reminders.ReadAsync(Type, Key, "tick", Ct));
    }

    [Fact]
    public async Task TryReschedule_of_a_removed_reminder_returns_null_and_does_not_bring_it_back()
    {
        var stored = await Store.Reminders.UpsertAsync(Reminder("tick", T0), Ct);
        await Store.Reminders.RemoveAsync(Type, Key, "tick", Ct);

        Assert.Null(await Store.Reminders.TryRescheduleAsync(stored, T0.AddMinutes(1), Ct));
        Assert.Null(await Store.Reminders.ReadAsync(Type, Key, "tick", Ct));
    }

    [Fact]
    public async Task Of_twenty_hosts_claiming_the_same_due_reminder_exactly_one_wins()
    {
        await Store.Reminders.UpsertAsync(Reminder("tick", T0), Ct);
        var due = Assert.Single(await Store.Reminders.ReadDueAsync(T0, 10, Ct));
        StoreUnderTest[] hosts = [Store, ConnectAnotherHost()];

        var claims = await RaceAsync(20, claimer => hosts[claimer % 2].Reminders.TryRescheduleAsync(due, T0.AddMinutes(claimer + 1), Ct));

        var winner = Assert.Single(claims, claim => claim is not null);
        Assert.Equal(winner, await Store.Reminders.ReadAsync(Type, Key, "tick", Ct));
        Assert.Empty(await Store.Reminders.ReadDueAsync(T0, 10, Ct));
    }

    [Fact]
    public async Task TryRemove_with_a_stale_etag_returns_false_and_keeps_the_reminder()
    {
        var stored = await Store.Reminders.UpsertAsync(Reminder("tick", T0), Ct);
        var moved = await Store.Reminders.TryRescheduleAsync(stored, T0.AddMinutes(1), Ct);

        Assert.False(await Store.Reminders.TryRemoveAsync(stored, Ct));

        Assert.Equal(moved, await Store.Reminders.ReadAsync(Type, Key, "tick", Ct));
    }

    [Fact]
    public async Task TryRemove_with_the_current_etag_removes_the_reminder()
    {
        var stored = await Store.Reminders.UpsertAsync(Reminder("tick", T0), Ct);

        Assert.True(await Store.Reminders.TryRemoveAsync(stored, Ct));

        Assert.Null(await Store.Reminders.ReadAsync(Type, Key, "tick", Ct));
        Assert.False(await Store.Reminders.TryRemoveAsync(stored, Ct));
    }

    [Theory]
    [InlineData("it's")]
    [InlineData("x'; DROP TABLE reminders; --")]
    [InlineData("\"quoted\" \\ back\\slash")]
    [InlineData("напоминание ⏰")]
    public async Task Keys_and_names_with_odd_characters_round_trip(string odd)
    {
        var stored = await Store.Reminders.UpsertAsync(new ReminderEntry(odd, odd, odd, T0, null), Ct);

        Assert.Equal(stored, await Store.Reminders.ReadAsync(odd, odd, odd, Ct));
        Assert.Equal([stored], await Store.Reminders.ReadForGrainAsync(odd, odd, Ct));
        Assert.True(await Store.Reminders.TryRemoveAsync(stored, Ct));
    }

    private static ReminderEntry Reminder(string name, DateTimeOffset dueAt, TimeSpan? period = null, string key = Key) =>
        new(Type, key, name, dueAt, period);
}
