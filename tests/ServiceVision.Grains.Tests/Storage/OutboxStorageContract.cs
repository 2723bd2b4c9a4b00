using ServiceVision.Grains.Storage;
using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

/// <summary>
/// What every store's durable outbox (<see cref="IOutboxStore"/> and the outbox overload of
/// <see cref="IGrainStorage.WriteAsync(string, string, string, long, IReadOnlyList{OutboxMessage}?, CancellationToken)"/>)
/// and <see cref="IProcessedMessages"/> must do; each store runs it in a subclass.
/// </summary>
public abstract class OutboxStorageContract : StorageContract
{
    protected const string Type = "OrganizationGrain";
    private const string Key = "org-1";

    // Whole milliseconds in UTC: what both stores keep.
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Another host on this test's store whose outbox claims last <paramref name="lease"/>.</summary>
    protected abstract StoreUnderTest ConnectAnotherHost(TimeSpan lease);

    [Fact]
    public async Task State_and_messages_commit_together_and_read_back_in_order()
    {
        var first = Message(1);
        var second = Message(2);

        Assert.Equal(1, await Store.Grains.WriteAsync(Type, Key, """{"n":1}""", 0, [first, second], Ct));

        Assert.Equal(1, (await Store.Grains.ReadAsync(Type, Key, Ct))?.Version);
        Assert.Equal([first, second], await Store.Outbox.ReadPendingAsync(10, Ct));
        Assert.Equal(2, await Store.Outbox.CountPendingAsync(Ct));
    }

    [Fact]
    public async Task An_update_with_messages_adds_them_behind_those_of_earlier_writes()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, [Message(1)], Ct);
        await Store.Grains.WriteAsync(Type, Key, "{}", 1, [Message(2), Message(3)], Ct);
        await Store.Grains.WriteAsync("OtherGrain", "org-2/x", "{}", 0, [Message(4, "org-2")], Ct);
        await Store.Grains.WriteAsync(Type, Key, "{}", 2, [Message(5)], Ct);

        Assert.Equal([Message(1), Message(2), Message(3), Message(4, "org-2"), Message(5)], await Store.Outbox.ReadPendingAsync(10, Ct));
    }

    [Fact]
    public async Task A_stale_update_with_messages_adds_no_message_and_changes_no_state()
    {
        await Store.Grains.WriteAsync(Type, Key, """{"n":1}""", 0, Ct);
        await Store.Grains.WriteAsync(Type, Key, """{"n":2}""", 1, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Store.Grains.WriteAsync(Type, Key, """{"n":99}""", 1, [Message(1)], Ct));

        Assert.Equal(2, (await Store.Grains.ReadAsync(Type, Key, Ct))?.Version);
        Assert.Empty(await Store.Outbox.ReadPendingAsync(10, Ct));
        Assert.Equal(0, await Store.Outbox.CountPendingAsync(Ct));
    }

    [Fact]
    public async Task A_stale_first_write_with_messages_adds_no_message()
    {
        await Store.Grains.WriteAsync(Type, Key, """{"owner":"first"}""", 0, [Message(1)], Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Store.Grains.WriteAsync(Type, Key, """{"owner":"second"}""", 0, [Message(2)], Ct));

        Assert.Equal([Message(1)], await Store.Outbox.ReadPendingAsync(10, Ct));
    }

    [Fact]
    public async Task An_update_of_state_never_written_with_messages_adds_nothing()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Grains.WriteAsync(Type, Key, "{}", 3, [Message(1)], Ct));

        Assert.Null(await Store.Grains.ReadAsync(Type, Key, Ct));
        Assert.Equal(0, await Store.Outbox.CountPendingAsync(Ct));
    }

    [Fact]
    public async Task A_write_with_no_messages_or_an_empty_list_is_a_plain_write()
    {
        Assert.Equal(1, await Store.Grains.WriteAsync(Type, Key, "{}", 0, outbox: null, Ct));
        Assert.Equal(2, await Store.Grains.WriteAsync(Type, Key, "{}", 1, [], Ct));

        Assert.Equal(0, await Store.Outbox.CountPendingAsync(Ct));
    }

    [Fact]
    public async Task Of_twenty_concurrent_writes_with_messages_only_the_winners_messages_are_stored()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, Ct);
        StoreUnderTest[] hosts = [Store, ConnectAnotherHost()];

        var outcomes = await RaceAsync(20, async writer =>
        {
            try
            {
                await hosts[writer % 2].Grains.WriteAsync(Type, Key, $$"""{"writer":{{writer}}}""", 1, [Message(100 + writer)], Ct);
                return writer;
            }
            catch (InconsistentStateException)
            {
                return -1;
            }
        });

        var winner = Assert.Single(outcomes, writer => writer >= 0);
        Assert.Equal([Message(100 + winner)], await Store.Outbox.ReadPendingAsync(100, Ct));
    }

    [Fact]
    public async Task Concurrent_writes_of_many_grains_each_store_their_state_and_messages_and_stale_ones_fail_alone()
    {
        // Grains 0-39 exist at version 1, grains 40-59 are new; every fourth update expects a version the store never had.
        for (var g = 0; g < 40; g++)
        {
            await Store.Grains.WriteAsync(Type, $"org-1/{g}", "{}", 0, Ct);
        }

        static long Expected(int g) => g >= 40 ? 0 : g % 4 == 0 ? 7 : 1;
        static bool Stale(int g) => Expected(g) == 7;
        var outcomes = await RaceAsync(60, async g =>
        {
            try
            {
                return await Store.Grains.WriteAsync(Type, $"org-1/{g}", $$"""{"g":{{g}}}""", Expected(g), [Message(1_000 + (2 * g)), Message(1_001 + (2 * g))], Ct);
            }
            catch (InconsistentStateException)
            {
                return -1;
            }
        });

        var stored = await Store.Outbox.ReadPendingAsync(1_000, Ct);
        for (var g = 0; g < 60; g++)
        {
            var state = await Store.Grains.ReadAsync(Type, $"org-1/{g}", Ct);
            if (Stale(g))
            {
                Assert.Equal(-1, outcomes[g]);
                Assert.Equal(new StoredState("{}", 1), state);
                Assert.DoesNotContain(Message(1_000 + (2 * g)), stored);
                continue;
            }

            Assert.Equal(Expected(g) + 1, outcomes[g]);
            Assert.Equal(Expected(g) + 1, state?.Version);
            Assert.Equal(g, System.Text.Json.JsonDocument.Parse(state!.Json).RootElement.GetProperty("g").GetInt32());
            var first = stored.ToList().IndexOf(Message(1_000 + (2 * g)));
            var second = stored.ToList().IndexOf(Message(1_001 + (2 * g)));
            Assert.True(first >= 0 && second > first, $"the messages of grain {g} are missing or out of order");
        }

        Assert.Equal(2 * 50, stored.Count);
    }

    [Fact]
    public async Task A_large_state_is_written_with_its_messages_and_a_stale_one_changes_nothing()
    {
        // Large enough that a store may write it apart from the small writes (PostgreSQL: 64 K characters).
        var large = $$"""{"notes":"{{new string('x', 200_000)}}"}""";
        Assert.Equal(1, await Store.Grains.WriteAsync(Type, Key, large, 0, [Message(1)], Ct));
        Assert.Equal(2, await Store.Grains.WriteAsync(Type, Key, large, 1, [Message(2), Message(3)], Ct));

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Grains.WriteAsync(Type, Key, large, 1, [Message(4)], Ct));

        var state = await Store.Grains.ReadAsync(Type, Key, Ct);
        Assert.Equal(2, state?.Version);
        Assert.Equal(200_000, System.Text.Json.JsonDocument.Parse(state!.Json).RootElement.GetProperty("notes").GetString()?.Length);
        Assert.Equal([Message(1), Message(2), Message(3)], await Store.Outbox.ReadPendingAsync(10, Ct));
    }

    [Fact]
    public async Task Reading_returns_at_most_the_limit_oldest_first()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, [.. Enumerable.Range(1, 5).Select(i => Message(i))], Ct);

        Assert.Equal([Message(1), Message(2), Message(3)], await Store.Outbox.ReadPendingAsync(3, Ct));
    }

    [Fact]
    public async Task Deleting_removes_only_the_given_messages()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, [Message(1), Message(2), Message(3)], Ct);

        await Store.Outbox.DeleteAsync([Message(1).MessageId, Message(3).MessageId, Guid.NewGuid()], Ct);
        await Store.Outbox.DeleteAsync([], Ct);

        Assert.Equal([Message(2)], await Store.Outbox.ReadPendingAsync(10, Ct));
        Assert.Equal(1, await Store.Outbox.CountPendingAsync(Ct));
    }

    [Fact]
    public async Task A_host_reads_its_own_claimed_messages_again_but_another_host_does_not_get_them()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, [Message(1), Message(2)], Ct);
        var other = ConnectAnotherHost();

        Assert.Equal([Message(1)], await Store.Outbox.ReadPendingAsync(1, Ct));

        Assert.Equal([Message(2)], await other.Outbox.ReadPendingAsync(10, Ct));
        Assert.Equal([Message(2)], await other.Outbox.ReadPendingAsync(10, Ct));
        Assert.Equal([Message(1)], await Store.Outbox.ReadPendingAsync(10, Ct));
    }

    [Fact]
    public async Task Two_hosts_reading_at_the_same_moment_get_disjoint_messages_and_all_of_them()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, [.. Enumerable.Range(1, 40).Select(i => Message(i))], Ct);
        StoreUnderTest[] hosts = [.. Enumerable.Range(0, 4).Select(_ => ConnectAnotherHost())];

        var claimed = await RaceAsync(hosts.Length, async host => await hosts[host].Outbox.ReadPendingAsync(10, Ct));

        var ids = claimed.SelectMany(batch => batch).Select(m => m.MessageId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(40, ids.Count);
    }

    [Fact]
    public async Task A_claim_that_expired_lets_another_host_read_the_message()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, [Message(1)], Ct);
        var crashed = ConnectAnotherHost(TimeSpan.FromMilliseconds(300));
        Assert.Equal([Message(1)], await crashed.Outbox.ReadPendingAsync(10, Ct));
        Assert.Empty(await Store.Outbox.ReadPendingAsync(10, Ct));

        await Task.Delay(TimeSpan.FromMilliseconds(600), Ct);

        Assert.Equal([Message(1)], await Store.Outbox.ReadPendingAsync(10, Ct));
    }

    [Fact]
    public async Task Running_the_initializer_again_keeps_pending_messages_and_marks()
    {
        await Store.Grains.WriteAsync(Type, Key, "{}", 0, [Message(1)], Ct);
        await Store.Processed.TryMarkAsync("consumer", Message(1).MessageId, Ct);

        await Store.Initializer.InitializeAsync(Ct);

        Assert.Equal([Message(1)], await Store.Outbox.ReadPendingAsync(10, Ct));
        Assert.False(await Store.Processed.TryMarkAsync("consumer", Message(1).MessageId, Ct));
    }

    [Fact]
    public async Task A_message_is_marked_once_per_consumer()
    {
        var id = Guid.NewGuid();

        Assert.True(await Store.Processed.TryMarkAsync("training-assignments", id, Ct));
        Assert.False(await Store.Processed.TryMarkAsync("training-assignments", id, Ct));
        Assert.False(await ConnectAnotherHost().Processed.TryMarkAsync("training-assignments", id, Ct));
        Assert.True(await Store.Processed.TryMarkAsync("recognition-feed", id, Ct));
        Assert.True(await Store.Processed.TryMarkAsync("training-assignments", Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task An_unmarked_message_can_be_marked_again()
    {
        var id = Guid.NewGuid();
        await Store.Processed.TryMarkAsync("consumer", id, Ct);

        await Store.Processed.UnmarkAsync("consumer", id, Ct);

        Assert.True(await Store.Processed.TryMarkAsync("consumer", id, Ct));
    }

    [Fact]
    public async Task Of_twenty_concurrent_marks_of_one_message_exactly_one_succeeds()
    {
        var id = Guid.NewGuid();
        StoreUnderTest[] hosts = [Store, ConnectAnotherHost()];

        var outcomes = await RaceAsync(20, writer => hosts[writer % 2].Processed.TryMarkAsync("consumer", id, Ct));

        Assert.Single(outcomes, marked => marked);
    }

    [Fact]
    public async Task Purging_forgets_marks_older_than_the_given_time()
    {
        var id = Guid.NewGuid();
        await Store.Processed.TryMarkAsync("consumer", id, Ct);

        Assert.Equal(0, await Store.Processed.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(-5), Ct));
        Assert.False(await Store.Processed.TryMarkAsync("consumer", id, Ct));
        Assert.Equal(1, await Store.Processed.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(5), Ct));
        Assert.True(await Store.Processed.TryMarkAsync("consumer", id, Ct));
    }

    /// <summary>A message whose id and time follow from <paramref name="n"/>, so the same n gives an equal record.</summary>
    protected static OutboxMessage Message(int n, string organization = "org-1") => new(
        new Guid(n, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]),
        "ServiceVision.Contracts.V1.Pinged",
        $$"""{"organizationId":"{{organization}}","n":{{n}}}""",
        organization,
        T0.AddMilliseconds(n));
}
