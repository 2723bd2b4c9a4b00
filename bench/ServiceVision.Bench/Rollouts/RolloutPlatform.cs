using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Training;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;
using ServiceVision.Messaging;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Grains;
using ServiceVision.Training;
using ServiceVision.Training.Abstractions;

namespace ServiceVision.Bench.Rollouts;

/// <summary>
/// The organizations and training contexts composed as the host composes them for one process (every
/// role): grains on PostgreSQL, the durable outbox and its relay, MassTransit on RabbitMQ with the
/// consumers of both contexts. No HTTP: the benchmark calls the rollouts grain as the endpoint would.
/// </summary>
internal sealed class RolloutPlatform : IAsyncDisposable
{
    /// <summary>The JSON the grains store (System.Text.Json web defaults, as <c>Grain&lt;TState&gt;</c> writes it).</summary>
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    // The consumer queues of a rollout, in the order a member passes them.
    private static readonly string[] Queues = ["training-assign-training", "rollout-training-assigned"];

    private readonly IHost host;
    private readonly Uri broker;

    private RolloutPlatform(IHost host, Uri broker)
    {
        this.host = host;
        this.broker = broker;
    }

    private IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<RolloutPlatform> StartAsync(Uri rabbit, string postgres)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMQ",
            ["ConnectionStrings:RabbitMQ"] = rabbit.ToString(),

            // A 100,000-member start resolves the audience and writes hundreds of shards in one call.
            ["Grains:CallTimeout"] = "00:02:00",
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).AddFilter("MassTransit", LogLevel.Error);
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddGrainRuntime();
        builder.Services.AddPostgresGrainStorage(postgres, "grains");
        builder.AddMessaging(bus =>
        {
            bus.AddOrganizationsConsumers();
            bus.AddTrainingConsumers();
        });
        builder.Services.AddOrganizations();
        builder.Services.AddTraining();

        var host = builder.Build();
        await host.StartAsync();
        return new RolloutPlatform(host, rabbit);
    }

    /// <summary>
    /// A franchise network: an owner, <paramref name="members"/> employees spread evenly over
    /// <paramref name="locations"/> locations, written straight into the store (member creation is what the
    /// sign-up section measures), with a published vision whose course the training service has built. Not timed.
    /// </summary>
    public async Task<(string OrganizationId, string OwnerId)> PrepareAsync(int members, int locations)
    {
        var organizationId = Ids.New("org");
        var ownerId = Ids.New("mem");
        var now = DateTimeOffset.UtcNow;
        var state = new OrganizationState
        {
            Created = true,
            Name = "Bench " + members,
            Slug = "bench-" + Guid.NewGuid().ToString("N")[..12],
            CreatedAt = now,
            Revision = 1,
        };
        state.Members[ownerId] = new MemberRecord { Id = ownerId, Name = "Olivia Owner", Email = $"owner@{organizationId}.example", Role = MemberRole.Owner, JoinedAt = now, Revision = 1 };
        var locationIds = new string[locations];
        for (var i = 0; i < locations; i++)
        {
            locationIds[i] = Ids.New("loc");
            state.Locations[locationIds[i]] = new LocationRecord { Id = locationIds[i], Name = $"Location {i:D5}", Region = $"Region {i % 10}", CreatedBy = ownerId, CreatedAt = now, Revision = 1 };
        }

        for (var i = 0; i < members; i++)
        {
            var id = Ids.New("mem");
            state.Members[id] = new MemberRecord
            {
                Id = id,
                Name = $"Member {i:D6}",
                Email = $"member-{i:D6}@{organizationId}.example",
                Role = MemberRole.Employee,
                LocationId = locations == 0 ? null : locationIds[i % locations],
                JoinedAt = now,
                Revision = 1,
            };
        }

        await host.Services.GetRequiredService<IGrainStorage>()
            .WriteAsync(OrganizationsModule.OrganizationGrainType, organizationId, JsonSerializer.Serialize(state, StateJson), expectedVersion: 0);

        using (TenantContext.Enter(organizationId))
        {
            var vision = Grains.GetGrain<IVisionGrain>(organizationId + "/vision");
            var rule = await vision.GetPublishRule();
            await vision.UpdatePublishRule(new VisionPublishRuleChange(0, 0, true), ownerId, rule.Revision);
            var version = await PublishVersionAsync(organizationId, ownerId, "Personal touch");

            // VisionPublished reaches the training service through the outbox and the bus; its course must exist before the clock starts.
            var catalog = Grains.GetGrain<ITrainingCatalogGrain>(TrainingKeys.Catalog(organizationId));
            var deadline = Stopwatch.StartNew();
            while (!(await catalog.ListCourses()).Any(c => c.Id == RolloutRules.VisionCourseId))
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("The training service did not build the vision course within 60 s.");
                }

                await Task.Delay(50);
            }

            // Every location is offered the version through the bus too; a measurement starts only once that is done.
            if (locations > 0 && (await WaitUntilOfferedAsync(organizationId, version, Stopwatch.StartNew(), TimeSpan.FromMinutes(3))).Offered < locations)
            {
                throw new TimeoutException("The locations were not offered the network's vision within 3 minutes.");
            }
        }

        return (organizationId, ownerId);
    }

    /// <summary>Publishes a new version of the network's vision (one pillar named <paramref name="pillar"/>); returns its number.</summary>
    public async Task<int> PublishVersionAsync(string organizationId, string ownerId, string pillar)
    {
        using var tenant = TenantContext.Enter(organizationId);
        var vision = Grains.GetGrain<IVisionGrain>(organizationId + "/vision");
        var draft = await vision.CreateDraft(
            new VisionDraftInput("We greet every guest by name and make each visit feel personal.", [new VisionItemInput(null, "Pillar", null, pillar, 0)], null),
            ownerId);
        var outcome = await vision.Publish(draft.Id, ownerId, null);
        return outcome.Version?.Number ?? throw new InvalidOperationException("The vision was not published: " + string.Join("; ", outcome.Reasons));
    }

    /// <summary>
    /// Reads every location's adoption until each was offered <paramref name="version"/> (the network's
    /// VisionPublished fanned out through the bus) or <paramref name="within"/> passed; returns the time
    /// from <paramref name="since"/> and how many locations got it.
    /// </summary>
    public async Task<(TimeSpan Elapsed, int Offered)> WaitUntilOfferedAsync(string organizationId, int version, Stopwatch since, TimeSpan within)
    {
        using var tenant = TenantContext.Enter(organizationId);
        var locations = (await Grains.GetGrain<IOrganizationGrain>(organizationId).ListLocations(null, new Api.PageRequest(1, int.MaxValue))).Items.Select(l => l.Id).ToList();
        var waiting = locations;
        while (waiting.Count > 0 && since.Elapsed < within)
        {
            var still = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
            {
                var adoption = await Grains.GetGrain<ILocationVisionGrain>(NetworkKeys.LocationVision(organizationId, id)).GetAdoption();
                if (adoption.OfferedVersion is not { } offered || offered < version)
                {
                    still.Add(id);
                }
            });
            waiting = [.. still];
            if (waiting.Count > 0)
            {
                await Task.Delay(100);
            }
        }

        return (since.Elapsed, locations.Count - waiting.Count);
    }

    /// <summary>
    /// Starts a rollout to every employee through <see cref="IRolloutsGrain.StartRollout"/> and reads its
    /// progress until every member is assigned (the training service consumed the AssignTraining commands,
    /// created each assignment, and the TrainingAssigned events were recorded), or <paramref name="within"/> passed.
    /// </summary>
    public async Task<RolloutRun> RunAsync(string organizationId, string ownerId, int members, TimeSpan within, Action<string> log)
    {
        using var tenant = TenantContext.Enter(organizationId);
        var rollouts = Grains.GetGrain<IRolloutsGrain>(RolloutKeys.Rollouts(organizationId));
        var clock = Stopwatch.StartNew();
        var started = await rollouts.StartRollout(
            new RolloutStartInput("Our vision, every shift", null, DateTimeOffset.UtcNow.AddDays(14), await AudienceAsync(organizationId)),
            ownerId);
        var startedAfter = clock.Elapsed;
        if (started.Progress.Members != members)
        {
            throw new InvalidOperationException($"The rollout has {started.Progress.Members} members, not {members}.");
        }

        var progress = Grains.GetGrain<IRolloutProgressGrain>(RolloutKeys.Progress(organizationId, started.Id));
        var layout = await progress.GetLayout() ?? throw new InvalidOperationException("The rollout has no progress.");
        var backlog = new BacklogSampler();
        await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var outbox = host.Services.GetRequiredService<IOutboxStore>();
        var assigned = 0;
        var nextLog = TimeSpan.FromSeconds(10);
        while (true)
        {
            assigned = (await progress.GetSnapshot())?.Progress.Assigned ?? 0;
            if (assigned >= members || clock.Elapsed > within)
            {
                break;
            }

            if (clock.Elapsed >= nextLog)
            {
                // Where the members wait, now: commands not yet consumed, events not yet recorded, rows not yet relayed.
                var commands = await channel.QueueDeclarePassiveAsync(Queues[0]);
                var events = await channel.QueueDeclarePassiveAsync(Queues[1]);
                var rows = await outbox.CountPendingAsync();
                backlog.Add(commands.MessageCount, events.MessageCount, rows);
                log($"rollout {members:N0}: {assigned:N0} assigned after {clock.Elapsed.TotalSeconds:0} s (queued: {commands.MessageCount} commands, {events.MessageCount} TrainingAssigned; outbox {rows:N0} rows)");
                nextLog += TimeSpan.FromSeconds(10);
            }

            await Task.Delay(members >= 10_000 ? 250 : 50);
        }

        var elapsed = clock.Elapsed;

        // Assignments the training service created but the progress had not recorded yet (TrainingAssigned queued or in the outbox).
        var unrecorded = assigned >= members ? 0 : (await channel.QueueDeclarePassiveAsync(Queues[1])).MessageCount + await outbox.CountPendingAsync();

        // The states that grow with the organization, as stored now.
        var storage = host.Services.GetRequiredService<IGrainStorage>();
        var organizationBytes = (await storage.ReadAsync(OrganizationsModule.OrganizationGrainType, organizationId))?.Json.Length ?? 0;
        var catalogBytes = (await storage.ReadAsync(TrainingKeys.CatalogGrainType, TrainingKeys.Catalog(organizationId)))?.Json.Length ?? 0;

        // What a network leader reads next, as the HTTP endpoints read it: the rollout's progress per location, and the dashboard.
        var reading = Stopwatch.StartNew();
        await Organizations.Network.RolloutLocationsReader.ReadAsync(Grains, organizationId, started.Id, null, null, new Api.PageRequest(1, Api.PageRequest.MaxPageSize), DateTimeOffset.UtcNow);
        var perLocation = reading.Elapsed;
        reading.Restart();
        await Organizations.Network.NetworkDashboardReader.ReadAsync(Grains, organizationId, null, null, DateTimeOffset.UtcNow);
        var dashboard = reading.Elapsed;
        return new RolloutRun(members, layout.ShardCount, startedAfter, elapsed, assigned, assigned >= members, backlog, Math.Min(members, assigned + unrecorded), organizationBytes, catalogBytes, perLocation, dashboard);
    }

    /// <summary>A network-wide rollout: every location (the employees of a network work at one); every employee otherwise.</summary>
    private async Task<RolloutAudienceInput> AudienceAsync(string organizationId)
    {
        var locations = await Grains.GetGrain<IOrganizationGrain>(organizationId).ListLocations(null, new Api.PageRequest(1, int.MaxValue));
        return locations.Total == 0
            ? new RolloutAudienceInput("Roles", ["Employee"])
            : new RolloutAudienceInput("Locations", [.. locations.Items.Select(l => l.Id)]);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

/// <summary>The largest backlog seen at each stage during a run (sampled every 10 s).</summary>
internal sealed class BacklogSampler
{
    public uint Commands { get; private set; }

    public uint Events { get; private set; }

    public long OutboxRows { get; private set; }

    public int Samples { get; private set; }

    public void Add(uint commands, uint events, long outboxRows)
    {
        Samples++;
        Commands = Math.Max(Commands, commands);
        Events = Math.Max(Events, events);
        OutboxRows = Math.Max(OutboxRows, outboxRows);
    }
}

/// <summary>One rollout: how long the start call took, and until every member was assigned (or the time ran out).</summary>
/// <param name="Created">Assignments the training service had created by the end (recorded or not), estimated from the backlog.</param>
/// <param name="OrganizationStateBytes">The organization grain's stored JSON.</param>
/// <param name="CatalogStateBytes">The training catalog's stored JSON (its courses; who was assigned them is on coverage pages).</param>
/// <param name="LocationProgressRead">Reading the rollout's progress per location once it finished (first page, every location tallied).</param>
/// <param name="DashboardRead">Reading the network dashboard once it finished (every location; the first read activates each location's grains).</param>
internal sealed record RolloutRun(
    int Members,
    int Shards,
    TimeSpan StartCall,
    TimeSpan Elapsed,
    int Assigned,
    bool Complete,
    BacklogSampler Backlog,
    long Created,
    long OrganizationStateBytes,
    long CatalogStateBytes,
    TimeSpan LocationProgressRead,
    TimeSpan DashboardRead)
{
    /// <summary>Members assigned per second over the whole run.</summary>
    public double PerSecond => Assigned / Elapsed.TotalSeconds;

    public double MillisecondsPerMember => Elapsed.TotalMilliseconds / Math.Max(1, Assigned);
}
