using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Networks;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.PlanHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>
/// The network dashboard (GET /api/v1/network/dashboard) over real PostgreSQL and RabbitMQ: every number
/// of every location is checked against a direct computation from the records the test created (members
/// per location, training events, survey scores and recognitions on the bus, adoptions and audit visits
/// through their routes).
/// </summary>
public sealed class NetworkDashboardTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Dashboard = "/api/v1/network/dashboard";

    private static Dictionary<string, JsonElement> Rows(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("locationId").GetString()!);

    private static decimal? Decimal(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : element.GetProperty(name).GetDecimal();

    private static Task<JsonElement> DashboardAsync(ApiSession session, string query = "") => GetAsync(session, Dashboard + query);

    /// <summary>Waits until the dashboard shows <paramref name="condition"/> (the events arrive through the broker).</summary>
    private static async Task<JsonElement> WaitForAsync(ApiSession session, Func<JsonElement, bool> condition, string because)
    {
        JsonElement last = default;
        await Eventually.HoldsAsync(async () => condition(last = await DashboardAsync(session, "?pageSize=100")), Eventually.Patience, because);
        return last;
    }

    /// <summary>Waits until the network's published version was offered to every location.</summary>
    private static Task<JsonElement> OfferedAsync(NetworkWorld network, int version) =>
        WaitForAsync(network.Owner, d => d.GetProperty("items").GetArrayLength() == 3 && d.GetProperty("items").EnumerateArray().All(r => r.GetProperty("adoption").GetProperty("offeredVersion").ValueKind == JsonValueKind.Number && r.GetProperty("adoption").GetProperty("offeredVersion").GetInt32() == version), $"version {version} is offered to every location");

    /// <summary>The location adopts the version offered, through the network vision's route (as a location manager or network leader).</summary>
    private static async Task AdoptAsync(ApiSession leader, string locationId, int version)
    {
        var vision = await leader.Client.GetAsync(new Uri($"/api/v1/locations/{locationId}/vision", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(vision, HttpStatusCode.OK);
        var adopted = await SendAsync(leader, HttpMethod.Post, $"/api/v1/locations/{locationId}/vision/adoption", new { version }, vision.Headers.ETag!.Tag);
        await ApiSessions.EnsureAsync(adopted, HttpStatusCode.OK);
    }

    private static int Recognitions(JsonElement row, string pillarId) =>
        row.GetProperty("recognitions").EnumerateArray().Single(r => r.GetProperty("pillarId").GetString() == pillarId).GetProperty("count").GetInt32();

    [Fact]
    public async Task Every_number_of_every_location_matches_a_direct_computation_from_the_records_and_lagging_locations_come_first()
    {
        var network = await NetworkWorld.CreateAsync(platform);
        var org = network.Owner.OrganizationId;
        await OfferedAsync(network, 1);
        await AdoptAsync(network.HarbourManager, network.Harbour, 1);

        // Audits: Harbour's latest visit (by visit time, recorded before an older one) passed everything; Station's passed the standard only.
        var checklist = await network.ChecklistAsync();
        await network.VisitAsync(network.Harbour, checklist, DateTimeOffset.UtcNow.AddHours(-1), greeted: true, neverIgnored: true);
        await network.VisitAsync(network.Harbour, checklist, DateTimeOffset.UtcNow.AddHours(-3), greeted: false, neverIgnored: true);
        await network.VisitAsync(network.Station, checklist, DateTimeOffset.UtcNow.AddHours(-2), greeted: true, neverIgnored: false);

        // Training: a rollout to everyone; Ana (Harbour) and Cleo (Market) complete it.
        var rolloutId = RolloutHttp.Id(await RolloutHttp.StartAsync(network.Owner, RolloutHttp.Everyone("Vision week")));
        await network.TrainAsync(
            platform,
            rolloutId,
            assigned: [network.Owner, network.HarbourManager, network.Ana, network.Ben, network.Cleo, network.Dan],
            started: [],
            completed: [(network.Ana, 80), (network.Cleo, 70)]);

        // Surveys: pulse at Harbour and Market; customer feedback at Harbour (CSAT and NPS) and Station (NPS only).
        await PublishScoresAsync(platform, org, "srv_pulse", "Pulse", 1,
            new SurveyGroupScore("Organization", null, 12, null, null, null, 65m),
            new SurveyGroupScore("Location", network.Harbour, 5, null, null, null, 80m),
            new SurveyGroupScore("Location", network.Market, 4, null, null, null, 40m));
        await PublishScoresAsync(platform, org, "srv_customers", "CustomerFeedback", 1,
            new SurveyGroupScore("Location", network.Harbour, 30, 30m, 4.4m, 90m, null),
            new SurveyGroupScore("Location", network.Station, 20, -20m, null, null, null));

        // Recognitions: three on the bus (one delivered twice), one through the recognition API (Cleo, at Market).
        await PublishRecognitionAsync(platform, network.Ana, "rec_1", network.CarePillar, null, network.Harbour);
        await PublishRecognitionAsync(platform, network.Ana, "rec_1", network.CarePillar, null, network.Harbour);
        await Bus(platform).Publish(new ServiceVision.Contracts.Recognition.V1.RecognitionGiven(org, "rec_2", network.Owner.MemberId, network.Ben.MemberId, [network.CarePillar, network.SpeedPillar], [], network.Harbour, null, DateTimeOffset.UtcNow), Cancel);
        await PublishRecognitionAsync(platform, network.Dan, "rec_3", network.SpeedPillar, null, network.Station);
        await PostAsync(network.Owner, "/api/v1/recognitions", new { memberId = network.Cleo.MemberId, story = "Cleo remembered a regular's order and had it ready.", pillarIds = new[] { network.CarePillar } });

        var dashboard = await WaitForAsync(
            network.Owner,
            d => Rows(d) is var rows && rows.Count == 3
                && Recognitions(rows[network.Harbour], network.SpeedPillar) == 1 && Recognitions(rows[network.Market], network.CarePillar) == 1 && Recognitions(rows[network.Station], network.SpeedPillar) == 1
                && Decimal(rows[network.Market], "pulsePercent") == 40m && Decimal(rows[network.Station], "nps") == -20m,
            "the scores and recognitions arrive");
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel); // the repeated recognition, if it were counted, would show by now
        dashboard = await DashboardAsync(network.Owner, "?pageSize=100");

        // The direct computation, location by location, from what was created above.
        var expected = new[]
        {
            new Expected(network.Harbour, "Harbour", "North", "Adopted", Adopted: 1, Members: 3, Completed: 1, Nps: 30m, Csat: 90m, Pulse: 80m, Care: 2, Speed: 1, Audit: 100m),
            new Expected(network.Market, "Market", "North", "Pending", Adopted: null, Members: 1, Completed: 1, Nps: null, Csat: null, Pulse: 40m, Care: 1, Speed: 0),
            new Expected(network.Station, "Station", "South", "Pending", Adopted: null, Members: 1, Completed: 0, Nps: -20m, Csat: null, Pulse: null, Care: 0, Speed: 1, Audit: 75m),
        };
        var rows = Rows(dashboard);
        foreach (var e in expected)
        {
            var row = rows[e.Id];
            Assert.Equal(e.Name, row.GetProperty("name").GetString());
            Assert.Equal(e.Region, row.GetProperty("region").GetString());
            var adoption = row.GetProperty("adoption");
            Assert.Equal(e.State, adoption.GetProperty("state").GetString());
            Assert.Equal(1, adoption.GetProperty("offeredVersion").GetInt32());
            Assert.Equal(e.Adopted, adoption.GetProperty("adoptedVersion").ValueKind == JsonValueKind.Null ? null : adoption.GetProperty("adoptedVersion").GetInt32());
            var training = row.GetProperty("training");
            Assert.Equal(rolloutId, training.GetProperty("rolloutId").GetString());
            Assert.Equal((e.Members, e.Completed, 0), (training.GetProperty("members").GetInt32(), training.GetProperty("completed").GetInt32(), training.GetProperty("overdue").GetInt32()));
            Assert.Equal(Math.Floor(e.Completed * 1000m / e.Members) / 10m, training.GetProperty("percentComplete").GetDecimal());
            Assert.Equal((e.Nps, e.Csat, e.Pulse), (Decimal(row, "nps"), Decimal(row, "csatPercent"), Decimal(row, "pulsePercent")));
            Assert.Equal(
                [(network.CarePillar, "Personal touch", e.Care), (network.SpeedPillar, "Speed of service", e.Speed)],
                row.GetProperty("recognitions").EnumerateArray().Select(r => (r.GetProperty("pillarId").GetString(), r.GetProperty("text").GetString(), r.GetProperty("count").GetInt32())));
            Assert.Equal(e.Audit, row.GetProperty("audit").ValueKind == JsonValueKind.Null ? null : row.GetProperty("audit").GetProperty("score").GetDecimal());
            Assert.Equal(e.Alignment, Decimal(row, "alignment"));
            Assert.Equal(e.Components.CustomerPercent, Decimal(row.GetProperty("components"), "customerPercent"));
        }

        Assert.Equal(expected.OrderBy(e => e.Alignment).Select(e => e.Name), dashboard.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var totals = dashboard.GetProperty("totals");
        Assert.Equal((3, 1, 2, 0, 3), (totals.GetProperty("locations").GetInt32(), totals.GetProperty("adopted").GetInt32(), totals.GetProperty("pending").GetInt32(), totals.GetProperty("notOffered").GetInt32(), totals.GetProperty("measured").GetInt32()));
        Assert.Equal(Math.Round(expected.Average(e => e.Alignment!.Value), 1, MidpointRounding.AwayFromZero), totals.GetProperty("averageAlignment").GetDecimal());
        Assert.Equal((5, 2, 0), (totals.GetProperty("trainingMembers").GetInt32(), totals.GetProperty("trainingCompleted").GetInt32(), totals.GetProperty("trainingOverdue").GetInt32()));
        Assert.Equal([network.CarePillar, network.SpeedPillar], dashboard.GetProperty("pillars").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_region_filter_keeps_the_locations_of_a_region_and_the_totals_count_only_those()
    {
        var network = await NetworkWorld.CreateAsync(platform);

        var south = await DashboardAsync(network.Owner, "?region=south");
        var north = await DashboardAsync(network.Owner, "?region=North&pageSize=1");
        var east = await DashboardAsync(network.Owner, "?region=East");

        Assert.Equal([network.Station], Rows(south).Keys);
        Assert.Equal(1, south.GetProperty("totals").GetProperty("locations").GetInt32());
        Assert.Equal(2, north.GetProperty("total").GetInt32());
        Assert.Single(north.GetProperty("items").EnumerateArray());
        Assert.Equal(2, north.GetProperty("totals").GetProperty("locations").GetInt32());
        Assert.Equal(0, east.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, east.GetProperty("totals").GetProperty("averageAlignment").ValueKind);
    }

    [Fact]
    public async Task A_bad_region_format_or_page_size_is_refused_naming_the_parameter()
    {
        var network = await NetworkWorld.CreateAsync(platform);

        async Task<string[]> FieldsOf(string query)
        {
            var response = await network.Owner.Client.GetAsync(new Uri(Dashboard + query, UriKind.Relative), Cancel);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await ErrorFieldsAsync(response);
        }

        Assert.Equal(["region"], await FieldsOf("?region=" + new string('x', 101)));
        Assert.Equal(["format"], await FieldsOf("?format=xml"));
        Assert.Equal(["pageSize"], await FieldsOf("?pageSize=101"));
    }

    [Fact]
    public async Task The_csv_export_holds_every_filtered_row_lagging_first_as_an_attachment()
    {
        var network = await NetworkWorld.CreateAsync(platform);
        await PublishScoresAsync(platform, network.Owner.OrganizationId, "srv_pulse", "Pulse", 1,
            new SurveyGroupScore("Location", network.Harbour, 5, null, null, null, 80m),
            new SurveyGroupScore("Location", network.Market, 5, null, null, null, 35.5m));
        var json = await WaitForAsync(network.Owner, d => Decimal(Rows(d)[network.Market], "pulsePercent") == 35.5m && Decimal(Rows(d)[network.Harbour], "pulsePercent") == 80m, "the pulse scores arrive");

        var export = await network.Owner.Client.GetAsync(new Uri(Dashboard + "?format=csv&pageSize=1", UriKind.Relative), Cancel);
        using var accept = new HttpRequestMessage(HttpMethod.Get, Dashboard + "?region=north");
        accept.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var northExport = await network.Owner.Client.SendAsync(accept, Cancel);

        await ApiSessions.EnsureAsync(export, HttpStatusCode.OK);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("network-dashboard.csv", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await export.Content.ReadAsStringAsync(Cancel)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(4, lines.Length);
        Assert.Contains("recognitions: Personal touch", header);
        Assert.Contains("recognitions: Speed of service", header);
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToList();
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        Assert.Equal(json.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()), cells.Select(c => Cell(c, "name")));
        var market = cells.Single(c => Cell(c, "locationId") == network.Market);
        Assert.Equal("35.5", Cell(market, "pulsePercent"));
        Assert.Equal("North", Cell(market, "region"));
        Assert.Equal(Decimal(Rows(json)[network.Market], "alignment")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Cell(market, "alignment"));

        await ApiSessions.EnsureAsync(northExport, HttpStatusCode.OK);
        Assert.Equal("text/csv", northExport.Content.Headers.ContentType?.MediaType);
        var north = (await northExport.Content.ReadAsStringAsync(Cancel)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, north.Length);
        Assert.DoesNotContain(north, l => l.StartsWith(network.Station, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_location_manager_sees_only_their_row_an_employee_is_refused_and_another_organization_sees_none_of_it()
    {
        var network = await NetworkWorld.CreateAsync(platform);
        var stranger = await platform.SignUpAsync();

        var managed = await DashboardAsync(network.HarbourManager);
        var managedCsv = await network.HarbourManager.Client.GetAsync(new Uri(Dashboard + "?format=csv", UriKind.Relative), Cancel);
        var employee = await network.Ana.Client.GetAsync(new Uri(Dashboard, UriKind.Relative), Cancel);
        var foreign = await stranger.Client.GetAsync(new Uri(Dashboard, UriKind.Relative), Cancel);

        Assert.Equal([network.Harbour], Rows(managed).Keys);
        Assert.Equal(1, managed.GetProperty("totals").GetProperty("locations").GetInt32());
        var csv = await managedCsv.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("Market", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, employee.StatusCode);
        await ApiSessions.EnsureAsync(foreign, HttpStatusCode.OK);
        var other = await JsonAsync(foreign);
        Assert.Equal(0, other.GetProperty("total").GetInt32());
        Assert.DoesNotContain(network.Harbour, other.ToString(), StringComparison.Ordinal);
    }

    /// <summary>What a location's row must show, from the records the test created; the alignment is computed here with the Domain's formula.</summary>
    private sealed record Expected(string Id, string Name, string Region, string State, int? Adopted, int Members, int Completed, decimal? Nps, decimal? Csat, decimal? Pulse, int Care, int Speed, decimal? Audit = null)
    {
        public NetworkAlignmentComponents Components => new(
            State == "Adopted" ? 100m : Adopted is null ? 0m : 50m,
            Math.Round(Completed * 100m / Members, 1, MidpointRounding.AwayFromZero),
            Csat ?? (Nps is { } nps ? Math.Round((nps + 100m) / 2m, 1, MidpointRounding.AwayFromZero) : null),
            Pulse,
            ((Care > 0 ? 1 : 0) + (Speed > 0 ? 1 : 0)) * 50m,
            Audit);

        public decimal? Alignment => NetworkAlignment.Compute(Components).Score;
    }
}
