using System.Net;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Web.Tests.PageSessions;

namespace ServiceVision.Web.Tests;

/// <summary>The journey map editor (/app/journeys/edit): create, edit, delete, as the service design API does.</summary>
public sealed class JourneyPagesTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Journeys = "/api/v1/service-design/journeys";
    private const string Editor = "/app/journeys/edit";

    private static readonly object[] Items =
    [
        new { id = "personal", kind = "Pillar", text = "Personal touch", order = 0 },
        new { id = "rings", kind = "Standard", text = "Answer within three rings", order = 1 },
        new { id = "thanks", kind = "Always", text = "Thank the guest", order = 2 },
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_leader_creates_a_journey_map_with_touchpoints_roles_and_standards_and_empty_rows_are_left_out()
    {
        var owner = await platform.SignUpAsync();
        var kitchen = await owner.CreateDepartmentAsync("Kitchen");
        await platform.PublishVisionAsync(owner, "We make every guest feel at home.", Items);
        var form = await owner.Client.GetHtmlAsync(Editor);
        Assert.Contains($"action=\"{Editor}?handler=save\"", form, StringComparison.Ordinal);
        Assert.Contains("Answer within three rings", form, StringComparison.Ordinal);
        Assert.DoesNotContain("Personal touch", form, StringComparison.Ordinal);

        var response = await owner.Client.SubmitAsync(Editor, Fields(
            ("Name", "Morning coffee"), ("Description", "From the door to the first sip."),
            ("Touchpoints[0].Name", "Order at the counter"), ("Touchpoints[0].Channel", "InPerson"), ("Touchpoints[0].Order", "0"),
            ("Touchpoints[0].AffectedBy", "Barista\nkitchen: Cook"), ("Touchpoints[0].StandardItemIds", "thanks"),
            ("Touchpoints[1].Name", ""), ("Touchpoints[1].Channel", "Web"), ("Touchpoints[1].Order", "1"),
            ("Touchpoints[2].Name", "Call to reserve"), ("Touchpoints[2].Channel", "Phone"), ("Touchpoints[2].Order", "1"),
            ("Touchpoints[2].StandardItemIds", "rings")), action: Editor + "?handler=save");

        Assert.Contains("Journey map \"Morning coffee\" created.", WebUtility.HtmlDecode(await response.HtmlAsync()), StringComparison.Ordinal);
        var journey = await OnlyJourneyAsync(owner);
        Assert.Equal("From the door to the first sip.", journey.GetProperty("description").GetString());
        var touchpoints = journey.GetProperty("touchpoints").EnumerateArray().ToList();
        Assert.Equal(["Order at the counter", "Call to reserve"], touchpoints.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(["InPerson", "Phone"], touchpoints.Select(t => t.GetProperty("channel").GetString()));
        var affected = touchpoints[0].GetProperty("affectedBy").EnumerateArray().ToList();
        Assert.Equal(["Barista", "Cook"], affected.Select(a => a.GetProperty("role").GetString()));
        Assert.Equal(JsonValueKind.Null, affected[0].GetProperty("departmentId").ValueKind);
        Assert.Equal(kitchen, affected[1].GetProperty("departmentId").GetString());
        Assert.Equal(["thanks"], touchpoints[0].GetProperty("standardItemIds").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["rings"], touchpoints[1].GetProperty("standardItemIds").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_leader_edits_a_map_keeping_a_touchpoint_removing_another_and_adding_one()
    {
        var owner = await platform.SignUpAsync();
        var (id, keptId, _) = await CreateJourneyAsync(owner);
        var page = await owner.Client.GetHtmlAsync($"{Editor}?id={id}");
        Assert.Contains("value=\"Greeting\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Farewell\"", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"{Editor}?id={id}&amp;handler=save\"", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"{Editor}?id={id}&amp;handler=delete\"", page, StringComparison.Ordinal);

        var response = await owner.Client.SubmitAsync($"{Editor}?id={id}", Fields(
            ("Revision", "1"), ("Name", "Visit, renamed"), ("Description", ""),
            ("Touchpoints[0].Id", keptId), ("Touchpoints[0].Name", "Warm greeting"), ("Touchpoints[0].Channel", "InPerson"), ("Touchpoints[0].Order", "0"),
            ("Touchpoints[1].Name", "Follow-up e-mail"), ("Touchpoints[1].Channel", "Email"), ("Touchpoints[1].Order", "5")), action: $"{Editor}?handler=save&id={id}");

        Assert.Contains("Journey map \"Visit, renamed\" saved.", WebUtility.HtmlDecode(await response.HtmlAsync()), StringComparison.Ordinal);
        var journey = await owner.GetJsonAsync($"{Journeys}/{id}");
        Assert.Equal("Visit, renamed", journey.GetProperty("name").GetString());
        Assert.Equal(2, journey.GetProperty("revision").GetInt64());
        var touchpoints = journey.GetProperty("touchpoints").EnumerateArray().ToList();
        Assert.Equal(["Warm greeting", "Follow-up e-mail"], touchpoints.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(keptId, touchpoints[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_refused_map_shows_each_message_next_to_its_row_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var (id, keptId, _) = await CreateJourneyAsync(owner);

        var response = await owner.Client.SubmitAsync($"{Editor}?id={id}", Fields(
            ("Revision", "1"), ("Name", ""),
            ("Touchpoints[0].Id", keptId), ("Touchpoints[0].Name", "Greeting"), ("Touchpoints[0].Channel", "InPerson"), ("Touchpoints[0].Order", "0"),
            ("Touchpoints[1].Name", ""), ("Touchpoints[1].Channel", "InPerson"), ("Touchpoints[1].Order", "1"),
            ("Touchpoints[2].Name", "Pay"), ("Touchpoints[2].Channel", "InPerson"), ("Touchpoints[2].Order", "-1"),
            ("Touchpoints[3].Name", "Linked"), ("Touchpoints[3].Channel", "InPerson"), ("Touchpoints[3].Order", "3"),
            ("Touchpoints[3].AffectedBy", "Nowhere: Host"), ("Touchpoints[3].StandardItemIds", "rings")), action: $"{Editor}?handler=save&id={id}");

        var html = await response.HtmlAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(WebForms.FieldError(html, "name"));
        Assert.Contains("at least 0", WebForms.FieldError(html, "touchpoints[2].order"), StringComparison.Ordinal);
        Assert.Contains("not a department", WebForms.FieldError(html, "touchpoints[3].affectedBy"), StringComparison.Ordinal);
        Assert.Contains("Nothing is published yet", WebForms.FieldError(html, "touchpoints[3].standardItemIds"), StringComparison.Ordinal);
        Assert.Null(WebForms.FieldError(html, "touchpoints[1].name"));
        Assert.Contains("value=\"Pay\"", html, StringComparison.Ordinal);
        var journey = await owner.GetJsonAsync($"{Journeys}/{id}");
        Assert.Equal("Visit", journey.GetProperty("name").GetString());
        Assert.Equal(1, journey.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task An_error_about_a_touchpoint_shows_next_to_its_row_when_an_empty_row_comes_before_it()
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.SubmitAsync(Editor, Fields(
            ("Name", "Visit"),
            ("Touchpoints[0].Name", ""), ("Touchpoints[0].Channel", "InPerson"), ("Touchpoints[0].Order", "0"),
            ("Touchpoints[1].Name", "Greeting"), ("Touchpoints[1].Channel", "Carrier pigeon"), ("Touchpoints[1].Order", "1")), action: Editor + "?handler=save");

        var html = await response.HtmlAsync();
        Assert.Contains("is not a channel", WebForms.FieldError(html, "touchpoints[1].channel"), StringComparison.Ordinal);
        Assert.Null(WebForms.FieldError(html, "touchpoints[0].channel"));
        Assert.Equal(0, (await owner.GetJsonAsync(Journeys)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_order_that_is_not_a_number_is_refused_next_to_its_row_and_nothing_is_created()
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.SubmitAsync(Editor, Fields(
            ("Name", "Visit"), ("Touchpoints[0].Name", "Greeting"), ("Touchpoints[0].Channel", "InPerson"), ("Touchpoints[0].Order", "soon")), action: Editor + "?handler=save");

        var html = await response.HtmlAsync();
        Assert.Contains("whole number", WebForms.FieldError(html, "touchpoints[0].order"), StringComparison.Ordinal);
        Assert.Contains("value=\"soon\"", html, StringComparison.Ordinal);
        Assert.Equal(0, (await owner.GetJsonAsync(Journeys)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_stale_revision_is_reported_for_a_save_and_a_delete_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var (id, keptId, _) = await CreateJourneyAsync(owner);
        var client = await platform.WithoutRedirectsAsync(owner);
        var token = await client.TokenAsync($"{Editor}?id={id}");
        // Someone else saves in between: the page's revision 1 is stale.
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Editor}?handler=save&id={id}", Fields(
            ("Revision", "1"), ("Name", "Theirs"), ("Touchpoints[0].Id", keptId), ("Touchpoints[0].Name", "Greeting"), ("Touchpoints[0].Channel", "InPerson"),
            ("Touchpoints[0].Order", "0"), ("__RequestVerificationToken", token)))).StatusCode);

        var save = await client.PostFormAsync($"{Editor}?handler=save&id={id}", Fields(
            ("Revision", "1"), ("Name", "Mine"), ("__RequestVerificationToken", token)));
        var delete = await client.PostFormAsync($"{Editor}?handler=delete&id={id}", Fields(("Revision", "1"), ("__RequestVerificationToken", token)));

        Assert.Contains("Someone changed this meanwhile", await save.HtmlAsync(), StringComparison.Ordinal);
        Assert.Contains("Someone changed this meanwhile", await delete.HtmlAsync(), StringComparison.Ordinal);
        var journey = await owner.GetJsonAsync($"{Journeys}/{id}");
        Assert.Equal("Theirs", journey.GetProperty("name").GetString());
        Assert.Equal(1, journey.GetProperty("touchpoints").GetArrayLength());
    }

    [Fact]
    public async Task A_leader_deletes_a_map_with_its_revision()
    {
        var owner = await platform.SignUpAsync();
        var (id, _, _) = await CreateJourneyAsync(owner);
        Assert.Contains("Edit or delete this journey map", await owner.Client.GetHtmlAsync("/app/journeys?id=" + id), StringComparison.Ordinal);

        var response = await owner.Client.SubmitAsync($"{Editor}?id={id}", Fields(("Revision", "1")), action: $"{Editor}?handler=delete&id={id}");

        Assert.Contains("Journey map \"Visit\" deleted.", WebUtility.HtmlDecode(await response.HtmlAsync()), StringComparison.Ordinal);
        Assert.Equal(0, (await owner.GetJsonAsync(Journeys)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_employee_reads_maps_but_is_refused_the_editor_and_its_forms()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var (id, _, _) = await CreateJourneyAsync(owner);
        var client = await platform.WithoutRedirectsAsync(employee);

        var read = await client.GetHtmlAsync("/app/journeys?id=" + id);
        Assert.Contains("Greeting", read, StringComparison.Ordinal);
        Assert.DoesNotContain("/app/journeys/edit", read, StringComparison.Ordinal);
        await client.AssertForbiddenPageAsync(Editor);
        var token = await client.TokenAsync("/app/journeys");
        AssertRefused(await client.PostFormAsync(Editor + "?handler=save", Fields(("Name", "Mine"), ("__RequestVerificationToken", token))));
        AssertRefused(await client.PostFormAsync($"{Editor}?handler=delete&id={id}", Fields(("Revision", "1"), ("__RequestVerificationToken", token))));

        var journeys = await owner.GetJsonAsync(Journeys);
        Assert.Equal(1, journeys.GetProperty("total").GetInt32());
        Assert.Equal(1, journeys.GetProperty("items")[0].GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task A_form_without_its_token_is_refused_and_another_organizations_map_is_not_found()
    {
        var owner = await platform.SignUpAsync();
        var (id, _, _) = await CreateJourneyAsync(owner);

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.PostFormAsync(Editor + "?handler=save", Fields(("Name", "No token")))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.PostFormAsync($"{Editor}?handler=delete&id={id}", Fields(("Revision", "1")))).StatusCode);

        var other = await platform.SignUpAsync();
        await other.Client.GetHtmlAsync($"{Editor}?id={id}", HttpStatusCode.NotFound);
        var response = await other.Client.PostFormAsync($"{Editor}?handler=delete&id={id}", Fields(("Revision", "1"), ("__RequestVerificationToken", await other.Client.TokenAsync(Editor))));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var journeys = await owner.GetJsonAsync(Journeys);
        Assert.Equal(1, journeys.GetProperty("total").GetInt32());
        Assert.Equal("Visit", journeys.GetProperty("items")[0].GetProperty("name").GetString());
    }

    private static async Task<JsonElement> OnlyJourneyAsync(ApiSession owner)
    {
        var list = await owner.GetJsonAsync(Journeys);
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        return await owner.GetJsonAsync($"{Journeys}/{list.GetProperty("items")[0].GetProperty("id").GetString()}");
    }

    /// <summary>A map "Visit" (revision 1) with the touchpoints Greeting (order 0) and Farewell (order 1).</summary>
    private static async Task<(string Id, string GreetingId, string FarewellId)> CreateJourneyAsync(ApiSession owner)
    {
        var journey = await owner.PostJsonAsync(Journeys, new
        {
            name = "Visit",
            touchpoints = new object[]
            {
                new { name = "Greeting", channel = "InPerson", order = 0 },
                new { name = "Farewell", channel = "InPerson", order = 1 },
            },
        });
        var touchpoints = journey.GetProperty("touchpoints");
        return (journey.GetProperty("id").GetString()!, touchpoints[0].GetProperty("id").GetString()!, touchpoints[1].GetProperty("id").GetString()!);
    }
}
