using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains;
using ServiceVision.Testing;

namespace ServiceVision.Messaging.Tests;

/// <summary>The zero-setup default: grains on SQLite, the in-memory transport.</summary>
public sealed class InMemoryAndSqliteTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"sv-messaging-{Guid.NewGuid():N}.db");
    private readonly Probe probe = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewOrganization() => $"org-{Guid.NewGuid():N}";

    private HostSettings Settings() => new() { SqlitePath = path };

    [Fact]
    public async Task A_grain_change_with_a_published_message_reaches_the_consumer_once_in_its_tenant_context()
    {
        await using var host = await TestHost.StartAsync(probe, Settings());
        var organization = NewOrganization();

        await host.Grains.GetGrain<IBoardGrain>(organization).Ping("embedded");
        await Eventually.HoldsAsync(() => probe.Of(organization).Count > 0, Eventually.Patience, "the consumer receives the message");
        await Task.Delay(500, Ct);

        var received = Assert.Single(probe.Of(organization));
        Assert.Equal(new Pinged(organization, "embedded"), received.Message);
        Assert.Equal(organization, received.Tenant);
        Assert.Equal(organization, received.Header);
        Assert.Equal(0, await host.Outbox.CountPendingAsync(Ct));
    }

    [Fact]
    public async Task A_row_whose_body_cannot_be_read_stays_in_the_outbox_and_the_rest_of_its_batch_goes_out()
    {
        await using var host = await TestHost.StartAsync(probe, Settings());
        var organization = NewOrganization();
        await host.WriteUnreadableThenReadableAsync(organization);

        await Eventually.HoldsAsync(() => probe.Of(organization).Count > 0, Eventually.Patience, "the readable message is published");
        await Task.Delay(500, Ct);
        Assert.Equal(new Pinged(organization, "readable"), Assert.Single(probe.Of(organization)).Message);
        Assert.Equal(1, await host.Outbox.CountPendingAsync(Ct));
    }

    [Fact]
    public async Task A_message_committed_while_no_relay_runs_is_delivered_after_a_restart()
    {
        var organization = NewOrganization();
        var relayOff = Settings();
        relayOff.Configuration["Messaging:OutboxRelayEnabled"] = "false";
        await using (var crashed = await TestHost.StartAsync(probe, relayOff))
        {
            await crashed.Grains.GetGrain<IBoardGrain>(organization).Ping("later");
            Assert.Equal(1, await crashed.Outbox.CountPendingAsync(Ct));
        }

        await using var restarted = await TestHost.StartAsync(probe, Settings());
        await Eventually.HoldsAsync(() => probe.Of(organization).Count > 0, Eventually.Patience, "the restarted relay publishes the stored message");
        Assert.Single(probe.Of(organization));
    }

    [Fact]
    public async Task Redelivering_the_same_message_id_to_an_idempotent_consumer_changes_nothing_the_second_time()
    {
        await using var host = await TestHost.StartAsync(probe, Settings());
        var organization = NewOrganization();
        var messageId = Guid.NewGuid();

        for (var i = 0; i < 3; i++)
        {
            await host.Bus.Publish(new PointsAwarded(organization, 7), Pipe.Execute<PublishContext<PointsAwarded>>(c => c.MessageId = messageId), Ct);
        }

        await Eventually.HoldsAsync(() => probe.PointsInvocations == 3, Eventually.Patience, "every delivery reaches the consumer");
        Assert.Equal(7, await host.Grains.GetGrain<IScoreGrain>(organization).Total());
    }

    [Fact]
    public async Task Each_consumed_message_records_how_long_it_waited_for_its_consumer_by_message_type()
    {
        var lags = new ConcurrentQueue<(double Seconds, object? Type)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument is { Meter.Name: MessagingTelemetry.Name, Name: "servicevision.messaging.consumer.lag" })
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "messaging.message.type")
                {
                    lags.Enqueue((value, tag.Value));
                }
            }
        });
        listener.Start();
        await using var host = await TestHost.StartAsync(probe, Settings());
        var organization = NewOrganization();

        await host.Grains.GetGrain<IBoardGrain>(organization).Ping("lagging");
        await Eventually.HoldsAsync(() => probe.Of(organization).Count > 0, Eventually.Patience, "the consumer receives the message");

        // The listener is process-wide and other tests consume Pinged too: this message's lag is among them.
        await Eventually.HoldsAsync(() => lags.Any(l => Equals(l.Type, nameof(Pinged))), Eventually.Patience, "the lag is recorded");
        Assert.All(lags.Where(l => Equals(l.Type, nameof(Pinged))), l => Assert.InRange(l.Seconds, 0, Eventually.Patience.TotalSeconds));
    }

    [Fact]
    public async Task A_tenant_message_without_an_organization_is_not_published()
    {
        await using var host = await TestHost.StartAsync(probe, Settings());

        await Assert.ThrowsAsync<TenantMismatchException>(() => host.Bus.Publish(new Pinged("", "nobody's"), Ct));
    }

    [Fact]
    public async Task The_consumer_outside_any_tenant_is_scoped_and_another_tenants_grain_is_refused()
    {
        await using var host = await TestHost.StartAsync(probe, Settings());
        var organization = NewOrganization();

        // Publishing from platform code (no tenant): the consumer still runs as the message's organization.
        Assert.Null(TenantContext.Current);
        await host.Bus.Publish(new Pinged(organization, "platform"), Ct);
        await Eventually.HoldsAsync(() => probe.Of(organization).Count > 0, Eventually.Patience, "the consumer receives the message");
        Assert.Equal(organization, Assert.Single(probe.Of(organization)).Tenant);
        Assert.Null(TenantContext.Current);

        // And a grain cannot publish for another organization.
        using (TenantContext.Enter(organization))
        {
            await Assert.ThrowsAsync<TenantIsolationException>(() => host.Grains.GetGrain<IBoardGrain>(NewOrganization()).Ping("x"));
        }
    }

    [Fact]
    public async Task The_host_registers_every_piece_once()
    {
        await using var host = await TestHost.StartAsync(probe, Settings());

        Assert.Same(host.Services.GetRequiredService<OutboxSignal>(), host.Services.GetRequiredService<IOutboxSignal>());
        Assert.Contains(typeof(Pinged), host.Services.GetRequiredService<ContractTypeMap>().Types.Values);
        Assert.Contains(typeof(ServiceVision.Contracts.Organizations.V1.VisionPublished), host.Services.GetRequiredService<ContractTypeMap>().Types.Values);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
