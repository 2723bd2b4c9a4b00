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
        await Task.Delay(PostgresOutboxStore.AdoptionInterval, Ct);
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
}
