using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Web.Tests;

/// <summary>
/// The locations list and a location's network vision page over HTTP: the core read-only, the adoption
/// with its Adopt button, local items added, changed and removed in forms, roles and locations enforced.
/// </summary>
public sealed class LocationVisionPageTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static readonly object[] Version1 =
    [
        new { id = "p-personal", kind = "Pillar", text = "Personal touch", order = 0 },
        new { id = "p-speed", kind = "Pillar", text = "Speed", order = 1 },
        new { id = "s-phone", kind = "Standard", text = "Answer the phone within three rings", order = 2 },
    ];

    private static readonly object[] Version2 =
    [
        new { id = "p-personal", kind = "Pillar", text = "A personal touch for every guest", order = 0 },
        new { id = "a-thanks", kind = "Always", text = "Thank the guest", order = 2 },
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        [.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))];

    private static string PagePath(string location) => $"/app/locations/{location}/vision";

    private static async Task<JsonElement> VisionAsync(ApiSession session, string location) =>
        await session.Client.GetFromJsonAsync<JsonElement>($"/api/v1/locations/{location}/vision", ApiSessions.Json, Ct);

    /// <summary>A network with one location, its manager, and version 1 rolled out to it (the offer stored).</summary>
    private async Task<(ApiSession Owner, string Location, ApiSession Manager)> NetworkAsync()
    {
        var owner = await platform.SignUpAsync();
        var location = await owner.CreateLocationAsync("Harbour Street");
        var manager = await platform.InviteMemberAsync(owner, "Leader", "Leader at location", locationId: location);
        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", Version1);
        await Eventually.HoldsAsync(async () => (await VisionAsync(owner, location)).GetProperty("revision").GetInt64() >= 1, Eventually.Patience, "version 1 is rolled out");
        return (owner, location, manager);
    }

    private static string Revision(JsonElement vision) => vision.GetProperty("revision").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_locations_page_links_each_location_to_its_vision_page_and_the_navigation_links_to_it()
    {
        var owner = await platform.SignUpAsync();
        var harbour = await owner.CreateLocationAsync("Harbour Street");
        var airport = await owner.CreateLocationAsync("Airport");

        var html = await owner.Client.GetHtmlAsync("/app/locations");

        Assert.Contains($"href=\"{PagePath(harbour)}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{PagePath(airport)}\"", html, StringComparison.Ordinal);
        Assert.Contains("Nothing published yet", html, StringComparison.Ordinal);
        Assert.Contains("/app/locations", WebForms.NavLinks(html));
    }

    [Fact]
    public async Task A_manager_sees_the_core_read_only_and_adopts_the_offered_version_with_the_button()
    {
        var (owner, location, manager) = await NetworkAsync();

        var page = await manager.Client.GetHtmlAsync(PagePath(location));
        Assert.Contains("data-state=\"Pending\"", page, StringComparison.Ordinal);
        Assert.Contains("Answer the phone within three rings <em>(core)</em>", page, StringComparison.Ordinal);
        Assert.Contains("Adopt version 1", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"s-phone\"", page, StringComparison.Ordinal);

        var adopted = await manager.Client.SubmitAsync(PagePath(location), Fields(("Revision", Revision(await VisionAsync(owner, location))), ("Version", "1")), PagePath(location) + "?handler=adopt");

        Assert.Equal(HttpStatusCode.OK, adopted.StatusCode);
        var html = await adopted.HtmlAsync();
        Assert.Contains("data-state=\"Adopted\"", html, StringComparison.Ordinal);
        Assert.Contains("Version 1 adopted.", html, StringComparison.Ordinal);
        var adoption = (await VisionAsync(owner, location)).GetProperty("adoption");
        Assert.Equal(("Adopted", manager.MemberId), (adoption.GetProperty("state").GetString(), adoption.GetProperty("adoptedBy").GetString()));
    }

    [Fact]
    public async Task After_a_new_version_the_page_lists_the_changes_since_the_adopted_one_and_flags_orphaned_local_items()
    {
        var (owner, location, manager) = await NetworkAsync();
        await manager.Client.SubmitAsync(PagePath(location), Fields(("Kind", "Standard"), ("PillarId", "p-personal"), ("Text", "Offer the harbour paper")), PagePath(location) + "?handler=add");
        await manager.Client.SubmitAsync(PagePath(location), Fields(("Kind", "PillarExample"), ("PillarId", "p-speed"), ("Text", "Coffee within two minutes")), PagePath(location) + "?handler=add");
        await manager.Client.SubmitAsync(PagePath(location), Fields(("Revision", Revision(await VisionAsync(owner, location))), ("Version", "1")), PagePath(location) + "?handler=adopt");
        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", Version2);
        await Eventually.HoldsAsync(async () => (await VisionAsync(owner, location)).GetProperty("adoption").GetProperty("offeredVersion").GetInt32() == 2, Eventually.Patience, "version 2 is rolled out");

        var page = await manager.Client.GetHtmlAsync(PagePath(location));

        Assert.Contains("What changed since version 1", page, StringComparison.Ordinal);
        Assert.Contains("Added Always: Thank the guest", page, StringComparison.Ordinal);
        Assert.Contains("Removed Standard: Answer the phone within three rings", page, StringComparison.Ordinal);
        Assert.Contains("Adopt version 2", page, StringComparison.Ordinal);
        Assert.Contains("Removed Pillar: Speed", page, StringComparison.Ordinal);
        Assert.Contains("Changed Pillar (text): Personal touch", page, StringComparison.Ordinal);
        var items = page[page.IndexOf("id=\"local-items\"", StringComparison.Ordinal)..];
        var kept = items[items.IndexOf("Offer the harbour paper", StringComparison.Ordinal)..items.IndexOf("Coffee within two minutes", StringComparison.Ordinal)];
        var orphan = items[items.IndexOf("Coffee within two minutes", StringComparison.Ordinal)..];
        Assert.DoesNotContain("Its pillar is no longer in the network", kept, StringComparison.Ordinal);
        Assert.Contains("Its pillar is no longer in the network", orphan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_local_item_shows_its_field_error_next_to_it_and_adds_nothing_and_a_valid_one_is_added()
    {
        var (owner, location, manager) = await NetworkAsync();

        var refused = await manager.Client.SubmitAsync(PagePath(location), Fields(("Kind", "Standard"), ("PillarId", ""), ("Text", "Coffee within two minutes")), PagePath(location) + "?handler=add");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "pillarId"));
        Assert.Null(WebForms.FieldError(html, "text"));
        Assert.Contains("value=\"Coffee within two minutes\"", html, StringComparison.Ordinal);
        Assert.Equal(0, (await VisionAsync(owner, location)).GetProperty("localItems").GetArrayLength());

        var added = await manager.Client.SubmitAsync(PagePath(location), Fields(("Kind", "PillarExample"), ("PillarId", "p-personal"), ("Text", "Offer the harbour paper")), PagePath(location) + "?handler=add");

        Assert.Contains("Local item added.", await added.HtmlAsync(), StringComparison.Ordinal);
        var item = Assert.Single((await VisionAsync(owner, location)).GetProperty("localItems").EnumerateArray());
        Assert.Equal(("PillarExample", "p-personal", "Offer the harbour paper"), (item.GetProperty("kind").GetString(), item.GetProperty("pillarId").GetString(), item.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_local_item_is_changed_and_removed_on_the_page_and_a_stale_form_changes_nothing()
    {
        var (owner, location, manager) = await NetworkAsync();
        await manager.Client.SubmitAsync(PagePath(location), Fields(("Kind", "Never"), ("PillarId", ""), ("Text", "Let the queue wait")), PagePath(location) + "?handler=add");
        var vision = await VisionAsync(owner, location);
        var id = vision.GetProperty("localItems")[0].GetProperty("id").GetString()!;
        var revision = Revision(vision);

        var changed = await manager.Client.SubmitAsync(PagePath(location), Fields(("ItemId", id), ("Revision", revision), ("Kind", "Never"), ("PillarId", ""), ("Text", "Let the queue wait unannounced")), PagePath(location) + "?handler=update");
        var stale = await manager.Client.SubmitAsync(PagePath(location), Fields(("ItemId", id), ("Revision", revision), ("Kind", "Never"), ("PillarId", ""), ("Text", "Lost update")), PagePath(location) + "?handler=update");

        Assert.Contains("Local item saved.", await changed.HtmlAsync(), StringComparison.Ordinal);
        Assert.Contains("Someone changed this meanwhile", await stale.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal("Let the queue wait unannounced", (await VisionAsync(owner, location)).GetProperty("localItems")[0].GetProperty("text").GetString());

        var removed = await manager.Client.SubmitAsync(PagePath(location), Fields(("ItemId", id), ("Revision", Revision(await VisionAsync(owner, location)))), PagePath(location) + "?handler=remove");

        Assert.Contains("Local item removed.", await removed.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await VisionAsync(owner, location)).GetProperty("localItems").GetArrayLength());
    }

    [Fact]
    public async Task An_employee_reads_the_page_without_forms_and_a_posted_adoption_is_403_and_changes_nothing()
    {
        var (owner, location, _) = await NetworkAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee", "Employee at location", locationId: location);
        var before = await VisionAsync(owner, location);

        var page = await employee.Client.GetHtmlAsync(PagePath(location));
        var token = WebForms.TokenOf(await employee.Client.GetHtmlAsync("/app"));
        var post = await employee.Client.PostFormAsync(PagePath(location) + "?handler=adopt", Fields(("Revision", Revision(before)), ("Version", "1"), ("__RequestVerificationToken", token)));

        Assert.Contains("Personal touch", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=adopt", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=add", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(before.GetRawText(), (await VisionAsync(owner, location)).GetRawText());
    }

    [Fact]
    public async Task A_manager_of_another_location_gets_403_and_another_organization_404()
    {
        var (owner, location, _) = await NetworkAsync();
        var airport = await owner.CreateLocationAsync("Airport");
        var airportManager = await platform.InviteMemberAsync(owner, "Leader", "Leader at location", locationId: airport);
        var stranger = await platform.SignUpAsync();

        var other = await airportManager.Client.GetAsync(new Uri(PagePath(location), UriKind.Relative), Ct);
        var foreign = await stranger.Client.GetAsync(new Uri(PagePath(location), UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("Harbour Street", await foreign.HtmlAsync(), StringComparison.Ordinal);
    }
}
