using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;
using ServiceVision.Testing;

namespace ServiceVision.Grains.Tests.Runtime;

/// <summary>
/// Grain&lt;TState&gt;.Publish: messages reach the durable outbox only with the state write that
/// follows them. Runs against every store (see the sealed subclasses at the bottom).
/// </summary>
public abstract class GrainOutboxGuarantees(IGrainStoreFixture store)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewTenant() => $"org{Guid.NewGuid():N}";

    [Fact]
    public async Task Messages_are_stored_with_the_state_and_the_relay_is_woken()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var tenant = NewTenant();
        var signal = silo.Services.GetRequiredService<OutboxSignal>();
        await signal.WaitAsync(TimeSpan.Zero, Cancel);

        Assert.Equal(1, await silo.Runtime.GetGrain<IPublishingGrain>($"{tenant}/counter").IncrementAndPublish(2));

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, Cancel));
        var stored = await OutboxOf(silo, tenant);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, message =>
        {
            Assert.Equal(ContractTypes.NameOf<CounterChanged>(), message.MessageType);
            Assert.Equal(tenant, message.OrganizationId);
        });
        Assert.Equal(
            [new CounterChanged(tenant, $"{tenant}/counter", 1, 0), new CounterChanged(tenant, $"{tenant}/counter", 1, 1)],
            stored.Select(Body));
        Assert.Equal(2, stored.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_stale_write_stores_none_of_its_messages_and_they_are_dropped_with_the_activation()
    {
        var tenant = NewTenant();
        var key = $"{tenant}/counter";
        await using var a = await TestSilo.StartAsync(store);
        await using var b = await TestSilo.StartAsync(store);
        Assert.Equal(0, await a.Runtime.GetGrain<IPublishingGrain>(key).GetCount());
        Assert.Equal(0, await b.Runtime.GetGrain<IPublishingGrain>(key).GetCount());

        await a.Runtime.GetGrain<IPublishingGrain>(key).IncrementAndPublish(1);
        await Assert.ThrowsAsync<InconsistentStateException>(() => b.Runtime.GetGrain<IPublishingGrain>(key).IncrementAndPublish(3));

        Assert.Equal([new CounterChanged(tenant, key, 1, 0)], (await OutboxOf(a, tenant)).Select(Body));

        // B's activation and its unsaved messages are gone: the next call reloads 1 and writes 2 with one new message.
        await Eventually.HoldsAsync(() => Task.FromResult(!b.Runtime.IsActive(new GrainId("publishing", key))), Eventually.Patience, "B drops its stale activation");
        Assert.Equal(2, await b.Runtime.GetGrain<IPublishingGrain>(key).IncrementAndPublish(1));
        Assert.Equal(
            [new CounterChanged(tenant, key, 1, 0), new CounterChanged(tenant, key, 2, 0)],
            (await OutboxOf(a, tenant)).Select(Body));
    }

    [Fact]
    public async Task Messages_queued_without_a_write_are_stored_by_the_next_write_and_only_once()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var tenant = NewTenant();
        var grain = silo.Runtime.GetGrain<IPublishingGrain>($"{tenant}/counter");

        await grain.PublishWithoutWriting();
        Assert.Empty(await OutboxOf(silo, tenant));

        await grain.IncrementAndPublish(1);
        await grain.PublishWriteThenWriteAgain();

        Assert.Equal([-1, 0, 0], (await OutboxOf(silo, tenant)).Select(m => Body(m).Index));
    }

    [Fact]
    public async Task A_grain_may_not_publish_for_another_organization()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var tenant = NewTenant();

        await Assert.ThrowsAsync<TenantIsolationException>(() => silo.Runtime.GetGrain<IPublishingGrain>($"{tenant}/counter").PublishFor(NewTenant()));
    }

    private static async Task<IReadOnlyList<OutboxMessage>> OutboxOf(TestSilo silo, string tenant)
    {
        var all = await silo.Services.GetRequiredService<IOutboxStore>().ReadPendingAsync(10_000, Cancel);
        return [.. all.Where(m => m.OrganizationId == tenant)];
    }

    private static CounterChanged Body(OutboxMessage message) =>
        JsonSerializer.Deserialize<CounterChanged>(message.Body, OutboxMessage.JsonOptions)!;
}

public sealed class GrainOutboxOnSqlite(SqliteStoreFixture store) : GrainOutboxGuarantees(store), IClassFixture<SqliteStoreFixture>;

public sealed class GrainOutboxOnPostgres(PostgresStoreFixture store) : GrainOutboxGuarantees(store), IClassFixture<PostgresStoreFixture>;
