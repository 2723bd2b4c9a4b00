using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceVision.Testing;
using static ServiceVision.Web.Tests.PageSessions;

namespace ServiceVision.Web.Tests;

/// <summary>
/// The customer's answer page of a public survey link (/app/s/{token}): no sign-in, the same rules
/// as POST /api/v1/public/surveys/{token} (once per respondent, the link's cap, required answers),
/// its rate limit, and the leader's survey page linking to it.
/// </summary>
public sealed class PublicSurveyPageTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(ApiSession Owner, string SurveyId, string Token)> OpenLinkAsync(int? responseCap = null)
    {
        var owner = await platform.SignUpAsync();
        var location = await owner.CreateLocationAsync("Harbour");
        var created = await owner.Client.PostAsync(new Uri("/api/v1/surveys", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { kind = "CustomerFeedback", title = "How was your visit?" }), Ct);
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var surveyId = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(created.Content, Ct)).GetProperty("id").GetString()!;
        await ApiSessions.EnsureAsync(await ApiSessions.SendAsync(owner.Client, HttpMethod.Post, $"/api/v1/surveys/{surveyId}/open", null, created.Headers.ETag!.Tag), HttpStatusCode.OK);
        var link = await owner.PostJsonAsync($"/api/v1/surveys/{surveyId}/links", new { locationId = location, responseCap });
        return (owner, surveyId, link.GetProperty("token").GetString()!);
    }

    private HttpClient Customer() => platform.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    /// <summary>The responses the survey's links accepted this round (the results hide counts under the anonymity threshold).</summary>
    private static async Task<int> ResponsesAsync(ApiSession owner, string surveyId) =>
        (await owner.GetJsonAsync($"/api/v1/surveys/{surveyId}/links")).GetProperty("items").EnumerateArray().Sum(l => l.GetProperty("accepted").GetInt32());

    [Fact]
    public async Task A_customer_answers_without_signing_in_and_the_response_is_counted_in_the_results()
    {
        var (owner, surveyId, token) = await OpenLinkAsync();
        var customer = Customer();

        var page = await customer.GetHtmlAsync($"/app/s/{token}");
        Assert.Contains("How was your visit?", page, StringComparison.Ordinal);
        Assert.Contains("How satisfied are you with the service you received?", page, StringComparison.Ordinal);
        Assert.Contains("About your visit to <strong>Harbour</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in", page, StringComparison.Ordinal);

        var response = await customer.SubmitAsync($"/app/s/{token}?touchpoint=Checkout&channel=InStore", Fields(
            ("q-csat", "4"), ("q-nps", "9"), ("q-comment", "Friendly staff."), ("TouchpointGiven", "true"), ("Touchpoint", "Checkout"), ("Channel", "InStore")), action: $"/app/s/{token}");

        Assert.Equal($"/app/s/{token}/thanks", PathOf(response));
        Assert.Contains("Your answers have been received.", await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await ResponsesAsync(owner, surveyId));
    }

    [Fact]
    public async Task A_second_answer_from_the_same_browser_is_not_counted_again()
    {
        var (owner, surveyId, token) = await OpenLinkAsync();
        var customer = Customer();
        await customer.SubmitAsync($"/app/s/{token}", Fields(("q-csat", "5"), ("q-nps", "10")));

        var again = await customer.SubmitAsync($"/app/s/{token}", Fields(("q-csat", "1"), ("q-nps", "0")));

        Assert.Contains("You have answered this survey already", await again.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await ResponsesAsync(owner, surveyId));

        // Other browsers are other respondents; with five the results show them (anonymity threshold
        // 5), and the replay's 1 is not among them.
        for (var i = 0; i < 4; i++)
        {
            await Customer().SubmitAsync($"/app/s/{token}", Fields(("q-csat", "5"), ("q-nps", "9")));
        }

        var results = await owner.GetJsonAsync($"/api/v1/surveys/{surveyId}/results");
        Assert.Equal(5, results.GetProperty("responses").GetInt32());
        Assert.Equal(5m, results.GetProperty("scores").GetProperty("csatAverage").GetDecimal());
    }

    [Fact]
    public async Task A_missing_required_answer_is_named_next_to_its_question_and_nothing_is_stored()
    {
        var (owner, surveyId, token) = await OpenLinkAsync();
        var customer = Customer();

        var response = await customer.SubmitAsync($"/app/s/{token}", Fields(("q-csat", "2"), ("q-comment", "Cold coffee."), ("Touchpoint", "")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.Equal("Please answer this question.", WebForms.FieldError(html, "q-nps"));
        Assert.Null(WebForms.FieldError(html, "q-csat"));
        Assert.Null(WebForms.FieldError(html, "q-comment"));
        // What was typed is kept.
        Assert.Contains("Cold coffee.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2\" checked=\"checked\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await ResponsesAsync(owner, surveyId));
    }

    [Fact]
    public async Task An_answer_outside_the_rules_shows_the_apis_message_next_to_its_question()
    {
        var (owner, surveyId, token) = await OpenLinkAsync();

        var response = await Customer().SubmitAsync($"/app/s/{token}", Fields(("q-csat", "9"), ("q-nps", "8"), ("Touchpoint", new string('x', 101))));

        var html = await response.HtmlAsync();
        Assert.Equal("Give a whole number from 1 to 5.", WebForms.FieldError(html, "q-csat"));
        Assert.NotNull(WebForms.FieldError(html, "touchpoint"));
        Assert.Equal(0, await ResponsesAsync(owner, surveyId));
    }

    [Fact]
    public async Task Unknown_and_revoked_links_answer_with_a_not_found_page()
    {
        var (owner, surveyId, token) = await OpenLinkAsync();
        var customer = Customer();
        var form = await customer.GetHtmlAsync($"/app/s/{token}");
        var links = await owner.GetJsonAsync($"/api/v1/surveys/{surveyId}/links");
        var linkId = links.GetProperty("items")[0].GetProperty("id").GetString();
        await ApiSessions.EnsureAsync(await ApiSessions.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/surveys/{surveyId}/links/{linkId}"), HttpStatusCode.NoContent);

        var unknown = await customer.GetHtmlAsync("/app/s/sl_0123456789abcdef", HttpStatusCode.NotFound);
        var revoked = await customer.GetHtmlAsync($"/app/s/{token}", HttpStatusCode.NotFound);
        var posted = await customer.PostFormAsync($"/app/s/{token}", Fields(("q-csat", "5"), ("q-nps", "9"), ("__RequestVerificationToken", WebForms.TokenOf(form))));

        Assert.Contains("This survey link does not exist or is no longer in use.", unknown, StringComparison.Ordinal);
        Assert.Contains("This survey link does not exist or is no longer in use.", revoked, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Equal(0, await ResponsesAsync(owner, surveyId));
    }

    [Fact]
    public async Task A_link_at_its_cap_says_so_and_takes_no_more_responses()
    {
        var (owner, surveyId, token) = await OpenLinkAsync(responseCap: 1);
        await Customer().SubmitAsync($"/app/s/{token}", Fields(("q-csat", "5"), ("q-nps", "9")));

        var refused = await Customer().SubmitAsync($"/app/s/{token}", Fields(("q-csat", "4"), ("q-nps", "8")));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("This link has reached its response limit.", await refused.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await ResponsesAsync(owner, surveyId));
    }

    [Fact]
    public async Task A_closed_survey_says_it_takes_no_answers()
    {
        var (owner, surveyId, token) = await OpenLinkAsync();
        var survey = await owner.Client.GetAsync(new Uri($"/api/v1/surveys/{surveyId}", UriKind.Relative), Ct);
        await ApiSessions.EnsureAsync(await ApiSessions.SendAsync(owner.Client, HttpMethod.Post, $"/api/v1/surveys/{surveyId}/close", null, survey.Headers.ETag!.Tag), HttpStatusCode.OK);

        var html = await Customer().GetHtmlAsync($"/app/s/{token}", HttpStatusCode.Conflict);

        Assert.Contains("This survey is not open for responses.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_its_anti_forgery_token_is_refused_and_stores_nothing()
    {
        var (owner, surveyId, token) = await OpenLinkAsync();
        var customer = Customer();
        await customer.GetHtmlAsync($"/app/s/{token}");

        var response = await customer.PostFormAsync($"/app/s/{token}", Fields(("q-csat", "5"), ("q-nps", "9")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await ResponsesAsync(owner, surveyId));
    }

    [Fact]
    public async Task The_page_is_rate_limited_per_address_and_link_like_the_api()
    {
        await using var host = platform.WithWebHostBuilder(b => b.UseSetting("Surveys:PublicPermitsPerMinute", "3"));
        var ownerClient = host.CreateClient();
        var slug = "org-" + Guid.NewGuid().ToString("N")[..12];
        await ApiSessions.EnsureAsync(await ownerClient.PostAsync(new Uri("/api/v1/signup", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new
        {
            organizationName = "Acme " + slug,
            slug,
            ownerName = "Olivia Owner",
            email = $"owner-{Guid.NewGuid():N}@example.com",
            password = "correct horse battery staple",
        }), Ct), HttpStatusCode.Created);
        var owner = new ApiSession(ownerClient, "", "", "", "");
        var created = await owner.PostJsonAsync("/api/v1/surveys", new { kind = "CustomerFeedback", title = "Quick" });
        var surveyId = created.GetProperty("id").GetString()!;
        var current = await ownerClient.GetAsync(new Uri($"/api/v1/surveys/{surveyId}", UriKind.Relative), Ct);
        await ApiSessions.EnsureAsync(await ApiSessions.SendAsync(ownerClient, HttpMethod.Post, $"/api/v1/surveys/{surveyId}/open", null, current.Headers.ETag!.Tag), HttpStatusCode.OK);
        var token = (await owner.PostJsonAsync($"/api/v1/surveys/{surveyId}/links", new { })).GetProperty("token").GetString()!;
        var customer = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await customer.GetAsync(new Uri($"/app/s/{token}", UriKind.Relative), Ct)).StatusCode);
        }

        // The page and the API share one window per address and link.
        var api = await customer.GetAsync(new Uri($"/api/v1/public/surveys/{token}", UriKind.Relative), Ct);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
    }

    [Fact]
    public async Task The_leaders_survey_page_shows_the_answer_page_and_keeps_the_api_address()
    {
        var (owner, surveyId, token) = await OpenLinkAsync();

        var html = await owner.Client.GetHtmlAsync($"/app/surveys/{surveyId}");

        Assert.Contains($"/app/s/{token}</p>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"http://localhost/app/s/{token}\"", html, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/public/surveys/{token}</p>", html, StringComparison.Ordinal);
    }
}
