using ServiceVision.Grains.Storage.Postgres;
using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

public sealed class PostgresOutboxStorageTests(PostgresDatabaseFixture database) : OutboxStorageContract, IClassFixture<PostgresDatabaseFixture>
{
    protected override StoreUnderTest Connect(string location) => database.Connect(location);

    protected override StoreUnderTest ConnectAnotherHost(TimeSpan lease) => database.Connect(Location, lease);

    [Fact]
    public async Task While_its_relay_runs_a_host_reads_what_it_writes_and_no_other_host_gets_it()
    {
        var other = ConnectAnotherHost();
        await other.Outbox.SetRelayRunningAsync(true, Ct);
        await Store.Outbox.SetRelayRunningAsync(true, Ct);

        await Store.Grains.WriteAsync(Type, "org-1", "{}", 0, [Message(1), Message(2)], Ct);

        Assert.Empty(await other.Outbox.ReadPendingAsync(10, Ct));
        Assert.Equal([Message(1)], await Store.Outbox.ReadPendingAsync(1, Ct));

        // Until deleted, its rows come back to it (a failed publish is retried), oldest first.
        Assert.Equal([Message(1), Message(2)], await Store.Outbox.ReadPendingAsync(10, Ct));
        await Store.Outbox.DeleteAsync([Message(1).MessageId], Ct);
        Assert.Equal([Message(2)], await Store.Outbox.ReadPendingAsync(10, Ct));
        Assert.Empty(await other.Outbox.ReadPendingAsync(10, Ct));
    }

    [Fact]
    public async Task When_its_relay_stops_another_host_gets_its_messages_at_once()
    {
        await Store.Outbox.SetRelayRunningAsync(true, Ct);
        await Store.Grains.WriteAsync(Type, "org-1", "{}", 0, [Message(1)], Ct);
        var other = ConnectAnotherHost();
        await other.Outbox.SetRelayRunningAsync(true, Ct);
        Assert.Empty(await other.Outbox.ReadPendingAsync(10, Ct));

        await Store.Outbox.SetRelayRunningAsync(false, Ct);

        // A write after the stop is not claimed either.
        await Store.Grains.WriteAsync(Type, "org-1", "{}", 1, [Message(2)], Ct);

        // Task.Delay runs on a coarse clock: it can end a few milliseconds before the interval has passed.
        await Task.Delay(PostgresOutboxStore.AdoptionInterval + TimeSpan.FromMilliseconds(50), Ct);
        Assert.Equal([Message(1), Message(2)], await other.Outbox.ReadPendingAsync(10, Ct));
    }

    [Fact]
    public async Task A_relaying_host_reads_its_own_messages_and_those_no_live_host_holds_in_one_batch_oldest_first()
    {
        // Written by a host without a relay (unclaimed), by this one, and by one that died with its claims.
        await ConnectAnotherHost().Grains.WriteAsync(Type, "org-1", "{}", 0, [Message(1), Message(4)], Ct);
        await Store.Outbox.SetRelayRunningAsync(true, Ct);
        await Store.Grains.WriteAsync(Type, "org-2", "{}", 0, [Message(2), Message(5)], Ct);
        var crashed = ConnectAnotherHost(TimeSpan.FromMilliseconds(200));
        await crashed.Outbox.SetRelayRunningAsync(true, Ct);
        await crashed.Grains.WriteAsync(Type, "org-3", "{}", 0, [Message(3)], Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(400), Ct);

        Assert.Equal([Message(1), Message(4), Message(2), Message(5), Message(3)], await Store.Outbox.ReadPendingAsync(10, Ct));
        Assert.Equal(5, (await Store.Outbox.ReadPendingAsync(10, Ct)).Count);
    }

    [Fact]
    public async Task A_relaying_host_keeps_its_messages_past_the_lease_by_renewing_its_claims()
    {
        var lease = TimeSpan.FromMilliseconds(300);
        var host = ConnectAnotherHost(lease);
        await host.Outbox.SetRelayRunningAsync(true, Ct);
        await host.Grains.WriteAsync(Type, "org-1", "{}", 0, [Message(1)], Ct);
        await Store.Outbox.SetRelayRunningAsync(true, Ct);

        for (var waited = TimeSpan.Zero; waited < lease * 4; waited += TimeSpan.FromMilliseconds(50))
        {
            Assert.Equal([Message(1)], await host.Outbox.ReadPendingAsync(10, Ct));
            Assert.Empty(await Store.Outbox.ReadPendingAsync(10, Ct));
            await Task.Delay(TimeSpan.FromMilliseconds(50), Ct);
        }
    }

    [Fact]
    public async Task The_relay_vacuums_the_outbox_table_after_every_ten_thousand_deleted_messages()
    {
        const int PerWrite = 500;
        await Store.Outbox.SetRelayRunningAsync(true, Ct);
        for (var write = 0; write < PostgresOutboxStore.VacuumEvery / PerWrite; write++)
        {
            var messages = Enumerable.Range(write * PerWrite, PerWrite).Select(n => Message(n)).ToList();
            await Store.Grains.WriteAsync(Type, "org-1", "{}", write, messages, Ct);
        }

        // Relayed as the relay does: read a batch, delete it.
        for (var deleted = 0; deleted < PostgresOutboxStore.VacuumEvery; deleted += PerWrite)
        {
            Assert.Equal(0, (await OutboxTableStatistics()).Vacuums);
            var batch = await Store.Outbox.ReadPendingAsync(PerWrite, Ct);
            await Store.Outbox.DeleteAsync([.. batch.Select(m => m.MessageId)], Ct);
        }

        var table = await OutboxTableStatistics();
        Assert.Equal(1, table.Vacuums);
        Assert.Equal(0, table.DeadRows);
    }

    /// <summary>Manual (not auto) vacuums of this test's outbox table, and the dead rows it holds.</summary>
    private async Task<(long Vacuums, long DeadRows)> OutboxTableStatistics()
    {
        await using var command = database.Database.DataSource.CreateCommand(
            "SELECT vacuum_count, n_dead_tup FROM pg_stat_user_tables WHERE schemaname = @schema AND relname = 'outbox'");
        command.Parameters.AddWithValue("schema", Location);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
