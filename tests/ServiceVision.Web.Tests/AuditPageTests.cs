using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceVision.Testing;

namespace ServiceVision.Web.Tests;

/// <summary>The audits page over HTTP: checklists, visits item by item, scores, alerts and refreshers, for network leaders and location managers.</summary>
public sealed class AuditPageTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Page = "/app/audits";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        [.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))];

    private static readonly (string Name, string Value)[] ChecklistFields =
    [
        ("Name", "Opening audit"),
        ("Items[0].Text", "Greets by name"), ("Items[0].VisionItemId", "s-greet"), ("Items[0].Weight", "3"),
        ("Items[1].Text", ""), ("Items[1].VisionItemId", ""), ("Items[1].Weight", "1"),
        ("Items[2].Text", "No phone in front of guests"), ("Items[2].VisionItemId", "n-phone"), ("Items[2].Weight", "1"), ("Items[2].Critical", "true"),
    ];

    private async Task<(ApiSession Owner, string North, string South)> NetworkAsync()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, "We greet every guest by name and make each visit feel personal.",
        [
            new { id = "s-greet", kind = "Standard", text = "Greet every guest by name", order = 0 },
            new { id = "n-phone", kind = "Never", text = "Use a phone in front of a guest", order = 0 },
        ]);
        return (owner, await owner.CreateLocationAsync("Harbour North"), await owner.CreateLocationAsync("Harbour South"));
    }

    private static async Task<JsonElement> GetJsonAsync(ApiSession session, string path) =>
        await session.Client.GetFromJsonAsync<JsonElement>(path, ApiSessions.Json, Ct);

    private static async Task<string> ChecklistIdAsync(ApiSession owner) =>
        (await GetJsonAsync(owner, "/api/v1/audit-checklists")).GetProperty("items")[0].GetProperty("id").GetString()!;

    [Fact]
    public async Task A_network_leader_creates_a_checklist_records_a_failing_visit_sees_its_score_and_alert_and_orders_the_refresher()
    {
        var (owner, north, _) = await NetworkAsync();
        await platform.InviteMemberAsync(owner, "Employee", "Employee at " + north, locationId: north);

        var created = await owner.Client.SubmitAsync(Page, Fields(ChecklistFields), Page + "?handler=checklist");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("Checklist \"Opening audit\" created with 2 item(s).", WebUtility.HtmlDecode(await created.HtmlAsync()), StringComparison.Ordinal);
        var checklist = await ChecklistIdAsync(owner);

        var form = await owner.Client.GetHtmlAsync($"{Page}?locationId={north}&checklistId={checklist}");
        Assert.Contains("Opening audit at Harbour North", form, StringComparison.Ordinal);
        var recorded = await owner.Client.PostFormAsync(Page + "?handler=visit", Fields(
            ("LocationId", north), ("ChecklistId", checklist),
            ("Results[0].ItemId", "s-greet"), ("Results[0].Outcome", "pass"),
            ("Results[1].ItemId", "n-phone"), ("Results[1].Outcome", "fail"), ("Results[1].Note", "Phone at the desk"),
            ("__RequestVerificationToken", WebForms.TokenOf(form))));

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var html = await recorded.HtmlAsync();
        Assert.Contains("Visit recorded: score 50.0, 1 critical item(s) failed (alert raised).", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"score\">50.0</td>", html, StringComparison.Ordinal);
        Assert.Contains("Assign refresher to the location", html, StringComparison.Ordinal);
        var alert = (await GetJsonAsync(owner, "/api/v1/audit-alerts")).GetProperty("items")[0];
        Assert.Equal("n-phone", alert.GetProperty("visionItemId").GetString());

        var ordered = await owner.Client.PostFormAsync(Page + "?handler=refresher", Fields(
            ("LocationId", north), ("VisitId", alert.GetProperty("visitId").GetString()!), ("ItemId", "n-phone"),
            ("__RequestVerificationToken", WebForms.TokenOf(html))));

        Assert.Equal(HttpStatusCode.OK, ordered.StatusCode);
        var after = await ordered.HtmlAsync();
        Assert.Contains("Refresher ordered for 1 member(s) of Harbour North.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Assign refresher to the location", after, StringComparison.Ordinal);
        Assert.Equal(0, (await GetJsonAsync(owner, "/api/v1/audit-alerts")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_refused_checklist_shows_each_error_next_to_its_row_and_creates_nothing()
    {
        var (owner, _, _) = await NetworkAsync();

        var response = await owner.Client.SubmitAsync(Page, Fields(("Name", ""), ("Items[0].Text", ""), ("Items[0].VisionItemId", "s-greet"), ("Items[0].Weight", "9")), Page + "?handler=checklist");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "name"));
        Assert.NotNull(WebForms.FieldError(html, "items[0].text"));
        Assert.NotNull(WebForms.FieldError(html, "items[0].weight"));
        Assert.Null(WebForms.FieldError(html, "items[0].visionItemId"));
        Assert.Equal(0, (await GetJsonAsync(owner, "/api/v1/audit-checklists")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_visit_with_an_unanswered_item_is_refused_next_to_that_item_and_records_nothing()
    {
        var (owner, north, _) = await NetworkAsync();
        await owner.Client.SubmitAsync(Page, Fields(ChecklistFields), Page + "?handler=checklist");
        var checklist = await ChecklistIdAsync(owner);

        var response = await owner.Client.SubmitAsync($"{Page}?locationId={north}", Fields(
            ("LocationId", north), ("ChecklistId", checklist),
            ("Results[0].ItemId", "s-greet"), ("Results[0].Outcome", "pass"),
            ("Results[1].ItemId", "n-phone")), Page + "?handler=visit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(WebForms.FieldError(await response.HtmlAsync(), "results[1]"));
        Assert.Equal(0, (await GetJsonAsync(owner, $"/api/v1/locations/{north}/audit-visits")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_location_manager_sees_only_their_location_and_cannot_create_checklists_and_an_employee_cannot_open_the_page()
    {
        var (owner, north, south) = await NetworkAsync();
        await owner.Client.SubmitAsync(Page, Fields(ChecklistFields), Page + "?handler=checklist");
        var checklist = await ChecklistIdAsync(owner);
        var failing = new { checklistId = checklist, results = new object[] { new { itemId = "s-greet", passed = true }, new { itemId = "n-phone", passed = false } } };
        await ApiSessions.EnsureAsync(await owner.Client.PostAsJsonAsync($"/api/v1/locations/{north}/audit-visits", failing, Ct), HttpStatusCode.Created);
        var southManager = await platform.InviteMemberAsync(owner, "Leader", "Leader at " + south, locationId: south);
        var employee = await platform.InviteMemberAsync(owner, "Employee", "Employee at " + south, locationId: south);

        var html = await southManager.Client.GetHtmlAsync(Page);

        Assert.Contains("No open alerts", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Harbour North", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Create a checklist", html, StringComparison.Ordinal);
        var refused = await southManager.Client.PostFormAsync(Page + "?handler=checklist", [.. Fields(ChecklistFields), new("__RequestVerificationToken", WebForms.TokenOf(html))]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(1, (await GetJsonAsync(owner, "/api/v1/audit-checklists")).GetProperty("total").GetInt32());

        var client = platform.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = WebForms.TokenOf(await client.GetHtmlAsync("/app/sign-in"));
        await client.PostFormAsync("/app/sign-in", Fields(("Email", employee.Email), ("Password", employee.Password), ("__RequestVerificationToken", token)));
        var page = await client.GetAsync(new Uri(Page, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/app/forbidden?returnUrl=", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
