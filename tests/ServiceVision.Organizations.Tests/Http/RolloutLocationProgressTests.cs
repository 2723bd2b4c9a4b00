using System.Net;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.RolloutHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>
/// A rollout's progress per location (GET /api/v1/training/rollouts/{id}/locations): the rollout's members
/// joined with where they work, counted per location; network leaders see every location, a location
/// manager only theirs. Training events are published on the bus as the training service would.
/// </summary>
public sealed class RolloutLocationProgressTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string LocationsOf(string rolloutId, string query = "") => $"{Rollouts}/{rolloutId}/locations{query}";

    private static Dictionary<string, JsonElement> ById(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("locationId").GetString()!);

    private static int Int(JsonElement row, string name) => row.GetProperty(name).GetInt32();

    [Fact]
    public async Task A_rollout_to_selected_locations_reaches_only_their_members_and_shows_each_locations_progress_by_name()
    {
        var network = await NetworkWorld.CreateAsync(platform);
        var rollout = await StartAsync(network.Owner, To("Locations", network.Harbour, network.Station));
        var rolloutId = Id(rollout);

        await network.TrainAsync(
            platform,
            rolloutId,
            assigned: [network.HarbourManager, network.Ana, network.Ben, network.Dan],
            started: [network.Ben],
            completed: [(network.Ana, 80), (network.Dan, 90)]);
        var page = await GetAsync(network.Owner, LocationsOf(rolloutId));

        // Harbour: Hal, Ana and Ben; Station: Dan. Market (Cleo) and the owner (no location) are not in the audience.
        Assert.Equal(4, Count(rollout, "members"));
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(["Harbour", "Station"], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        var harbour = ById(page)[network.Harbour];
        Assert.Equal("North", harbour.GetProperty("region").GetString());
        Assert.Equal((3, 0, 3, 2, 1, 0), (Int(harbour, "members"), Int(harbour, "pending"), Int(harbour, "assigned"), Int(harbour, "started"), Int(harbour, "completed"), Int(harbour, "overdue")));
        Assert.Equal(80m, harbour.GetProperty("averageScore").GetDecimal());
        Assert.Equal(33.3m, harbour.GetProperty("percentComplete").GetDecimal());
        var station = ById(page)[network.Station];
        Assert.Equal((1, 1, 1, 1), (Int(station, "members"), Int(station, "started"), Int(station, "completed"), Int(station, "assigned")));
        Assert.Equal(100m, station.GetProperty("percentComplete").GetDecimal());
        Assert.Equal(90m, station.GetProperty("averageScore").GetDecimal());
    }

    [Fact]
    public async Task A_rollout_to_everyone_counts_every_location_with_members_and_the_locations_add_up_to_the_members_at_a_location()
    {
        var network = await NetworkWorld.CreateAsync(platform);
        var rolloutId = Id(await StartAsync(network.Owner, Everyone()));
        await network.TrainAsync(
            platform,
            rolloutId,
            assigned: [network.Owner, network.HarbourManager, network.Ana, network.Ben, network.Cleo, network.Dan],
            started: [],
            completed: [(network.Cleo, 70)]);

        var page = await GetAsync(network.Owner, LocationsOf(rolloutId));
        var rows = ById(page);

        // A direct computation: the rollout's members (its member list) joined with each member's location.
        var members = await MembersAsync(network.Owner, rolloutId);
        var locationOf = new Dictionary<string, string>
        {
            [network.HarbourManager.MemberId] = network.Harbour,
            [network.Ana.MemberId] = network.Harbour,
            [network.Ben.MemberId] = network.Harbour,
            [network.Cleo.MemberId] = network.Market,
            [network.Dan.MemberId] = network.Station,
        };
        var expected = members.GetProperty("items").EnumerateArray()
            .Where(m => locationOf.ContainsKey(m.GetProperty("memberId").GetString()!))
            .GroupBy(m => locationOf[m.GetProperty("memberId").GetString()!])
            .ToDictionary(g => g.Key, g => (Members: g.Count(), Completed: g.Count(m => m.GetProperty("status").GetString() == "Completed")));
        Assert.Equal(6, members.GetProperty("total").GetInt32());
        Assert.Equal(expected.Keys.Order(), rows.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value, (Int(rows[e.Key], "members"), Int(rows[e.Key], "completed"))));
        Assert.Equal(5, rows.Values.Sum(r => Int(r, "members")));
        Assert.Equal(100m, rows[network.Market].GetProperty("percentComplete").GetDecimal());
        Assert.Equal(0m, rows[network.Harbour].GetProperty("percentComplete").GetDecimal());
        Assert.Equal(JsonValueKind.Null, rows[network.Harbour].GetProperty("averageScore").ValueKind);
    }

    [Fact]
    public async Task The_region_filter_keeps_the_locations_of_that_region_and_pages_are_ordered_by_name()
    {
        var network = await NetworkWorld.CreateAsync(platform);
        var rolloutId = Id(await StartAsync(network.Owner, Everyone()));

        var north = await GetAsync(network.Owner, LocationsOf(rolloutId, "?region=NORTH"));
        var secondPage = await GetAsync(network.Owner, LocationsOf(rolloutId, "?page=2&pageSize=1"));
        var east = await GetAsync(network.Owner, LocationsOf(rolloutId, "?region=East"));

        Assert.Equal(["Harbour", "Market"], north.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(3, secondPage.GetProperty("total").GetInt32());
        Assert.Equal("Market", Assert.Single(secondPage.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(0, east.GetProperty("total").GetInt32());
        var tooLong = await network.Owner.Client.GetAsync(new Uri(LocationsOf(rolloutId, "?region=" + new string('n', 101)), UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(["region"], await ErrorFieldsAsync(tooLong));
    }

    [Fact]
    public async Task A_location_manager_sees_only_their_location_and_an_employee_is_refused()
    {
        var network = await NetworkWorld.CreateAsync(platform);
        var rolloutId = Id(await StartAsync(network.Owner, Everyone()));

        var managed = await GetAsync(network.HarbourManager, LocationsOf(rolloutId));
        var employee = await network.Ana.Client.GetAsync(new Uri(LocationsOf(rolloutId), UriKind.Relative), Cancel);
        var elsewhere = await GetAsync(network.HarbourManager, LocationsOf(rolloutId, "?region=South"));

        var only = Assert.Single(managed.GetProperty("items").EnumerateArray());
        Assert.Equal(network.Harbour, only.GetProperty("locationId").GetString());
        Assert.Equal(3, Int(only, "members"));
        Assert.Equal(HttpStatusCode.Forbidden, employee.StatusCode);
        Assert.Equal(0, elsewhere.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_unknown_rollout_or_another_organizations_rollout_is_not_found()
    {
        var network = await NetworkWorld.CreateAsync(platform);
        var rolloutId = Id(await StartAsync(network.Owner, Everyone()));
        var stranger = await platform.SignUpAsync();

        var unknown = await network.Owner.Client.GetAsync(new Uri(LocationsOf("rol_ffffffffffffffffffffffffffffffff"), UriKind.Relative), Cancel);
        var foreign = await stranger.Client.GetAsync(new Uri(LocationsOf(rolloutId), UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("Harbour", await foreign.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
