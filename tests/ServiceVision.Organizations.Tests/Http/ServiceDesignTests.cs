using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

public sealed class ServiceDesignTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Strategy = "/api/v1/service-design/strategy";
    private const string DepartmentVisions = "/api/v1/service-design/department-visions";
    private const string Journeys = "/api/v1/service-design/journeys";
    private const string Touchpoints = "/api/v1/service-design/touchpoints";

    private static readonly string[] UnpublishedItemIds = ["itm_anything"];

    private static readonly object[] PublishedItems =
    [
        new { id = "personal", kind = "Pillar", text = "Personal touch", order = 0 },
        new { id = "rings", kind = "Standard", text = "Answer within three rings", order = 1 },
        new { id = "no-alt", kind = "Never", text = "Say no without an alternative", order = 2 },
        new { id = "thanks", kind = "Always", text = "Thank the guest", order = 3 },
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly object ValidStrategy = new
    {
        coreService = "Hot coffee, made right, in under three minutes.",
        serviceExperience = "Guests feel known: we use their name and remember their order.",
        recoveryPromise = "If we get it wrong, we remake it at once and the next one is on us.",
        functions = new[]
        {
            new { function = "Sales", commitment = "Never promise a delivery time operations has not confirmed." },
            new { function = "Support", commitment = "Answer every complaint within one business day." },
        },
    };

    // ---- service strategy ----

    [Fact]
    public async Task The_strategy_starts_empty_at_revision_0_and_round_trips_with_if_match()
    {
        var owner = await platform.SignUpAsync();
        var initial = await owner.Client.GetAsync(new Uri(Strategy, UriKind.Relative), Cancel);
        Assert.Equal("\"0\"", initial.Headers.ETag!.Tag);

        var written = await SendAsync(owner.Client, HttpMethod.Put, Strategy, ValidStrategy, ifMatch: "\"0\"");

        await ApiSessions.EnsureAsync(written, HttpStatusCode.OK);
        Assert.Equal("\"1\"", written.Headers.ETag!.Tag);
        var read = await owner.Client.GetFromJsonAsync<JsonElement>(Strategy, Cancel);
        Assert.Equal("Hot coffee, made right, in under three minutes.", read.GetProperty("coreService").GetString());
        Assert.Equal("If we get it wrong, we remake it at once and the next one is on us.", read.GetProperty("recoveryPromise").GetString());
        Assert.Equal(["Sales", "Support"], read.GetProperty("functions").EnumerateArray().Select(f => f.GetProperty("function").GetString()));
        Assert.Equal(1, read.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task A_strategy_edit_with_a_stale_etag_gets_412_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        await ApiSessions.EnsureAsync(await SendAsync(owner.Client, HttpMethod.Put, Strategy, ValidStrategy, "\"0\""), HttpStatusCode.OK);

        var stale = await SendAsync(owner.Client, HttpMethod.Put, Strategy, new { coreService = "Lost update", serviceExperience = "x", recoveryPromise = "y" }, "\"0\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var read = await owner.Client.GetFromJsonAsync<JsonElement>(Strategy, Cancel);
        Assert.Equal("Hot coffee, made right, in under three minutes.", read.GetProperty("coreService").GetString());
        Assert.Equal(1, read.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task A_strategy_edit_without_if_match_gets_428_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync();

        var response = await SendAsync(owner.Client, HttpMethod.Put, Strategy, ValidStrategy, ifMatch: null);

        Assert.Equal((HttpStatusCode)428, response.StatusCode);
        Assert.Equal(0, (await owner.Client.GetFromJsonAsync<JsonElement>(Strategy, Cancel)).GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task An_invalid_strategy_is_a_400_naming_each_field_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var body = new
        {
            serviceExperience = new string('x', 2001),
            recoveryPromise = "We remake it.",
            functions = new[] { new { function = "Sales", commitment = "Confirm times." }, new { function = " sales ", commitment = "Twice." } },
        };

        var response = await SendAsync(owner.Client, HttpMethod.Put, Strategy, body, "\"0\"");

        Assert.Equal(["coreService", "functions[1].function", "serviceExperience"], await ErrorFieldsAsync(response));
        Assert.Equal(0, (await owner.Client.GetFromJsonAsync<JsonElement>(Strategy, Cancel)).GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task An_employee_reads_the_strategy_but_may_not_write_it()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");

        var read = await employee.Client.GetAsync(new Uri(Strategy, UriKind.Relative), Cancel);
        var write = await SendAsync(employee.Client, HttpMethod.Put, Strategy, ValidStrategy, "\"0\"");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(0, (await owner.Client.GetFromJsonAsync<JsonElement>(Strategy, Cancel)).GetProperty("revision").GetInt64());
    }

    // ---- department visions ----

    [Fact]
    public async Task A_leader_writes_a_department_vision_and_gets_its_quality_report()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        var department = await CreateDepartmentAsync(owner, "Kitchen");

        var created = await SendAsync(leader.Client, HttpMethod.Put, $"{DepartmentVisions}/{department}", new { statement = "We synergize leveraged paradigms." }, ifMatch: null);

        await ApiSessions.EnsureAsync(created, HttpStatusCode.OK);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(department, body.GetProperty("departmentId").GetString());
        Assert.False(body.GetProperty("quality").GetProperty("meetsAllCriteria").GetBoolean());
        Assert.Contains(body.GetProperty("quality").GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "jargon");

        var list = await owner.Client.GetFromJsonAsync<JsonElement>(DepartmentVisions, Cancel);
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal("We synergize leveraged paradigms.", list.GetProperty("items")[0].GetProperty("statement").GetString());
    }

    [Fact]
    public async Task Once_a_department_vision_exists_edits_need_the_current_etag()
    {
        var owner = await platform.SignUpAsync();
        var department = await CreateDepartmentAsync(owner, "Front desk");
        var path = $"{DepartmentVisions}/{department}";
        await ApiSessions.EnsureAsync(await SendAsync(owner.Client, HttpMethod.Put, path, new { statement = "Greet every guest by name." }, null), HttpStatusCode.OK);

        var missing = await SendAsync(owner.Client, HttpMethod.Put, path, new { statement = "Overwrite blindly." }, null);
        var createOnly = await SendAsync(owner.Client, HttpMethod.Put, path, new { statement = "Create only." }, null, ifNoneMatch: "*");
        var stale = await SendAsync(owner.Client, HttpMethod.Put, path, new { statement = "Stale." }, "\"7\"");
        var current = await SendAsync(owner.Client, HttpMethod.Put, path, new { statement = "Greet every guest by name and smile." }, "\"1\"");

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, createOnly.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await ApiSessions.EnsureAsync(current, HttpStatusCode.OK);
        var read = await owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        Assert.Equal("\"2\"", read.Headers.ETag!.Tag);
        Assert.Equal("Greet every guest by name and smile.", (await read.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("statement").GetString());
    }

    [Fact]
    public async Task Deleting_a_department_vision_needs_if_match_and_then_it_is_gone()
    {
        var owner = await platform.SignUpAsync();
        var department = await CreateDepartmentAsync(owner, "Bar");
        var path = $"{DepartmentVisions}/{department}";
        await ApiSessions.EnsureAsync(await SendAsync(owner.Client, HttpMethod.Put, path, new { statement = "Serve every drink with a smile." }, null), HttpStatusCode.OK);

        var missing = await SendAsync(owner.Client, HttpMethod.Delete, path, null, null);
        var stale = await SendAsync(owner.Client, HttpMethod.Delete, path, null, "\"0\"");
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);

        var deleted = await SendAsync(owner.Client, HttpMethod.Delete, path, null, "\"1\"");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);
        var recreated = await SendAsync(owner.Client, HttpMethod.Put, path, new { statement = "Serve every drink with a smile." }, null);
        await ApiSessions.EnsureAsync(recreated, HttpStatusCode.OK);
        Assert.NotEqual("\"1\"", recreated.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_vision_for_a_department_the_organization_does_not_have_is_404()
    {
        var owner = await platform.SignUpAsync();
        var other = await platform.SignUpAsync();
        var theirs = await CreateDepartmentAsync(other, "Theirs");

        var unknown = await SendAsync(owner.Client, HttpMethod.Put, $"{DepartmentVisions}/dep_unknown", new { statement = "Greet every guest." }, null);
        var foreign = await SendAsync(owner.Client, HttpMethod.Put, $"{DepartmentVisions}/{theirs}", new { statement = "Greet every guest." }, null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(0, (await owner.Client.GetFromJsonAsync<JsonElement>(DepartmentVisions, Cancel)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri($"{DepartmentVisions}/{theirs}", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_vision_of_a_deleted_department_is_no_longer_shown()
    {
        var owner = await platform.SignUpAsync();
        var kept = await CreateDepartmentAsync(owner, "Kitchen");
        var closed = await CreateDepartmentAsync(owner, "Pop-up bar");
        await ApiSessions.EnsureAsync(await SendAsync(owner.Client, HttpMethod.Put, $"{DepartmentVisions}/{kept}", new { statement = "Cook every dish to order." }, null), HttpStatusCode.OK);
        await ApiSessions.EnsureAsync(await SendAsync(owner.Client, HttpMethod.Put, $"{DepartmentVisions}/{closed}", new { statement = "Serve every drink with a smile." }, null), HttpStatusCode.OK);
        var departmentEtag = (await owner.Client.GetAsync(new Uri($"/api/v1/departments/{closed}", UriKind.Relative), Cancel)).Headers.ETag!.Tag;

        await ApiSessions.EnsureAsync(await SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/departments/{closed}", null, departmentEtag), HttpStatusCode.NoContent);

        var list = await owner.Client.GetFromJsonAsync<JsonElement>(DepartmentVisions, Cancel);
        Assert.Equal([kept], list.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("departmentId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"{DepartmentVisions}/{closed}", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task An_invalid_department_vision_is_a_400_and_creates_nothing()
    {
        var owner = await platform.SignUpAsync();
        var department = await CreateDepartmentAsync(owner, "Kitchen");

        var blank = await SendAsync(owner.Client, HttpMethod.Put, $"{DepartmentVisions}/{department}", new { statement = "  " }, null);
        var tooLong = await SendAsync(owner.Client, HttpMethod.Put, $"{DepartmentVisions}/{department}", new { statement = new string('a', 1001) }, null);

        Assert.Equal(["statement"], await ErrorFieldsAsync(blank));
        Assert.Equal(["statement"], await ErrorFieldsAsync(tooLong));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"{DepartmentVisions}/{department}", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task An_employee_reads_department_visions_but_may_not_write_them()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var department = await CreateDepartmentAsync(owner, "Kitchen");

        var write = await SendAsync(employee.Client, HttpMethod.Put, $"{DepartmentVisions}/{department}", new { statement = "Greet every guest." }, null);
        var read = await employee.Client.GetAsync(new Uri(DepartmentVisions, UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(0, (await read.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("total").GetInt32());
    }

    // ---- journeys ----

    [Fact]
    public async Task A_journey_round_trips_and_its_touchpoints_get_stable_ids()
    {
        var owner = await platform.SignUpAsync();
        var bar = await CreateDepartmentAsync(owner, "Bar");
        var created = await PostJourneyAsync(owner.Client, new
        {
            name = "Morning coffee",
            description = "From the door to the first sip.",
            touchpoints = new object[]
            {
                new { name = "Order at the counter", channel = "InPerson", order = 1, affectedBy = new[] { new { departmentId = bar, role = "barista" } } },
                new { name = "Order ahead", channel = "app", order = 0, affectedBy = new[] { new { departmentId = (string?)null, role = "app team" } } },
            },
        });
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var journey = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var id = journey.GetProperty("id").GetString()!;
        Assert.Equal($"{Journeys}/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(["Order ahead", "Order at the counter"], Names(journey));
        Assert.Equal(["App", "InPerson"], journey.GetProperty("touchpoints").EnumerateArray().Select(t => t.GetProperty("channel").GetString()));
        var counterId = journey.GetProperty("touchpoints")[1].GetProperty("id").GetString()!;

        var updated = await SendAsync(owner.Client, HttpMethod.Put, $"{Journeys}/{id}", new
        {
            name = "Morning coffee",
            touchpoints = new object[]
            {
                new { id = counterId, name = "Order at the bar", channel = "InPerson", order = 0, affectedBy = new[] { new { departmentId = bar, role = "barista" } } },
                new { name = "Pick up", channel = "InPerson", order = 1 },
            },
        }, created.Headers.ETag!.Tag);

        await ApiSessions.EnsureAsync(updated, HttpStatusCode.OK);
        var read = await owner.Client.GetFromJsonAsync<JsonElement>($"{Journeys}/{id}", Cancel);
        Assert.Equal(["Order at the bar", "Pick up"], Names(read));
        Assert.Equal(counterId, read.GetProperty("touchpoints")[0].GetProperty("id").GetString());
        Assert.NotEqual(counterId, read.GetProperty("touchpoints")[1].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("description").ValueKind);
        Assert.Equal(2, read.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Journey_edits_and_deletes_need_the_current_etag()
    {
        var owner = await platform.SignUpAsync();
        var created = await PostJourneyAsync(owner.Client, new { name = "Returns", touchpoints = new[] { new { name = "Call us", channel = "Phone", order = 0 } } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString();
        var path = $"{Journeys}/{id}";

        var missing = await SendAsync(owner.Client, HttpMethod.Put, path, new { name = "Renamed" }, null);
        var stale = await SendAsync(owner.Client, HttpMethod.Put, path, new { name = "Renamed" }, "\"0\"");
        var deleteMissing = await SendAsync(owner.Client, HttpMethod.Delete, path, null, null);
        var deleteStale = await SendAsync(owner.Client, HttpMethod.Delete, path, null, "\"5\"");

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal((HttpStatusCode)428, deleteMissing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, deleteStale.StatusCode);
        Assert.Equal("Returns", (await owner.Client.GetFromJsonAsync<JsonElement>(path, Cancel)).GetProperty("name").GetString());

        var deleted = await SendAsync(owner.Client, HttpMethod.Delete, path, null, "\"1\"");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_journey_is_404()
    {
        var owner = await platform.SignUpAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"{Journeys}/jrn_unknown", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Put, $"{Journeys}/jrn_unknown", new { name = "x" }, "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Delete, $"{Journeys}/jrn_unknown", null, "\"1\"")).StatusCode);
    }

    [Fact]
    public async Task An_invalid_journey_is_a_400_naming_the_touchpoint_fields_and_creates_nothing()
    {
        var owner = await platform.SignUpAsync();
        var body = new
        {
            name = "Delivery",
            touchpoints = new object[]
            {
                new { name = "Track the order", channel = "Fax", order = 0 },
                new { name = "Doorstep", channel = "InPerson", order = 1, affectedBy = new[] { new { departmentId = (string?)"dep_unknown", role = "driver" }, new { departmentId = (string?)null, role = "" } } },
                new { id = "tp_made_up", name = "", channel = "Web" },
            },
        };

        var response = await PostJourneyAsync(owner.Client, body);

        Assert.Equal(
            ["touchpoints[0].channel", "touchpoints[1].affectedBy[0].departmentId", "touchpoints[1].affectedBy[1].role", "touchpoints[2].id", "touchpoints[2].name", "touchpoints[2].order"],
            await ErrorFieldsAsync(response));
        Assert.Equal(0, (await owner.Client.GetFromJsonAsync<JsonElement>(Journeys, Cancel)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Linking_a_vision_item_while_nothing_is_published_is_a_400_on_that_id()
    {
        var owner = await platform.SignUpAsync();

        var response = await PostJourneyAsync(owner.Client, new
        {
            name = "Checkout",
            touchpoints = new[] { new { name = "Pay", channel = "InPerson", order = 0, standardItemIds = UnpublishedItemIds } },
        });

        Assert.Equal(["touchpoints[0].standardItemIds[0]"], await ErrorFieldsAsync(response));
        Assert.Equal(0, (await owner.Client.GetFromJsonAsync<JsonElement>(Journeys, Cancel)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_touchpoint_links_standards_never_and_always_of_the_published_vision()
    {
        var owner = await platform.SignUpAsync();
        var published = await platform.PublishVisionAsync(owner, "We greet every guest by name.", PublishedItems);

        var response = await PostJourneyAsync(owner.Client, new
        {
            name = "Check-in",
            touchpoints = new[] { new { name = "Front desk", channel = "InPerson", order = 0, standardItemIds = new List<string> { "rings", "no-alt", "thanks" } } },
        });

        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        Assert.Equal(1, published.GetProperty("number").GetInt32());
        var touchpoint = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("touchpoints")[0];
        Assert.Equal(["rings", "no-alt", "thanks"], touchpoint.GetProperty("standardItemIds").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task A_touchpoint_pointing_at_a_pillar_or_an_unknown_item_is_a_400_naming_that_id_and_creates_nothing()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, "We greet every guest by name.", PublishedItems);

        var response = await PostJourneyAsync(owner.Client, new
        {
            name = "Check-in",
            touchpoints = new[]
            {
                new { name = "Front desk", channel = "InPerson", order = 0, standardItemIds = new List<string> { "rings" } },
                new { name = "Call ahead", channel = "Phone", order = 1, standardItemIds = new List<string> { "personal", "rings", "made-up" } },
            },
        });

        Assert.Equal(["touchpoints[1].standardItemIds[0]", "touchpoints[1].standardItemIds[2]"], await ErrorFieldsAsync(response));
        Assert.Equal(0, (await owner.Client.GetFromJsonAsync<JsonElement>(Journeys, Cancel)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Creating_a_journey_again_with_the_same_idempotency_key_replays_the_first_response()
    {
        var owner = await platform.SignUpAsync();
        var body = new { name = "Birthday party", touchpoints = new[] { new { name = "Book online", channel = "Web", order = 0 } } };

        var first = await PostJourneyAsync(owner.Client, body, idempotencyKey: "journey-1");
        var again = await PostJourneyAsync(owner.Client, body, idempotencyKey: "journey-1");

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString(),
            (await again.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString());
        Assert.Equal(1, (await owner.Client.GetFromJsonAsync<JsonElement>(Journeys, Cancel)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Journeys_are_listed_by_name_a_page_at_a_time()
    {
        var owner = await platform.SignUpAsync();
        foreach (var name in new[] { "Complaint", "Arrival", "Booking" })
        {
            await ApiSessions.EnsureAsync(await PostJourneyAsync(owner.Client, new { name, touchpoints = new[] { new { name = "Touch", channel = "Web", order = 0 } } }), HttpStatusCode.Created);
        }

        var page = await owner.Client.GetFromJsonAsync<JsonElement>($"{Journeys}?page=2&pageSize=2", Cancel);

        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(["Complaint"], page.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        Assert.Equal(1, page.GetProperty("items")[0].GetProperty("touchpointCount").GetInt32());
    }

    [Fact]
    public async Task An_employee_reads_journeys_but_may_not_create_them()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");

        var create = await PostJourneyAsync(employee.Client, new { name = "Sneaky" });
        var list = await employee.Client.GetAsync(new Uri(Journeys, UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("total").GetInt32());
    }

    // ---- touchpoints per department ----

    [Fact]
    public async Task A_department_sees_every_touchpoint_it_affects_across_journeys_with_its_roles()
    {
        var owner = await platform.SignUpAsync();
        var bar = await CreateDepartmentAsync(owner, "Bar");
        var kitchen = await CreateDepartmentAsync(owner, "Kitchen");
        var employee = await platform.InviteMemberAsync(owner, "Employee", departmentId: bar);
        await ApiSessions.EnsureAsync(await PostJourneyAsync(owner.Client, new
        {
            name = "Morning coffee",
            touchpoints = new object[]
            {
                new { name = "Order at the counter", channel = "InPerson", order = 0, affectedBy = new[] { new { departmentId = bar, role = "barista" }, new { departmentId = bar, role = "cashier" } } },
                new { name = "Breakfast served", channel = "InPerson", order = 1, affectedBy = new[] { new { departmentId = kitchen, role = "cook" } } },
            },
        }), HttpStatusCode.Created);
        await ApiSessions.EnsureAsync(await PostJourneyAsync(owner.Client, new
        {
            name = "Evening event",
            touchpoints = new object[]
            {
                new { name = "Book a table", channel = "Phone", order = 0, affectedBy = new[] { new { departmentId = (string?)null, role = "host" } } },
                new { name = "Welcome drink", channel = "InPerson", order = 1, affectedBy = new[] { new { departmentId = bar, role = "bartender" }, new { departmentId = kitchen, role = "cook" } } },
            },
        }), HttpStatusCode.Created);

        var view = await employee.Client.GetFromJsonAsync<JsonElement>($"{Touchpoints}?departmentId={bar}", Cancel);

        Assert.Equal(2, view.GetProperty("total").GetInt32());
        var items = view.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Evening event", "Morning coffee"], items.Select(i => i.GetProperty("journeyName").GetString()));
        Assert.Equal(["Welcome drink", "Order at the counter"], items.Select(i => i.GetProperty("touchpoint").GetProperty("name").GetString()));
        Assert.Equal(["barista", "cashier"], items[1].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var kitchenView = await owner.Client.GetFromJsonAsync<JsonElement>($"{Touchpoints}?departmentId={kitchen}", Cancel);
        Assert.Equal(["Welcome drink", "Breakfast served"], kitchenView.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("touchpoint").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_touchpoint_view_needs_a_department_of_the_organization()
    {
        var owner = await platform.SignUpAsync();

        var missing = await owner.Client.GetAsync(new Uri(Touchpoints, UriKind.Relative), Cancel);
        var unknown = await owner.Client.GetAsync(new Uri($"{Touchpoints}?departmentId=dep_unknown", UriKind.Relative), Cancel);

        Assert.Equal(["departmentId"], await ErrorFieldsAsync(missing));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    // ---- helpers ----

    internal static async Task<string> CreateDepartmentAsync(ApiSession session, string name)
    {
        var response = await session.Client.PostAsJsonAsync("/api/v1/departments", new { name }, Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
    }

    internal static async Task<HttpResponseMessage> PostJourneyAsync(HttpClient client, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Journeys) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request, Cancel);
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? ifMatch, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request, Cancel);
    }

    /// <summary>The problem's error fields, sorted; fails unless the response is a 400.</summary>
    internal static async Task<IReadOnlyList<string>> ErrorFieldsAsync(HttpResponseMessage response)
    {
        await ApiSessions.EnsureAsync(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<string?> Names(JsonElement journey) =>
        journey.GetProperty("touchpoints").EnumerateArray().Select(t => t.GetProperty("name").GetString());
}
