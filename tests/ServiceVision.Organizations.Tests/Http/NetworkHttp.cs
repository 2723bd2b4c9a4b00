using System.Text.Json;
using MassTransit;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>
/// A small franchise network for the network tests: three locations (Harbour and Market in the North,
/// Station in the South), a location manager at Harbour, employees at each location, an owner at no
/// location, and a published vision with two pillars.
/// </summary>
internal sealed record NetworkWorld(
    ApiSession Owner,
    string Harbour,
    string Market,
    string Station,
    ApiSession HarbourManager,
    ApiSession Ana,
    ApiSession Ben,
    ApiSession Cleo,
    ApiSession Dan,
    string CarePillar,
    string SpeedPillar,
    string GreetStandard,
    string NeverIgnore)
{
    public const string Statement = "We greet every guest by name and make each visit feel personal.";

    /// <summary>Location id to its name, for direct computations.</summary>
    public IReadOnlyDictionary<string, string> Names => new Dictionary<string, string> { [Harbour] = "Harbour", [Market] = "Market", [Station] = "Station" };

    public static async Task<NetworkWorld> CreateAsync(PlatformFactory platform)
    {
        var owner = await platform.SignUpAsync();

        // Locations first: publishing then offers the version to every location of the network.
        var harbour = PlanHttp.Id(await PlanHttp.PostAsync(owner, "/api/v1/locations", new { name = "Harbour", region = "North" }));
        var market = PlanHttp.Id(await PlanHttp.PostAsync(owner, "/api/v1/locations", new { name = "Market", region = "North" }));
        var station = PlanHttp.Id(await PlanHttp.PostAsync(owner, "/api/v1/locations", new { name = "Station", region = "South" }));
        var version = await platform.PublishVisionAsync(owner, Statement,
        [
            new { kind = "Pillar", text = "Personal touch", order = 0 },
            new { kind = "Pillar", text = "Speed of service", order = 1 },
            new { kind = "Standard", text = "Greet every guest within ten seconds", order = 2 },
            new { kind = "Never", text = "Never leave a waiting guest without a word", order = 3 },
        ]);
        var items = version.GetProperty("items").EnumerateArray().ToList();
        return new NetworkWorld(
            owner,
            harbour,
            market,
            station,
            await PlanHttp.InviteAsync(platform, owner, "Leader", "Hal Harbour", locationId: harbour),
            await PlanHttp.InviteAsync(platform, owner, "Employee", "Ana", locationId: harbour),
            await PlanHttp.InviteAsync(platform, owner, "Employee", "Ben", locationId: harbour),
            await PlanHttp.InviteAsync(platform, owner, "Employee", "Cleo", locationId: market),
            await PlanHttp.InviteAsync(platform, owner, "Employee", "Dan", locationId: station),
            ItemId(items, "Personal touch"),
            ItemId(items, "Speed of service"),
            ItemId(items, "Greet every guest within ten seconds"),
            ItemId(items, "Never leave a waiting guest without a word"));
    }

    /// <summary>Publishes training events as the training service would, then waits until the rollout counts them.</summary>
    public async Task TrainAsync(PlatformFactory platform, string rolloutId, IReadOnlyList<ApiSession> assigned, IReadOnlyList<ApiSession> started, IReadOnlyList<(ApiSession Member, int Score)> completed)
    {
        var bus = PlanHttp.Bus(platform);
        var organization = Owner.OrganizationId;
        foreach (var member in assigned)
        {
            await bus.Publish(new TrainingAssigned(organization, rolloutId, "asg_" + member.MemberId, member.MemberId, "vision", RolloutHttp.InTwoWeeks), PlanHttp.Cancel);
        }

        foreach (var member in started)
        {
            await bus.Publish(new TrainingStarted(organization, rolloutId, "asg_" + member.MemberId, member.MemberId, DateTimeOffset.UtcNow), PlanHttp.Cancel);
        }

        foreach (var (member, score) in completed)
        {
            await bus.Publish(new TrainingCompleted(organization, rolloutId, "asg_" + member.MemberId, member.MemberId, DateTimeOffset.UtcNow, score), PlanHttp.Cancel);
        }

        await RolloutHttp.WaitForAsync(
            Owner,
            rolloutId,
            r => RolloutHttp.Count(r, "completed") >= completed.Count && RolloutHttp.Count(r, "started") >= started.Count + completed.Count && RolloutHttp.Count(r, "assigned") >= assigned.Count,
            "the training events are recorded");
    }

    /// <summary>
    /// Records an audit visit at <paramref name="locationId"/> with <paramref name="checklistId"/> (made by
    /// <see cref="ChecklistAsync"/>): the greeting standard (weight 3) and the never item (weight 1) passed or failed.
    /// </summary>
    public async Task VisitAsync(string locationId, string checklistId, DateTimeOffset visitedAt, bool greeted, bool neverIgnored) =>
        await PlanHttp.PostAsync(Owner, $"/api/v1/locations/{locationId}/audit-visits", new
        {
            checklistId,
            visitedAt,
            results = new[]
            {
                new { itemId = GreetStandard, passed = greeted, note = greeted ? null : "Waited a minute at the door." },
                new { itemId = NeverIgnore, passed = neverIgnored, note = (string?)null },
            },
        });

    /// <summary>A checklist of the greeting standard (weight 3) and the never item (weight 1), neither critical.</summary>
    public async Task<string> ChecklistAsync() =>
        PlanHttp.Id(await PlanHttp.PostAsync(Owner, "/api/v1/audit-checklists", new
        {
            name = "Front of house",
            items = new[]
            {
                new { text = "The guest is greeted within ten seconds", visionItemId = GreetStandard, weight = 3, critical = false },
                new { text = "No waiting guest is left without a word", visionItemId = NeverIgnore, weight = 1, critical = false },
            },
        }));

    private static string ItemId(List<JsonElement> items, string text) =>
        items.Single(p => p.GetProperty("text").GetString() == text).GetProperty("id").GetString()!;
}
