using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceVision.Testing;

namespace ServiceVision.Web.Tests;

/// <summary>The web app over HTTP (no browser): sign-up and sign-in, redirects, anti-forgery, validation next to fields, roles, tenants.</summary>
public sealed class PageTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient NoRedirects() => platform.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task A_member_page_sends_a_visitor_to_sign_in_with_the_page_as_return_url()
    {
        var response = await NoRedirects().GetAsync(new Uri("/app/vision/drafts", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/app/sign-in?returnUrl=%2Fapp%2Fvision%2Fdrafts", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Signing_up_in_the_form_creates_the_organization_and_opens_its_home()
    {
        var client = platform.CreateClient();
        var slug = "web-" + Guid.NewGuid().ToString("N")[..10];

        var response = await client.SubmitAsync("/app/sign-up", Fields(
            ("OrganizationName", "Harbour Hotel " + slug), ("Slug", slug), ("OwnerName", "Hana Host"),
            ("Email", $"{slug}@example.com"), ("Password", "a long enough password")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/app", response.RequestMessage!.RequestUri!.AbsolutePath);
        var html = await response.HtmlAsync();
        Assert.Contains("Harbour Hotel " + slug, html, StringComparison.Ordinal);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me", Ct);
        Assert.Equal("Owner", me.GetProperty("member").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Sign_up_shows_each_refused_field_next_to_it_and_creates_nothing()
    {
        var client = platform.CreateClient();

        var response = await client.SubmitAsync("/app/sign-up", Fields(("OrganizationName", ""), ("Slug", "Not A Slug!"), ("OwnerName", "Ann"), ("Email", "not-an-address"), ("Password", "short")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "organizationName"));
        Assert.NotNull(WebForms.FieldError(html, "slug"));
        Assert.NotNull(WebForms.FieldError(html, "email"));
        Assert.NotNull(WebForms.FieldError(html, "password"));
        Assert.Null(WebForms.FieldError(html, "ownerName"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var before = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/vision/drafts", Ct);

        var response = await owner.Client.PostFormAsync("/app/vision/drafts", Fields(("Statement", "We make every guest feel at home.")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/vision/drafts", Ct);
        Assert.Equal(before.GetProperty("total").GetInt32(), after.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Sign_in_goes_back_to_a_local_return_url_but_never_to_another_site()
    {
        var owner = await platform.SignUpAsync();
        var client = NoRedirects();
        var page = await client.GetHtmlAsync("/app/sign-in?returnUrl=%2Fapp%2Fvision");
        var token = WebForms.TokenOf(page);

        var local = await client.PostFormAsync("/app/sign-in?returnUrl=%2Fapp%2Fvision", Fields(("Email", owner.Email), ("Password", owner.Password), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, local.StatusCode);
        Assert.Equal("/app/vision", local.Headers.Location!.OriginalString);

        var other = NoRedirects();
        var otherToken = WebForms.TokenOf(await other.GetHtmlAsync("/app/sign-in"));
        var foreign = await other.PostFormAsync("/app/sign-in?returnUrl=https%3A%2F%2Fevil.example%2F", Fields(("Email", owner.Email), ("Password", owner.Password), ("__RequestVerificationToken", otherToken)));
        Assert.Equal(HttpStatusCode.Redirect, foreign.StatusCode);
        Assert.Equal("/app", foreign.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_wrong_password_shows_one_message_and_the_page_and_the_api_share_the_lockout()
    {
        var owner = await platform.SignUpAsync();
        var client = platform.CreateClient();

        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await client.SubmitAsync("/app/sign-in", Fields(("Email", owner.Email), ("Password", "wrong password " + i)));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Contains("Too many failed sign-ins", await last.HtmlAsync(), StringComparison.Ordinal);
        var api = await platform.CreateClient().PostAsJsonAsync("/api/v1/auth/sign-in", new { email = owner.Email, password = owner.Password }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_says_so_without_telling_which_part_was_wrong()
    {
        var owner = await platform.SignUpAsync();

        var response = await platform.CreateClient().SubmitAsync("/app/sign-in", Fields(("Email", owner.Email), ("Password", "not the password")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The e-mail address or the password is wrong.", await response.HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var owner = await platform.SignUpAsync();
        var token = WebForms.TokenOf(await owner.Client.GetHtmlAsync("/app"));

        var response = await owner.Client.PostFormAsync("/app/sign-out", Fields(("__RequestVerificationToken", token)));

        Assert.Equal("/app/sign-in", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.Client.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task The_draft_editor_saves_items_and_shows_a_refused_item_next_to_its_row()
    {
        var owner = await platform.SignUpAsync();
        var created = await owner.Client.SubmitAsync("/app/vision/drafts", Fields(("Statement", "We make every guest feel at home.")));
        var draftUrl = created.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.StartsWith("/app/vision/drafts/", draftUrl, StringComparison.Ordinal);

        var saved = await owner.Client.SubmitAsync(draftUrl, Fields(
            ("Revision", "1"), ("Statement", "We make every guest feel at home."),
            ("Items[0].Kind", "Pillar"), ("Items[0].Text", "Personal touch"),
            ("Items[1].Kind", "Pillar"), ("Items[1].Text", "")), action: draftUrl + "?handler=save");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var draftId = draftUrl[(draftUrl.LastIndexOf('/') + 1)..];
        var draft = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/vision/drafts/{draftId}", Ct);
        Assert.Equal("Personal touch", draft.GetProperty("items")[0].GetProperty("text").GetString());
        var revision = draft.GetProperty("revision").GetInt64();

        // Row 1 is left empty (not an item); row 2 is a sub-pillar without its pillar: the error names row 2.
        var refused = await owner.Client.SubmitAsync(draftUrl, Fields(
            ("Revision", revision.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Statement", "We make every guest feel at home."),
            ("Items[0].Kind", "Pillar"), ("Items[0].Text", ""),
            ("Items[1].Kind", "Pillar"), ("Items[1].Text", ""),
            ("Items[2].Kind", "SubPillar"), ("Items[2].Text", "Use the guest's name")), action: draftUrl + "?handler=save");
        var html = await refused.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "items[2].parentId"));
        var unchanged = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/vision/drafts/{draftId}", Ct);
        Assert.Equal(revision, unchanged.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task A_stale_draft_edit_is_refused_with_a_message_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var created = await owner.Client.SubmitAsync("/app/vision/drafts", Fields(("Statement", "First words.")));
        var draftUrl = created.RequestMessage!.RequestUri!.AbsolutePath;

        var stale = await owner.Client.SubmitAsync(draftUrl, Fields(("Revision", "0"), ("Statement", "Other words.")), action: draftUrl + "?handler=save");

        Assert.Contains("Someone changed this meanwhile", await stale.HtmlAsync(), StringComparison.Ordinal);
        var draft = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/vision/drafts/" + draftUrl[(draftUrl.LastIndexOf('/') + 1)..], Ct);
        Assert.Equal("First words.", draft.GetProperty("statement").GetString());
    }

    [Fact]
    public async Task The_findings_handler_checks_the_statement_as_typed()
    {
        var owner = await platform.SignUpAsync();
        var created = await owner.Client.SubmitAsync("/app/vision/drafts", Fields(("Statement", "")));
        var draftUrl = created.RequestMessage!.RequestUri!.AbsolutePath;

        var empty = await owner.Client.GetFromJsonAsync<JsonElement>(draftUrl + "?handler=findings&statement=", Ct);
        Assert.False(empty.GetProperty("meetsAllCriteria").GetBoolean());
        Assert.NotEqual(0, empty.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task An_employee_cannot_open_leader_pages_or_post_their_forms()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var client = platform.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInAsync(client, employee);

        var page = await client.GetAsync(new Uri("/app/rollouts", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/app/forbidden?returnUrl=", page.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var token = WebForms.TokenOf(await client.GetHtmlAsync("/app/vision/drafts"));
        var post = await client.PostFormAsync("/app/vision/drafts", Fields(("Statement", "Employees may not draft."), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var drafts = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/vision/drafts", Ct);
        Assert.Equal(0, drafts.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Every_navigation_link_opens_for_the_owner_and_for_an_employee()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");

        foreach (var session in new[] { owner, employee })
        {
            var links = WebForms.NavLinks(await session.Client.GetHtmlAsync("/app"));
            Assert.Contains("/app/vision", links);
            foreach (var link in links)
            {
                await session.Client.GetHtmlAsync(link);
            }
        }
    }

    [Fact]
    public async Task Another_organizations_draft_is_not_found()
    {
        var a = await platform.SignUpAsync();
        var b = await platform.SignUpAsync();
        var created = await a.Client.SubmitAsync("/app/vision/drafts", Fields(("Statement", "Secret words of A.")));
        var draftUrl = created.RequestMessage!.RequestUri!.AbsolutePath;

        var response = await b.Client.GetAsync(new Uri(draftUrl, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Secret words of A.", await response.HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apps_stylesheet_and_script_are_served_by_the_app_under_its_security_policy()
    {
        var client = platform.CreateClient();

        var css = await client.GetAsync(new Uri("/app/assets/site.css", UriKind.Relative), Ct);
        var js = await client.GetAsync(new Uri("/app/assets/site.js", UriKind.Relative), Ct);
        var page = await client.GetAsync(new Uri("/app/sign-in", UriKind.Relative), Ct);

        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Equal("text/javascript", js.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/app/assets/missing.js", UriKind.Relative), Ct)).StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", await page.HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_link_from_the_members_page_lets_the_invitee_join()
    {
        var owner = await platform.SignUpAsync();
        var invited = await owner.Client.SubmitAsync("/app/members", Fields(("Name", "Lea Leader"), ("Email", $"lea-{Guid.NewGuid():N}@example.com"), ("Role", "Leader")));
        var html = await invited.HtmlAsync();
        var link = System.Text.RegularExpressions.Regex.Match(html, "id=\"invitation-link\">([^<]+)<").Groups[1].Value;
        var path = new Uri(WebUtility.HtmlDecode(link)).PathAndQuery;

        var invitee = platform.CreateClient();
        var joined = await invitee.SubmitAsync(path, Fields(("Name", ""), ("Password", "a long enough password")));

        Assert.Equal("/app", joined.RequestMessage!.RequestUri!.AbsolutePath);
        var me = await invitee.GetFromJsonAsync<JsonElement>("/api/v1/me", Ct);
        Assert.Equal("Leader", me.GetProperty("member").GetProperty("role").GetString());
        Assert.Equal(owner.OrganizationId, me.GetProperty("organization").GetProperty("id").GetString());

        var again = await platform.CreateClient().SubmitAsync(path, Fields(("Password", "a long enough password")));
        Assert.Contains("not valid any more", await again.HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recognition_given_on_the_page_shows_in_the_feed_and_a_missing_colleague_is_named()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee", name: "Emil Employee");
        var vision = await platform.PublishVisionAsync(owner, "We make every guest feel at home.", [new { kind = "Pillar", text = "Personal touch", order = 0 }]);
        var pillarId = vision.GetProperty("items")[0].GetProperty("id").GetString()!;

        var refused = await owner.Client.SubmitAsync("/app/recognition", Fields(("MemberId", ""), ("Story", "Found a lost passport."), ("PillarIds", pillarId)));
        Assert.NotNull(WebForms.FieldError(await refused.HtmlAsync(), "memberId"));

        var given = await owner.Client.SubmitAsync("/app/recognition", Fields(("MemberId", employee.MemberId), ("Story", "Drove a guest's forgotten passport to the airport."), ("PillarIds", pillarId)));
        var html = await given.HtmlAsync();
        Assert.Contains("Emil Employee is recognized.", html, StringComparison.Ordinal);
        Assert.Contains("Drove a guest&#x27;s forgotten passport to the airport.", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Recognitions per pillar\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leader_sees_a_surveys_rounds_and_another_organizations_survey_is_not_found()
    {
        var owner = await platform.SignUpAsync();
        var created = await owner.Client.PostAsJsonAsync("/api/v1/surveys", new { kind = "CustomerFeedback", title = "Guest feedback" }, Ct);
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var surveyId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        using (var open = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/surveys/{surveyId}/open"))
        {
            open.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);
            await ApiSessions.EnsureAsync(await owner.Client.SendAsync(open, Ct), HttpStatusCode.OK);
        }

        var list = await owner.Client.GetHtmlAsync("/app/surveys");
        Assert.Contains("Guest feedback", list, StringComparison.Ordinal);
        var detail = await owner.Client.GetHtmlAsync("/app/surveys?id=" + surveyId);
        Assert.Contains("Guest feedback: scores per round", detail, StringComparison.Ordinal);
        Assert.Contains("<td>1</td>", detail, StringComparison.Ordinal);

        var other = await platform.SignUpAsync();
        await other.Client.GetHtmlAsync("/app/surveys?id=" + surveyId, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_journey_map_shows_its_touchpoints_in_order_and_only_to_its_organization()
    {
        var owner = await platform.SignUpAsync();
        var created = await owner.Client.PostAsJsonAsync("/api/v1/service-design/journeys", new
        {
            name = "Morning coffee",
            touchpoints = new object[]
            {
                new { name = "First sip", channel = "InPerson", order = 1 },
                new { name = "Order at the counter", channel = "InPerson", order = 0 },
            },
        }, Ct);
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var journeyId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        var html = await owner.Client.GetHtmlAsync("/app/journeys?id=" + journeyId);

        Assert.True(html.IndexOf("Order at the counter", StringComparison.Ordinal) < html.IndexOf("First sip", StringComparison.Ordinal));
        var other = await platform.SignUpAsync();
        await other.Client.GetHtmlAsync("/app/journeys?id=" + journeyId, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_hiring_page_shows_the_scorecard_of_the_published_vision()
    {
        var owner = await platform.SignUpAsync();
        Assert.Contains("publish a vision</a> first", await owner.Client.GetHtmlAsync("/app/hiring"), StringComparison.Ordinal);

        await platform.PublishVisionAsync(owner, "We make every guest feel at home.", [new { kind = "Pillar", text = "Personal touch", order = 0 }]);

        Assert.Contains("Personal touch", await owner.Client.GetHtmlAsync("/app/hiring"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_page_shows_the_vision_step_done_only_once_a_version_is_published()
    {
        var owner = await platform.SignUpAsync();
        var before = await owner.Client.GetHtmlAsync("/app/plan");
        Assert.Contains("0 of 8 steps done", before, StringComparison.Ordinal);
        Assert.Contains("state-notstarted", VisionStep(before), StringComparison.Ordinal);

        await platform.PublishVisionAsync(owner, "We make every guest feel at home.", [new { kind = "Pillar", text = "Personal touch", order = 0 }]);

        var after = await owner.Client.GetHtmlAsync("/app/plan");
        Assert.Contains("state-done", VisionStep(after), StringComparison.Ordinal);
        Assert.Contains("1 of 8 steps done", after, StringComparison.Ordinal);

        static string VisionStep(string html)
        {
            var start = html.IndexOf("id=\"step-Vision\"", StringComparison.Ordinal);
            Assert.True(start >= 0, "the plan lists the vision step");
            return html[start..html.IndexOf("</li>", start, StringComparison.Ordinal)];
        }
    }

    private static async Task SignInAsync(HttpClient client, ApiSession session)
    {
        var token = WebForms.TokenOf(await client.GetHtmlAsync("/app/sign-in"));
        var response = await client.PostFormAsync("/app/sign-in", Fields(("Email", session.Email), ("Password", session.Password), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static List<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        [.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))];
}
