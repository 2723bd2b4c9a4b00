using System.Net;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>
/// Location audits of a franchise network: checklists on the vision's standards, visits scored by the
/// documented formula, alerts for failed critical items and refreshers that reach the training service.
/// </summary>
public sealed class LocationAuditTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Checklists = "/api/v1/audit-checklists";
    private const string Alerts = "/api/v1/audit-alerts";

    private static readonly string[] ChecklistItemIds = ["s-greet", "s-phone", "n-phone", "a-thanks"];
    private static readonly string[] CriticalItem = ["n-phone"];
    private static readonly string[] CriticalAndPassedItems = ["n-phone", "s-greet"];

    private static CancellationToken Cancel => MemberApi.Cancel;

    private static string Visits(string locationId) => $"/api/v1/locations/{locationId}/audit-visits";

    private static object[] VisionItems() =>
    [
        new { id = "p-personal", kind = "Pillar", text = "Personal touch", order = 0 },
        new { id = "s-greet", kind = "Standard", text = "Greet every guest by name", order = 0 },
        new { id = "s-phone", kind = "Standard", text = "Answer the phone within three rings", order = 1 },
        new { id = "n-phone", kind = "Never", text = "Use a phone in front of a guest", order = 0 },
        new { id = "a-thanks", kind = "Always", text = "Thank the guest", order = 0 },
    ];

    /// <summary>Weights 3 + 2 + 1 + 4 = 10; "n-phone" is critical.</summary>
    private static object Checklist(string name = "Opening audit", int greetWeight = 3, string greetText = "Greets by name") => new
    {
        name,
        items = new object[]
        {
            new { text = greetText, visionItemId = "s-greet", weight = greetWeight, critical = false },
            new { text = "Phone in three rings", visionItemId = "s-phone", weight = 2 },
            new { text = "No phone in front of guests", visionItemId = "n-phone", weight = 1, critical = true },
            new { text = "Thanks every guest", visionItemId = "a-thanks", weight = 4, critical = false },
        },
    };

    private static object Visit(string checklistId, params (string ItemId, bool Passed)[] results) =>
        new { checklistId, results = results.Select(r => new { itemId = r.ItemId, passed = r.Passed, note = r.Passed ? null : "Seen at " + r.ItemId }).ToArray() };

    private static (string, bool)[] AllPassedBut(params string[] failed) =>
        [.. ChecklistItemIds.Select(id => (id, !failed.Contains(id)))];

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return await MemberApi.JsonAsync(response);
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return await MemberApi.JsonAsync(response);
    }

    private static async Task<string> CreateChecklistAsync(ApiSession leader, object? body = null) =>
        (await CreatedAsync(await MemberApi.SendAsync(leader.Client, HttpMethod.Post, Checklists, body ?? Checklist()))).GetProperty("id").GetString()!;

    private static async Task<JsonElement> RecordAsync(ApiSession leader, string locationId, object visit) =>
        await CreatedAsync(await MemberApi.SendAsync(leader.Client, HttpMethod.Post, Visits(locationId), visit));

    private static async Task<int> TotalAsync(ApiSession session, string path) => (await MemberApi.GetJsonAsync(session.Client, path)).GetProperty("total").GetInt32();

    private static List<string> ItemIdsOf(JsonElement alerts) => [.. alerts.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("visionItemId").GetString()!)];

    /// <summary>
    /// A network with a published vision, two locations ("Harbour North", "Harbour South"), a manager (leader) and an
    /// employee at each, and a network leader (a leader at no location).
    /// </summary>
    private async Task<Network> NetworkAsync()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, "We greet every guest by name and make each visit feel personal.", VisionItems());
        var north = await LocationApi.CreateLocationAsync(owner.Client, "Harbour North");
        var south = await LocationApi.CreateLocationAsync(owner.Client, "Harbour South");
        return new Network(
            owner,
            north,
            south,
            await LocationApi.InviteAtAsync(platform, owner, "Leader", north),
            await LocationApi.InviteAtAsync(platform, owner, "Employee", north),
            await LocationApi.InviteAtAsync(platform, owner, "Leader", south),
            await LocationApi.InviteAtAsync(platform, owner, "Employee", south),
            await LocationApi.InviteAtAsync(platform, owner, "Leader", locationId: null));
    }

    private sealed record Network(ApiSession Owner, string North, string South, ApiSession NorthManager, ApiSession NorthEmployee, ApiSession SouthManager, ApiSession SouthEmployee, ApiSession NetworkLeader);

    // ---- checklists ----

    [Fact]
    public async Task A_network_leader_creates_a_checklist_on_standards_nevers_and_alwayses_with_defaults_and_an_etag()
    {
        var network = await NetworkAsync();

        var response = await MemberApi.SendAsync(network.NetworkLeader.Client, HttpMethod.Post, Checklists, new
        {
            name = " Opening audit ",
            items = new object[] { new { text = " Greets by name ", visionItemId = "s-greet" }, new { text = "Thanks", visionItemId = "a-thanks", weight = 5, critical = true } },
        });

        var checklist = await CreatedAsync(response);
        var id = checklist.GetProperty("id").GetString()!;
        Assert.StartsWith("chk_", id, StringComparison.Ordinal);
        Assert.Equal($"{Checklists}/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal("Opening audit", checklist.GetProperty("name").GetString());
        Assert.Equal(6, checklist.GetProperty("totalWeight").GetInt32());
        var first = checklist.GetProperty("items")[0];
        Assert.Equal(("Greets by name", "Standard", 1, false), (first.GetProperty("text").GetString(), first.GetProperty("kind").GetString(), first.GetProperty("weight").GetInt32(), first.GetProperty("critical").GetBoolean()));
        var listed = Assert.Single((await MemberApi.GetJsonAsync(network.NorthManager.Client, Checklists)).GetProperty("items").EnumerateArray());
        Assert.Equal((2, 1), (listed.GetProperty("itemCount").GetInt32(), listed.GetProperty("criticalItems").GetInt32()));
        var audit = await MemberApi.GetJsonAsync(network.Owner.Client, "/api/v1/audit?kind=AuditChecklistCreated");
        Assert.Equal(id, audit.GetProperty("items")[0].GetProperty("subjectId").GetString());
    }

    [Fact]
    public async Task Checklist_items_that_are_not_observable_items_of_the_published_vision_are_named_and_nothing_is_created()
    {
        var network = await NetworkAsync();

        var response = await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Post, Checklists, new
        {
            name = "",
            items = new object[]
            {
                new { text = "Personal", visionItemId = "p-personal" },
                new { text = "Unknown", visionItemId = "s-gone" },
                new { text = "Greets", visionItemId = "s-greet", weight = 0 },
                new { text = "Greets again", visionItemId = "s-greet" },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["name", "items[2].weight", "items[3].visionItemId"], await MemberApi.ErrorFieldsAsync(response));
        var vision = await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Post, Checklists, new
        {
            name = "Audit",
            items = new object[] { new { text = "Personal", visionItemId = "p-personal" }, new { text = "Unknown", visionItemId = "s-gone" }, new { text = "Greets", visionItemId = "s-greet" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, vision.StatusCode);
        Assert.Equal(["items[0].visionItemId", "items[1].visionItemId"], await MemberApi.ErrorFieldsAsync(vision));
        Assert.Equal(0, await TotalAsync(network.Owner, Checklists));
    }

    [Fact]
    public async Task A_checklist_needs_a_published_vision_and_a_name_nobody_uses()
    {
        var owner = await platform.SignUpAsync();

        var unpublished = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, Checklists, Checklist());
        Assert.Equal(HttpStatusCode.Conflict, unpublished.StatusCode);

        await platform.PublishVisionAsync(owner, "We greet every guest by name and make each visit feel personal.", VisionItems());
        await CreateChecklistAsync(owner, Checklist("Opening audit"));
        var taken = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, Checklists, Checklist("OPENING AUDIT"));
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(["name"], await MemberApi.ErrorFieldsAsync(taken));
        Assert.Equal(1, await TotalAsync(owner, Checklists));
    }

    [Fact]
    public async Task Location_managers_read_checklists_but_only_network_leaders_change_them_and_employees_get_403()
    {
        var network = await NetworkAsync();
        var id = await CreateChecklistAsync(network.Owner);
        var path = $"{Checklists}/{id}";
        var etag = await MemberApi.EtagOfAsync(network.NorthManager.Client, path);

        Assert.Equal(HttpStatusCode.Forbidden, (await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, Checklists, Checklist("Mine"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Put, path, Checklist("Renamed"), etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MemberApi.SendAsync(network.SouthManager.Client, HttpMethod.Delete, path, ifMatch: etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await network.NorthEmployee.Client.GetAsync(new Uri(Checklists, UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal("Opening audit", (await MemberApi.GetJsonAsync(network.Owner.Client, path)).GetProperty("name").GetString());
        Assert.Equal(1, await TotalAsync(network.Owner, Checklists));

        var renamed = await OkAsync(await MemberApi.SendAsync(network.NetworkLeader.Client, HttpMethod.Put, path, Checklist("Renamed"), etag));
        Assert.Equal("Renamed", renamed.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_stale_or_missing_if_match_changes_no_checklist_and_unknown_ids_are_404()
    {
        var network = await NetworkAsync();
        var id = await CreateChecklistAsync(network.Owner);
        var path = $"{Checklists}/{id}";
        var updated = await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Put, path, Checklist("Second name"), "\"1\"");
        await ApiSessions.EnsureAsync(updated, HttpStatusCode.OK);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Put, path, Checklist("Stale"), "\"1\"")).StatusCode);
        Assert.Equal((HttpStatusCode)428, (await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Put, path, Checklist("No tag"))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Delete, path, ifMatch: "\"1\"")).StatusCode);
        Assert.Equal("Second name", (await MemberApi.GetJsonAsync(network.Owner.Client, path)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await network.Owner.Client.GetAsync(new Uri($"{Checklists}/chk_unknown", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Put, $"{Checklists}/chk_unknown", Checklist(), "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Delete, $"{Checklists}/chk_unknown", ifMatch: "\"1\"")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Delete, path, ifMatch: "\"2\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await network.Owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);
    }

    // ---- visits ----

    [Fact]
    public async Task A_visit_scores_the_weighted_share_of_passed_items_and_a_failed_critical_item_caps_it_at_50_and_raises_an_alert()
    {
        var network = await NetworkAsync();
        var checklist = await CreateChecklistAsync(network.Owner);

        var plain = await RecordAsync(network.NorthManager, network.North, Visit(checklist, AllPassedBut("s-phone")));
        var critical = await RecordAsync(network.NorthManager, network.North, Visit(checklist, AllPassedBut("n-phone")));

        // 100 × (3 + 1 + 4) / 10 = 80; 100 × (3 + 2 + 4) / 10 = 90, capped at 50 for the failed critical item.
        Assert.Equal(80.0m, plain.GetProperty("score").GetDecimal());
        Assert.Equal(0, plain.GetProperty("failedCriticalItems").GetInt32());
        Assert.Empty(plain.GetProperty("alerts").EnumerateArray());
        Assert.Equal(50.0m, critical.GetProperty("score").GetDecimal());
        Assert.Equal(90.0m, critical.GetProperty("weightedPercent").GetDecimal());
        Assert.Equal(1, critical.GetProperty("failedCriticalItems").GetInt32());
        var alert = Assert.Single(critical.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("n-phone", "No phone in front of guests", "Open"), (alert.GetProperty("visionItemId").GetString(), alert.GetProperty("text").GetString(), alert.GetProperty("state").GetString()));
        var failed = critical.GetProperty("items").EnumerateArray().Single(i => !i.GetProperty("passed").GetBoolean());
        Assert.Equal("Seen at n-phone", failed.GetProperty("note").GetString());

        var list = await MemberApi.GetJsonAsync(network.NetworkLeader.Client, Visits(network.North));
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal(critical.GetProperty("id").GetString(), list.GetProperty("items")[0].GetProperty("id").GetString());
        var one = await MemberApi.GetJsonAsync(network.Owner.Client, $"{Visits(network.North)}/{plain.GetProperty("id").GetString()}");
        Assert.Equal(80.0m, one.GetProperty("score").GetDecimal());
        var audit = await MemberApi.GetJsonAsync(network.Owner.Client, "/api/v1/audit?kind=AuditVisitRecorded");
        Assert.Equal(2, audit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Editing_a_checklist_later_never_changes_a_past_visits_items_or_score()
    {
        var network = await NetworkAsync();
        var checklist = await CreateChecklistAsync(network.Owner);
        var visit = await RecordAsync(network.NorthManager, network.North, Visit(checklist, AllPassedBut("s-greet")));
        Assert.Equal(70.0m, visit.GetProperty("score").GetDecimal());

        await OkAsync(await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Put, $"{Checklists}/{checklist}", Checklist("Opening audit v2", greetWeight: 5, greetText: "Uses the guest's name"), "\"1\""));

        var past = await MemberApi.GetJsonAsync(network.Owner.Client, $"{Visits(network.North)}/{visit.GetProperty("id").GetString()}");
        Assert.Equal(70.0m, past.GetProperty("score").GetDecimal());
        Assert.Equal(("Opening audit", 1L), (past.GetProperty("checklistName").GetString(), past.GetProperty("checklistRevision").GetInt64()));
        Assert.Equal(("Greets by name", 3), (past.GetProperty("items")[0].GetProperty("text").GetString(), past.GetProperty("items")[0].GetProperty("weight").GetInt32()));
        var next = await RecordAsync(network.NorthManager, network.North, Visit(checklist, AllPassedBut("s-greet")));
        Assert.Equal(58.3m, next.GetProperty("score").GetDecimal());
        Assert.Equal("Uses the guest's name", next.GetProperty("items")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Every_checklist_item_must_be_answered_exactly_once_and_a_refused_visit_records_nothing()
    {
        var network = await NetworkAsync();
        var checklist = await CreateChecklistAsync(network.Owner);

        var wrong = await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, Visits(network.North),
            Visit(checklist, ("s-greet", true), ("s-unknown", true), ("s-greet", false), ("a-thanks", true)));
        var unknownChecklist = await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, Visits(network.North), Visit("chk_unknown", AllPassedBut()));
        var shape = await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, Visits(network.North), new { results = new object[] { new { itemId = "s-greet" } }, visitedAt = DateTimeOffset.UtcNow.AddDays(1) });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = await MemberApi.JsonAsync(wrong);
        Assert.Equal(["results[1].itemId", "results[2].itemId", "results"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("s-phone, n-phone", problem.GetProperty("errors").GetProperty("results")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownChecklist.StatusCode);
        Assert.Equal(["checklistId"], await MemberApi.ErrorFieldsAsync(unknownChecklist));
        Assert.Equal(HttpStatusCode.BadRequest, shape.StatusCode);
        Assert.Equal(["checklistId", "visitedAt", "results[0].passed"], await MemberApi.ErrorFieldsAsync(shape));
        Assert.Equal(0, await TotalAsync(network.Owner, Visits(network.North)));
    }

    [Fact]
    public async Task A_location_manager_acts_only_for_their_location_and_unknown_locations_and_visits_are_404()
    {
        var network = await NetworkAsync();
        var checklist = await CreateChecklistAsync(network.Owner);
        var visit = (await RecordAsync(network.NorthManager, network.North, Visit(checklist, AllPassedBut("n-phone")))).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await MemberApi.SendAsync(network.SouthManager.Client, HttpMethod.Post, Visits(network.North), Visit(checklist, AllPassedBut()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await network.SouthManager.Client.GetAsync(new Uri(Visits(network.North), UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await network.SouthManager.Client.GetAsync(new Uri($"{Visits(network.North)}/{visit}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MemberApi.SendAsync(network.SouthManager.Client, HttpMethod.Post, $"{Visits(network.North)}/{visit}/refreshers", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await network.SouthManager.Client.GetAsync(new Uri($"{Alerts}?locationId={network.North}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MemberApi.SendAsync(network.NorthEmployee.Client, HttpMethod.Post, Visits(network.North), Visit(checklist, AllPassedBut()))).StatusCode);
        Assert.Equal(1, await TotalAsync(network.Owner, Visits(network.North)));
        Assert.Equal(1, await TotalAsync(network.Owner, Alerts));

        Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Post, Visits("loc_unknown"), Visit(checklist, AllPassedBut()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await network.Owner.Client.GetAsync(new Uri($"{Visits(network.North)}/vst_unknown", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await network.Owner.Client.GetAsync(new Uri($"{Visits(network.South)}/{visit}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Post, $"{Visits(network.North)}/vst_unknown/refreshers", new { })).StatusCode);
    }

    [Fact]
    public async Task A_retried_visit_with_the_same_idempotency_key_is_recorded_once()
    {
        var network = await NetworkAsync();
        var checklist = await CreateChecklistAsync(network.Owner);
        var body = Visit(checklist, AllPassedBut("s-phone"));

        var first = await CreatedAsync(await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, Visits(network.North), body, idempotencyKey: "visit-1"));
        var replay = await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, Visits(network.North), body, idempotencyKey: "visit-1");

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("id").GetString(), (await MemberApi.JsonAsync(replay)).GetProperty("id").GetString());
        Assert.Equal(1, await TotalAsync(network.Owner, Visits(network.North)));
    }

    // ---- alerts and refreshers ----

    [Fact]
    public async Task Network_leaders_see_every_locations_alerts_and_a_location_manager_only_their_own()
    {
        var network = await NetworkAsync();
        var checklist = await CreateChecklistAsync(network.Owner);
        await RecordAsync(network.NorthManager, network.North, Visit(checklist, AllPassedBut("n-phone")));
        await RecordAsync(network.SouthManager, network.South, Visit(checklist, AllPassedBut("n-phone", "s-greet")));

        var all = await MemberApi.GetJsonAsync(network.NetworkLeader.Client, Alerts);
        var north = await MemberApi.GetJsonAsync(network.NorthManager.Client, Alerts);
        var southOnly = await MemberApi.GetJsonAsync(network.Owner.Client, $"{Alerts}?locationId={network.South}");

        Assert.Equal(2, all.GetProperty("total").GetInt32());
        Assert.Equal([network.South, network.North], all.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("locationId").GetString()));
        Assert.Equal([network.North], north.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("locationId").GetString()));
        Assert.Equal([network.South], southOnly.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("locationId").GetString()));
        Assert.Equal(0, await TotalAsync(network.Owner, $"{Alerts}?state=resolved"));
        var badState = await network.Owner.Client.GetAsync(new Uri($"{Alerts}?state=closed", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Equal(["state"], await MemberApi.ErrorFieldsAsync(badState));
    }

    [Fact]
    public async Task A_failed_critical_item_gives_the_locations_employees_a_refresher_in_training_and_resolves_its_alert_once()
    {
        var network = await NetworkAsync();
        await WaitForVisionCourseAsync(network.Owner);
        var checklist = await CreateChecklistAsync(network.Owner);
        var visit = await RecordAsync(network.NorthManager, network.North, Visit(checklist, AllPassedBut("n-phone", "s-phone")));
        var visitId = visit.GetProperty("id").GetString()!;
        var refreshers = $"{Visits(network.North)}/{visitId}/refreshers";
        Assert.Equal(["n-phone"], ItemIdsOf(await MemberApi.GetJsonAsync(network.NorthManager.Client, Alerts)));

        var ordered = await OkAsync(await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, refreshers, new { itemIds = CriticalItem, role = "Employee" }));

        var order = Assert.Single(ordered.GetProperty("refreshers").EnumerateArray());
        Assert.Equal((visitId, 1), (order.GetProperty("refresherId").GetString(), order.GetProperty("members").GetInt32()));
        var alert = Assert.Single(ordered.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("Resolved", visitId), (alert.GetProperty("state").GetString(), alert.GetProperty("refresherId").GetString()));
        Assert.Equal(0, await TotalAsync(network.NetworkLeader, Alerts));
        Assert.Equal(["n-phone"], ItemIdsOf(await MemberApi.GetJsonAsync(network.NetworkLeader.Client, $"{Alerts}?state=resolved")));

        var assignment = await WaitForRefresherAsync(network.NorthEmployee);
        Assert.Equal("An audit at Harbour North found these parts of our vision not lived", assignment.GetProperty("courseTitle").GetString());
        var detail = await MemberApi.GetJsonAsync(network.NorthEmployee.Client, $"/api/v1/training/assignments/{assignment.GetProperty("id").GetString()}");
        Assert.Equal(["n-phone"], detail.GetProperty("itemIds").EnumerateArray().Select(i => i.GetString()));

        // A repeat (a retry, or a second order for the same visit) creates nothing new in training.
        await OkAsync(await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, refreshers, new { role = "Employee" }));
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        Assert.Equal(1, await TotalAsync(network.NorthEmployee, "/api/v1/training/assignments"));
        foreach (var other in new[] { network.NorthManager, network.SouthEmployee, network.SouthManager, network.NetworkLeader })
        {
            Assert.Equal(0, await TotalAsync(other, "/api/v1/training/assignments"));
        }

        var audit = await MemberApi.GetJsonAsync(network.Owner.Client, "/api/v1/audit?kind=AuditRefreshersAssigned");
        Assert.Equal(2, audit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Refreshers_are_only_for_items_that_failed_and_need_someone_to_train()
    {
        var network = await NetworkAsync();
        var checklist = await CreateChecklistAsync(network.Owner);
        var clean = (await RecordAsync(network.NorthManager, network.North, Visit(checklist, AllPassedBut()))).GetProperty("id").GetString();
        var failed = (await RecordAsync(network.NorthManager, network.North, Visit(checklist, AllPassedBut("n-phone")))).GetProperty("id").GetString();
        var empty = await LocationApi.CreateLocationAsync(network.Owner.Client, "Harbour Empty");
        var nobody = (await RecordAsync(network.Owner, empty, Visit(checklist, AllPassedBut("n-phone")))).GetProperty("id").GetString();

        var nothingFailed = await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, $"{Visits(network.North)}/{clean}/refreshers", new { });
        var passedItem = await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, $"{Visits(network.North)}/{failed}/refreshers", new { itemIds = CriticalAndPassedItems });
        var ownerRole = await MemberApi.SendAsync(network.NorthManager.Client, HttpMethod.Post, $"{Visits(network.North)}/{failed}/refreshers", new { role = "Owner" });
        var noMembers = await MemberApi.SendAsync(network.Owner.Client, HttpMethod.Post, $"{Visits(empty)}/{nobody}/refreshers", new { });

        Assert.Equal(HttpStatusCode.Conflict, nothingFailed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, passedItem.StatusCode);
        Assert.Equal(["itemIds[1]"], await MemberApi.ErrorFieldsAsync(passedItem));
        Assert.Equal(HttpStatusCode.BadRequest, ownerRole.StatusCode);
        Assert.Equal(["role"], await MemberApi.ErrorFieldsAsync(ownerRole));
        Assert.Equal(HttpStatusCode.Conflict, noMembers.StatusCode);
        Assert.Equal(2, await TotalAsync(network.Owner, Alerts));
        Assert.Equal(0, await TotalAsync(network.Owner, "/api/v1/audit?kind=AuditRefreshersAssigned"));
    }

    private static async Task WaitForVisionCourseAsync(ApiSession owner) =>
        await Eventually.HoldsAsync(
            async () => (await owner.Client.GetAsync(new Uri("/api/v1/training/courses/vision", UriKind.Relative), Cancel)).StatusCode == HttpStatusCode.OK,
            Eventually.Patience,
            "the training service builds the vision course from the published vision");

    /// <summary>Polls the member's assignments until a refresher (an assignment outside any rollout) is there; returns it.</summary>
    private static async Task<JsonElement> WaitForRefresherAsync(ApiSession member)
    {
        JsonElement? found = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                var list = await MemberApi.GetJsonAsync(member.Client, "/api/v1/training/assignments");
                found = list.GetProperty("items").EnumerateArray().Where(a => a.GetProperty("rolloutId").ValueKind == JsonValueKind.Null).Select(a => (JsonElement?)a).FirstOrDefault();
                return found is not null;
            },
            Eventually.Patience,
            $"member {member.MemberId} gets a refresher");
        return found!.Value;
    }
}
