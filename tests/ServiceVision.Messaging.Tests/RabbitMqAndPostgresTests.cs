using System.Diagnostics;
using System.Text;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains.Storage;
using ServiceVision.Testing;

namespace ServiceVision.Messaging.Tests;

/// <summary>The backbone as production runs it: grains on PostgreSQL, the bus on RabbitMQ.</summary>
public sealed class RabbitMqAndPostgresTests(Infrastructure infra) : IClassFixture<Infrastructure>
{
    // How long a test waits to be sure that something does NOT happen (a second delivery).
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    private readonly Probe probe = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // MassTransit's exchange for the Pinged contract, where the relay publishes it.
    private const string PingedExchange = "ServiceVision.Messaging.Tests:Pinged";

    private static string NewOrganization() => $"org-{Guid.NewGuid():N}";

    private static string? Header(RabbitMQ.Client.IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;

    private HostSettings Settings(Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = new HostSettings { RabbitMq = infra.Broker.AmqpUri, Postgres = infra.Database.ConnectionString };
        configure?.Invoke(settings.Configuration);
        return settings;
    }

    [Fact]
    public async Task A_grain_change_with_a_published_message_reaches_the_consumer_exactly_once_in_its_tenant_context()
    {
        // The poll is far away: only the signal from the state write can deliver in time.
        await using var host = await TestHost.StartAsync(probe, Settings(c => c["Messaging:OutboxPollInterval"] = "00:05:00"));
        var organization = NewOrganization();

        var clock = Stopwatch.StartNew();
        var before = DateTime.UtcNow;
        Assert.Equal(1, await host.Grains.GetGrain<IBoardGrain>(organization).Ping("hello"));
        await Eventually.HoldsAsync(() => probe.Of(organization).Count > 0, Eventually.Patience, "the consumer receives the message");
        var latency = clock.Elapsed;
        await Task.Delay(Quiet, Ct);

        var received = Assert.Single(probe.Of(organization));
        Assert.Equal(new Pinged(organization, "hello"), received.Message);
        Assert.Equal(organization, received.Tenant);
        Assert.Equal(organization, received.Header);
        Assert.NotNull(received.MessageId);
        Assert.InRange(received.SentTime.GetValueOrDefault(), before, DateTime.UtcNow);
        Assert.Equal(0, await host.Outbox.CountPendingAsync(Ct));
        Assert.True(latency < TimeSpan.FromSeconds(10), $"delivered after {latency}");
        TestContext.Current.TestOutputHelper?.WriteLine($"state write to consumer: {latency.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_message_committed_while_no_relay_runs_is_delivered_once_after_a_restart_with_the_outbox_id()
    {
        var organization = NewOrganization();
        IReadOnlyList<Guid> stored;
        await using (var crashed = await TestHost.StartAsync(probe, Settings(c => c["Messaging:OutboxRelayEnabled"] = "false")))
        {
            await crashed.Grains.GetGrain<IBoardGrain>(organization).Ping("survives");
            stored = await infra.OutboxIdsAsync(organization);
            Assert.Single(stored);
            await Task.Delay(Quiet, Ct);
            Assert.Empty(probe.Of(organization));
        }

        await using var restarted = await TestHost.StartAsync(probe, Settings());
        await Eventually.HoldsAsync(() => probe.Of(organization).Count > 0, Eventually.Patience, "the restarted relay publishes the stored message");
        await Task.Delay(Quiet, Ct);

        var received = Assert.Single(probe.Of(organization));
        Assert.Equal(new Pinged(organization, "survives"), received.Message);
        Assert.Equal(stored[0], received.MessageId);
        Assert.Equal(1, await restarted.Grains.GetGrain<IBoardGrain>(organization).Pings());
        Assert.Empty(await infra.OutboxIdsAsync(organization));
    }

    [Fact]
    public async Task The_relay_publishes_the_stored_json_with_the_outbox_id_the_contract_type_and_the_tenant_header()
    {
        await using var host = await TestHost.StartAsync(probe, Settings());
        var tap = await infra.TapAsync(PingedExchange);
        var organization = NewOrganization();

        await host.Grains.GetGrain<IBoardGrain>(organization).Ping("on the wire");
        await Eventually.HoldsAsync(() => probe.Of(organization).Count > 0, Eventually.Patience, "the consumer receives the message");
        var copy = Assert.Single(await infra.DrainQueueAsync(tap), m => Encoding.UTF8.GetString(m.Body.Span).Contains(organization, StringComparison.Ordinal));

        var properties = copy.BasicProperties;
        Assert.Equal("application/json", properties.ContentType);
        Assert.True(properties.Persistent);
        Assert.Equal(Assert.Single(probe.Of(organization)).MessageId.ToString(), properties.MessageId);
        Assert.Equal("urn:message:ServiceVision.Messaging.Tests:Pinged", Header(properties, "MT-MessageType"));
        Assert.Equal(organization, Header(properties, TenantHeaders.OrganizationId));
        Assert.Equal($$"""{"organizationId":"{{organization}}","text":"on the wire"}""", Encoding.UTF8.GetString(copy.Body.Span));
    }

    [Fact]
    public async Task A_row_whose_body_cannot_be_read_is_relayed_and_faults_to_the_error_queue_without_reaching_the_consumer()
    {
        await using var host = await TestHost.StartAsync(probe, Settings());
        var organization = NewOrganization();
        var unreadable = await host.WriteUnreadableThenReadableAsync(organization);

        var parked = new List<string>();
        await Eventually.HoldsAsync(
            async () =>
            {
                parked.AddRange((await infra.DrainQueueAsync("pinged_error")).Select(m => m.BasicProperties.MessageId ?? "?"));
                return parked.Contains(unreadable.ToString());
            },
            Eventually.Patience,
            "the unreadable message lands in the error queue");
        Assert.Equal(new Pinged(organization, "readable"), Assert.Single(probe.Of(organization)).Message);
        Assert.Equal(0, await host.Outbox.CountPendingAsync(Ct));
    }

    [Fact]
    public async Task A_raw_message_whose_type_header_names_another_contract_is_not_given_to_this_contracts_consumer()
    {
        await using var host = await TestHost.StartAsync(probe, Settings());
        var organization = NewOrganization();

        // A Pinged body on Pinged's exchange, but the type header says Doomed: the consumer of Pinged must not take it for one.
        var properties = new RabbitMQ.Client.BasicProperties
        {
            ContentType = "application/json",
            MessageId = Guid.NewGuid().ToString(),
            Headers = new Dictionary<string, object?>
            {
                ["MT-MessageType"] = "urn:message:ServiceVision.Messaging.Tests:Doomed",
                [TenantHeaders.OrganizationId] = organization,
            },
        };
        await infra.PublishRawAsync(PingedExchange, properties, $$"""{"organizationId":"{{organization}}","text":"mislabelled"}""");

        // The same message labelled as what it is goes through, so the first one was seen and set aside.
        properties.MessageId = Guid.NewGuid().ToString();
        properties.Headers["MT-MessageType"] = "urn:message:ServiceVision.Messaging.Tests:Pinged";
        await infra.PublishRawAsync(PingedExchange, properties, $$"""{"organizationId":"{{organization}}","text":"labelled"}""");

        await Eventually.HoldsAsync(() => probe.Of(organization).Count > 0, Eventually.Patience, "the labelled message is consumed");
        await Task.Delay(Quiet, Ct);
        Assert.Equal(new Pinged(organization, "labelled"), Assert.Single(probe.Of(organization)).Message);
        var skipped = await infra.DrainQueueAsync("pinged_skipped");
        Assert.Contains(skipped, m => Encoding.UTF8.GetString(m.Body.Span).Contains("mislabelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redelivering_the_same_message_id_to_an_idempotent_consumer_changes_nothing_the_second_time()
    {
        await using var host = await TestHost.StartAsync(probe, Settings());
        var organization = NewOrganization();
        var messageId = Guid.NewGuid();

        await host.Bus.Publish(new PointsAwarded(organization, 5), Pipe.Execute<PublishContext<PointsAwarded>>(c => c.MessageId = messageId), Ct);
        await host.Bus.Publish(new PointsAwarded(organization, 5), Pipe.Execute<PublishContext<PointsAwarded>>(c => c.MessageId = messageId), Ct);
        await Eventually.HoldsAsync(() => probe.PointsInvocations == 2, Eventually.Patience, "both deliveries reach the consumer");

        var score = host.Grains.GetGrain<IScoreGrain>(organization);
        Assert.Equal(5, await score.Total());

        // Another message with the same content is another award.
        await host.Bus.Publish(new PointsAwarded(organization, 5), Ct);
        await Eventually.HoldsAsync(async () => await score.Total() == 10, Eventually.Patience, "a new message id is handled");
        await Eventually.HoldsAsync(() => probe.PointsInvocations == 3, Eventually.Patience, "the third delivery completes");
        Assert.Equal(10, await score.Total());
    }

    [Theory]
    [InlineData("another-organization")]
    [InlineData(null)]
    public async Task A_message_whose_tenant_header_is_wrong_or_missing_goes_to_the_error_queue_and_is_never_consumed(string? header)
    {
        await using var host = await TestHost.StartAsync(probe, Settings());
        var organization = NewOrganization();

        // A sender without our filters: the header says what it likes.
        var rogue = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(infra.Broker.AmqpUri));
        await rogue.StartAsync(Ct);
        try
        {
            await rogue.Publish(
                new Pinged(organization, "forged"),
                Pipe.Execute<PublishContext<Pinged>>(c =>
                {
                    if (header is not null)
                    {
                        c.Headers.Set(TenantHeaders.OrganizationId, header);
                    }
                }),
                Ct);
        }
        finally
        {
            await rogue.StopAsync(CancellationToken.None);
        }

        var faulted = new List<string>();
        await Eventually.HoldsAsync(
            async () =>
            {
                foreach (var message in await infra.DrainQueueAsync("pinged_error"))
                {
                    if (Encoding.UTF8.GetString(message.Body.Span).Contains(organization, StringComparison.Ordinal))
                    {
                        faulted.Add(message.BasicProperties.Headers?["MT-Fault-ExceptionType"] is byte[] type ? Encoding.UTF8.GetString(type) : "?");
                    }
                }

                return faulted.Count > 0;
            },
            Eventually.Patience,
            "the refused message lands in the error queue");

        Assert.Equal([typeof(TenantMismatchException).FullName!], faulted);
        Assert.Empty(probe.Of(organization));
    }

    [Fact]
    public async Task A_consumer_that_keeps_failing_is_retried_then_its_message_goes_to_the_error_queue()
    {
        // Retry in TestHost: 1 immediate + 1 incremental, so three attempts in all.
        await using var host = await TestHost.StartAsync(probe, Settings());
        var organization = NewOrganization();

        await host.Bus.Publish(new Doomed(organization), Ct);

        var faulted = 0;
        await Eventually.HoldsAsync(
            async () =>
            {
                faulted += (await infra.DrainQueueAsync("doomed_error")).Count(m => Encoding.UTF8.GetString(m.Body.Span).Contains(organization, StringComparison.Ordinal));
                return faulted > 0;
            },
            Eventually.Patience,
            "the failing message lands in the error queue");
        Assert.Equal(1, faulted);
        Assert.Equal(3, probe.DoomedAttempts);
    }

    [Fact]
    public async Task A_message_still_being_retried_when_its_host_stops_goes_back_to_its_queue_not_to_the_error_queue()
    {
        var settings = Settings();
        settings.Configuration["Messaging:Retry:Immediate"] = "0";
        settings.Configuration["Messaging:Retry:Incremental"] = "3";
        settings.Configuration["Messaging:Retry:InitialInterval"] = "00:00:03";
        settings.Configuration["Messaging:Retry:IntervalIncrement"] = "00:00:00";
        var host = await TestHost.StartAsync(probe, settings);
        var organization = NewOrganization();

        await host.Bus.Publish(new Doomed(organization), Ct);
        await Eventually.HoldsAsync(() => probe.DoomedAttempts > 0, Eventually.Patience, "the first attempt fails");
        await host.DisposeAsync();

        bool Ours(RabbitMQ.Client.BasicGetResult m) => Encoding.UTF8.GetString(m.Body.Span).Contains(organization, StringComparison.Ordinal);
        Assert.Equal(0, (await infra.DrainQueueAsync("doomed_error")).Count(Ours));
        Assert.Equal(1, (await infra.DrainQueueAsync("doomed")).Count(Ours));
    }

    [Fact]
    public async Task A_relay_that_cannot_reach_the_broker_keeps_the_messages_until_one_can()
    {
        var organization = NewOrganization();
        var unreachable = new HostSettings
        {
            RabbitMq = new UriBuilder(infra.Broker.AmqpUri) { Port = 1 }.Uri,
            Postgres = infra.Database.ConnectionString,
            WaitForBus = false,
        };
        unreachable.Configuration["Messaging:PublishTimeout"] = "00:00:00.500";
        unreachable.Configuration["Messaging:RelayRetryMinDelay"] = "00:00:00.100";
        unreachable.Configuration["Messaging:RelayRetryMaxDelay"] = "00:00:00.400";
        await using (var down = await TestHost.StartAsync(probe, unreachable))
        {
            await down.Grains.GetGrain<IBoardGrain>(organization).Ping("patience");
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            Assert.Single(await infra.OutboxIdsAsync(organization));
        }

        // The claim of the host that gave up lasts until its lease ends (30 s); the test does not wait for it.
        await using (var command = infra.Database.DataSource.CreateCommand("UPDATE grains.outbox SET claimed_until = NULL"))
        {
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var up = await TestHost.StartAsync(probe, Settings());
        await Eventually.HoldsAsync(() => probe.Of(organization).Count > 0, Eventually.Patience, "the message goes out once the broker answers");
        Assert.Equal(new Pinged(organization, "patience"), Assert.Single(probe.Of(organization)).Message);
    }

    [Fact]
    public async Task The_relay_publishes_a_backlog_concurrently()
    {
        // Warm-up (JIT, connections, queues), then the same backlog with publishes in flight at once and one at a time.
        await RelayBacklogAsync(10, 100, maxConcurrentPublishes: 500);
        var wide = await RelayBacklogAsync(30, 100, maxConcurrentPublishes: 500);
        var narrow = await RelayBacklogAsync(30, 100, maxConcurrentPublishes: 100);
        var oneByOne = await RelayBacklogAsync(10, 100, maxConcurrentPublishes: 1);

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"relay, 500 in flight (default): {wide}");
        output?.WriteLine($"relay, 100 in flight: {narrow}");
        output?.WriteLine($"relay, one at a time: {oneByOne}");
        Assert.True(wide.RelayedPerSecond > oneByOne.RelayedPerSecond, "concurrent publishes are faster than awaiting each");
    }

    [Fact]
    public async Task A_backlog_of_many_batches_and_the_writes_made_while_it_drains_are_each_delivered_exactly_once()
    {
        const int Organizations = 10, Backlog = 100, Live = 20, Expected = Organizations * (Backlog + Live);
        var backlog = await FillOutboxWithoutRelayAsync(Organizations, Backlog);

        // Batches of 100, so the backlog takes ten.
        await using var relaying = await TestHost.StartAsync(probe, Settings(c => c["Messaging:OutboxBatchSize"] = "100"));
        var live = Enumerable.Range(0, Organizations).Select(_ => NewOrganization()).ToList();
        await Task.WhenAll(live.Select(async org =>
        {
            for (var i = 0; i < Live; i++)
            {
                await relaying.Grains.GetGrain<IBoardGrain>(org).Ping("live");
            }
        }));

        var organizations = backlog.Concat(live).ToHashSet();
        List<Guid?> Delivered() => [.. probe.Received.Where(r => r.Message is Pinged p && organizations.Contains(p.OrganizationId)).Select(r => r.MessageId)];
        await Eventually.HoldsAsync(() => Delivered().Count >= Expected, TimeSpan.FromSeconds(60), $"all {Expected} messages are consumed");
        await Task.Delay(Quiet, Ct);

        var delivered = Delivered();
        Assert.Equal(Expected, delivered.Count);
        Assert.Equal(Expected, delivered.Distinct().Count());
        Assert.Equal(0, await relaying.Outbox.CountPendingAsync(Ct));
    }

    private sealed record Throughput(int Messages, TimeSpan Relayed, TimeSpan Consumed)
    {
        public double RelayedPerSecond => Messages / Relayed.TotalSeconds;

        public override string ToString() =>
            $"{Messages} messages: outbox empty after {Relayed.TotalMilliseconds:F0} ms ({RelayedPerSecond:F0}/s), " +
            $"all consumed after {Consumed.TotalMilliseconds:F0} ms ({Messages / Consumed.TotalSeconds:F0}/s)";
    }

    /// <summary>Fills the outbox with no relay running, then starts a host with one and times it.</summary>
    private async Task<Throughput> RelayBacklogAsync(int organizations, int perOrganization, int maxConcurrentPublishes)
    {
        var orgs = await FillOutboxWithoutRelayAsync(organizations, perOrganization);

        var expected = organizations * perOrganization;
        await using var relaying = await TestHost.StartAsync(
            probe,
            Settings(c => c["Messaging:MaxConcurrentPublishes"] = maxConcurrentPublishes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var clock = Stopwatch.StartNew();
        var relayed = TimeSpan.Zero;
        await Eventually.HoldsAsync(
            async () =>
            {
                if (relayed == TimeSpan.Zero && await relaying.Outbox.CountPendingAsync(Ct) == 0)
                {
                    relayed = clock.Elapsed;
                }

                return relayed > TimeSpan.Zero && probe.Received.Count(r => r.Message is Pinged p && orgs.Contains(p.OrganizationId)) >= expected;
            },
            TimeSpan.FromSeconds(120),
            $"all {expected} messages are relayed and consumed");
        return new Throughput(expected, relayed, clock.Elapsed);
    }

    /// <summary>New organizations, each with <paramref name="perOrganization"/> messages in the outbox, written by a host whose relay is off.</summary>
    private async Task<HashSet<string>> FillOutboxWithoutRelayAsync(int organizations, int perOrganization)
    {
        var orgs = Enumerable.Range(0, organizations).Select(_ => NewOrganization()).ToHashSet();
        await using var filling = await TestHost.StartAsync(probe, Settings(c => c["Messaging:OutboxRelayEnabled"] = "false"));
        await Task.WhenAll(orgs.Select(org => filling.Grains.GetGrain<IBoardGrain>(org).Ping("bulk", perOrganization)));
        return orgs;
    }
}
