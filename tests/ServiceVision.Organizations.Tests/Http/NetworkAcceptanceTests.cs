using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ServiceVision.Domain.Networks;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>
/// The franchise network end to end over HTTP, PostgreSQL and RabbitMQ: 200 locations imported from a
/// CSV file adopt the network's vision with local additions, version 2 is rolled out to every one of
/// them through the bus, each re-adopts and keeps every local addition, a location manager cannot
/// change a core item, and the dashboard's numbers match a direct computation from those records.
/// </summary>
public sealed class NetworkAcceptanceTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const int Locations = 200;
    private static readonly string[] Regions = ["North", "South", "East", "West"];

    [Fact]
    public async Task A_network_of_200_locations_adopts_version_2_keeps_every_local_addition_and_its_dashboard_matches_the_records()
    {
        var owner = await platform.SignUpAsync();
        var locations = await ImportLocationsAsync(owner);

        var v1 = await platform.PublishVisionAsync(owner, NetworkWorld.Statement,
        [
            new { kind = "Pillar", text = "Personal touch", order = 0 },
            new { kind = "Pillar", text = "Speed of service", order = 1 },
            new { kind = "Standard", text = "Greet every guest within ten seconds", order = 2 },
            new { kind = "Never", text = "Never leave a waiting guest without a word", order = 3 },
        ]);
        var personal = ItemId(v1, "Personal touch");
        var speed = ItemId(v1, "Speed of service");
        var greet = ItemId(v1, "Greet every guest within ten seconds");
        var never = ItemId(v1, "Never leave a waiting guest without a word");
        await WaitForAdoptionsAsync(owner, "Pending", Locations, version: 1);

        // Each location adds a local standard under "Personal touch"; every other one also an example under
        // "Speed of service", the pillar version 2 drops. Then it adopts version 1.
        var localItems = new ConcurrentDictionary<string, List<string>>();
        await ForEachLocationAsync(locations, async (location, index) =>
        {
            var items = new List<string>
            {
                PlanHttp.Id(await PlanHttp.PostAsync(owner, $"/api/v1/locations/{location}/vision/items", new { kind = "Standard", pillarId = personal, text = $"Welcome regulars by name at store {index}" })),
            };
            if (index % 2 == 0)
            {
                items.Add(PlanHttp.Id(await PlanHttp.PostAsync(owner, $"/api/v1/locations/{location}/vision/items", new { kind = "PillarExample", pillarId = speed, text = $"Open a second till at store {index} when three wait" })));
            }

            localItems[location] = items;
            await AdoptAsync(owner, location, 1);
        });
        await WaitForAdoptionsAsync(owner, "Adopted", Locations, version: 1);

        // A location manager may add local items, never change or remove a core one.
        var manager = await PlanHttp.InviteAsync(platform, owner, "Leader", "Morgan Manager", locationId: locations[0]);
        var before = await VisionAsync(manager, locations[0]);
        using (var change = await PlanHttp.SendAsync(manager, HttpMethod.Put, $"/api/v1/locations/{locations[0]}/vision/items/{greet}", new { kind = "Standard", pillarId = personal, text = "Greet when convenient" }, ifMatch: before.ETag))
        {
            Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
            Assert.Contains("network", (await PlanHttp.JsonAsync(change)).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        using (var removal = await PlanHttp.SendAsync(manager, HttpMethod.Delete, $"/api/v1/locations/{locations[0]}/vision/items/{greet}", ifMatch: before.ETag))
        {
            Assert.Equal(HttpStatusCode.Conflict, removal.StatusCode);
        }

        var after = await VisionAsync(manager, locations[0]);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Body.GetProperty("coreItems").GetRawText(), after.Body.GetProperty("coreItems").GetRawText());

        // Version 2: the greeting standard is reworded, "Speed of service" is dropped, an always item is added.
        await platform.PublishVisionAsync(owner, NetworkWorld.Statement,
        [
            new { id = personal, kind = "Pillar", text = "Personal touch", order = 0 },
            new { id = greet, kind = "Standard", text = "Greet every guest within five seconds", order = 1 },
            new { id = never, kind = "Never", text = "Never leave a waiting guest without a word", order = 2 },
            new { kind = "Always", text = "Always thank the guest on the way out", order = 3 },
        ]);
        await WaitForAdoptionsAsync(owner, "Pending", Locations, version: 2);

        await ForEachLocationAsync(locations, async (location, index) =>
        {
            var (vision, _) = await VisionAsync(owner, location);
            var changes = vision.GetProperty("changesSinceAdopted");
            Assert.Contains(greet, Ids(changes.GetProperty("changed")));
            Assert.Contains(speed, Ids(changes.GetProperty("removed")));
            Assert.Single(Ids(changes.GetProperty("added")));

            var kept = vision.GetProperty("localItems").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("orphaned").GetBoolean());
            Assert.Equal(localItems[location].Order(), kept.Keys.Order());
            Assert.Equal(index % 2 == 0 ? 1 : 0, kept.Count(k => k.Value));
            await AdoptAsync(owner, location, 2);
        });
        await WaitForAdoptionsAsync(owner, "Adopted", Locations, version: 2);

        // Audits at a few locations; everything else the dashboard shows is unmeasured for this network.
        var checklist = PlanHttp.Id(await PlanHttp.PostAsync(owner, "/api/v1/audit-checklists", new
        {
            name = "Front of house",
            items = new[]
            {
                new { text = "Guests are greeted within five seconds", visionItemId = greet, weight = 3, critical = false },
                new { text = "No waiting guest is left without a word", visionItemId = never, weight = 1, critical = true },
            },
        }));
        var audits = new Dictionary<string, AuditScoreResult>();
        foreach (var (location, greeted, spoke) in new[] { (locations[3], true, true), (locations[7], false, true), (locations[11], true, false) })
        {
            await PlanHttp.PostAsync(owner, $"/api/v1/locations/{location}/audit-visits", new
            {
                checklistId = checklist,
                results = new[] { new { itemId = greet, passed = greeted }, new { itemId = never, passed = spoke } },
            });
            audits[location] = AuditScore.Compute([new AuditItemOutcome(3, false, greeted), new AuditItemOutcome(1, true, spoke)]);
        }

        // The dashboard, against a direct computation from the records written above.
        var rows = await DashboardAsync(owner);
        Assert.Equal(Locations, rows.Count);
        var pillars = new[] { personal };
        var expected = locations.ToDictionary(l => l, l => NetworkAlignment.Compute(new NetworkAlignmentComponents(
            AdoptionPercent: NetworkAlignment.AdoptionPercent(2, 2),
            TrainingPercent: null,
            CustomerPercent: null,
            PulsePercent: null,
            RecognitionCoveragePercent: NetworkAlignment.RecognitionCoveragePercent(pillars, new Dictionary<string, int>()),
            AuditPercent: audits.TryGetValue(l, out var audit) ? audit.Score : null)).Score);
        foreach (var row in rows)
        {
            var location = row.GetProperty("locationId").GetString()!;
            Assert.Equal("Adopted", row.GetProperty("adoption").GetProperty("state").GetString());
            Assert.Equal(2, row.GetProperty("adoption").GetProperty("adoptedVersion").GetInt32());
            Assert.Equal(expected[location], row.GetProperty("alignment").GetDecimal());
            if (audits.TryGetValue(location, out var audit))
            {
                Assert.Equal(audit.Score, row.GetProperty("audit").GetProperty("score").GetDecimal());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, row.GetProperty("audit").ValueKind);
            }
        }

        // Lagging first: the alignment never goes down along the dashboard's order.
        var order = rows.Select(r => r.GetProperty("alignment").GetDecimal()).ToList();
        Assert.Equal(order.Order(), order);
        Assert.Equal(audits.MinBy(a => a.Value.Score).Key, rows[0].GetProperty("locationId").GetString());
    }

    private static async Task<List<string>> ImportLocationsAsync(ApiSession owner)
    {
        var csv = new StringBuilder("name,region,code\n");
        for (var i = 0; i < Locations; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Store {i:D3},{Regions[i % Regions.Length]},S{i:D3}\n");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/locations/import") { Content = new StringContent(csv.ToString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await owner.Client.SendAsync(request, PlanHttp.Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        var result = await PlanHttp.JsonAsync(response);
        Assert.Equal(Locations, result.GetProperty("created").GetInt32());
        Assert.Empty(result.GetProperty("rejected").EnumerateArray());
        return [.. result.GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("id").GetString()!)];
    }

    private static async Task ForEachLocationAsync(List<string> locations, Func<string, int, Task> act) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, locations.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = PlanHttp.Cancel }, async (i, _) => await act(locations[i], i));

    private static async Task<(JsonElement Body, string ETag)> VisionAsync(ApiSession session, string location)
    {
        using var response = await PlanHttp.SendAsync(session, HttpMethod.Get, $"/api/v1/locations/{location}/vision");
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return (await PlanHttp.JsonAsync(response), response.Headers.ETag!.Tag);
    }

    private static async Task AdoptAsync(ApiSession session, string location, int version)
    {
        var (_, etag) = await VisionAsync(session, location);
        using var response = await PlanHttp.SendAsync(session, HttpMethod.Post, $"/api/v1/locations/{location}/vision/adoption", new { version }, ifMatch: etag);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Waits until <paramref name="count"/> locations are in <paramref name="state"/> for <paramref name="version"/>, as the network's adoption list shows.</summary>
    private static Task WaitForAdoptionsAsync(ApiSession owner, string state, int count, int version) =>
        Eventually.HoldsAsync(
            async () =>
            {
                var matching = 0;
                for (var page = 1; ; page++)
                {
                    var list = await PlanHttp.GetAsync(owner, $"/api/v1/network/adoption?state={state}&page={page}&pageSize=100");
                    matching += list.GetProperty("items").EnumerateArray().Count(a => a.GetProperty("adoption").GetProperty(state == "Adopted" ? "adoptedVersion" : "offeredVersion").GetInt32() == version);
                    if (page * 100 >= list.GetProperty("total").GetInt32())
                    {
                        return matching == count;
                    }
                }
            },
            TimeSpan.FromSeconds(60),
            $"{count} locations {state} on version {version}");

    private static async Task<List<JsonElement>> DashboardAsync(ApiSession owner)
    {
        var rows = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var dashboard = await PlanHttp.GetAsync(owner, $"/api/v1/network/dashboard?page={page}&pageSize=100");
            rows.AddRange(dashboard.GetProperty("items").EnumerateArray());
            if (page * 100 >= dashboard.GetProperty("total").GetInt32())
            {
                Assert.Equal(Locations, dashboard.GetProperty("totals").GetProperty("adopted").GetInt32());
                return rows;
            }
        }
    }

    private static string ItemId(JsonElement version, string text) =>
        version.GetProperty("items").EnumerateArray().First(i => i.GetProperty("text").GetString() == text).GetProperty("id").GetString()!;

    private static List<string> Ids(JsonElement items) => [.. items.EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
}
