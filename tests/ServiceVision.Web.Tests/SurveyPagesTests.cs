using System.Net;
using System.Text.RegularExpressions;
using ServiceVision.Testing;
using static ServiceVision.Web.Tests.PageSessions;

namespace ServiceVision.Web.Tests;

/// <summary>Building and distributing surveys in the web app: the builder, a survey's page with its public links and distribution.</summary>
public sealed partial class SurveyPagesTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_leader_builds_a_survey_with_its_questions_and_the_api_serves_it()
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.SubmitAsync("/app/surveys/new", Fields(
            ("Kind", "Pulse"), ("Title", "Do we live it?"), ("Description", "Five minutes."), ("Recurrence", "Monthly"),
            ("Questions[0].Text", "I know our vision."), ("Questions[0].Type", "Scale"), ("Questions[0].Metric", "Pulse"), ("Questions[0].Required", "true"),
            ("Questions[1].Text", ""), ("Questions[1].Type", "Scale"),
            ("Questions[2].Text", "Which pillar is hardest?"), ("Questions[2].Type", "SingleChoice"), ("Questions[2].Choices", "Personal touch\r\nPromises kept\r\n"), ("Questions[2].Metric", "None")));

        var path = PathOf(response);
        Assert.Matches("^/app/surveys/svy_[0-9a-f]+$", path);
        Assert.Contains("created as a draft with 2 question(s)", await response.HtmlAsync(), StringComparison.Ordinal);
        var survey = await owner.GetJsonAsync("/api/v1/surveys/" + path[(path.LastIndexOf('/') + 1)..]);
        Assert.Equal("Do we live it?", survey.GetProperty("title").GetString());
        Assert.Equal("Monthly", survey.GetProperty("recurrence").GetString());
        var questions = survey.GetProperty("questions");
        Assert.Equal(2, questions.GetArrayLength());
        Assert.Equal("Scale", questions[0].GetProperty("type").GetString());
        Assert.True(questions[0].GetProperty("required").GetBoolean());
        Assert.Equal("Pulse", questions[0].GetProperty("metric").GetString());
        Assert.Equal("SingleChoice", questions[1].GetProperty("type").GetString());
        Assert.False(questions[1].GetProperty("required").GetBoolean());
        Assert.Equal(["Personal touch", "Promises kept"], questions[1].GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_survey_without_question_rows_starts_with_the_kinds_standard_questions()
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.SubmitAsync("/app/surveys/new", Fields(("Kind", "CustomerFeedback"), ("Title", "Guest feedback"), ("Questions[0].Text", ""), ("Questions[0].Type", "Scale")));

        var path = PathOf(response);
        var survey = await owner.GetJsonAsync("/api/v1/surveys/" + path[(path.LastIndexOf('/') + 1)..]);
        Assert.Equal(["csat", "nps", "comment"], survey.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_refused_survey_shows_each_message_next_to_its_field_and_row_and_creates_nothing()
    {
        var owner = await platform.SignUpAsync();

        // Row 1 is left empty (not a question); row 2 is a choice question with one choice: the error names row 2.
        var response = await owner.Client.SubmitAsync("/app/surveys/new", Fields(
            ("Kind", "Pulse"), ("Title", ""),
            ("Questions[0].Text", "I know our vision."), ("Questions[0].Type", "Scale"),
            ("Questions[1].Text", ""), ("Questions[1].Type", "Scale"),
            ("Questions[2].Text", "Pick one"), ("Questions[2].Type", "SingleChoice"), ("Questions[2].Choices", "Only one")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "title"));
        Assert.Contains("2 to 20 choices", WebForms.FieldError(html, "questions[2].choices"), StringComparison.Ordinal);
        Assert.Null(WebForms.FieldError(html, "questions[0].choices"));
        Assert.Contains("value=\"Pick one\"", html, StringComparison.Ordinal);
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/surveys")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Adding_a_question_row_keeps_what_was_typed_and_saves_nothing()
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.SubmitAsync("/app/surveys/new", Fields(("Kind", "Pulse"), ("Title", "Kept title"), ("Questions[0].Text", "Kept question"), ("Questions[0].Type", "FreeText")), action: "/app/surveys/new?handler=addQuestion");

        var html = await response.HtmlAsync();
        Assert.Contains("Question 2: text", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Question 3: text", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Kept title\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Kept question\"", html, StringComparison.Ordinal);
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/surveys")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_leader_distributes_a_pulse_survey_to_a_department_and_its_member_is_invited()
    {
        var owner = await platform.SignUpAsync();
        var kitchen = await owner.CreateDepartmentAsync("Kitchen");
        var cook = await platform.InviteMemberAsync(owner, "Employee", departmentId: kitchen);
        await platform.InviteMemberAsync(owner, "Employee");
        var surveyId = await CreateSurveyAsync(owner, "Pulse", "Kitchen pulse");
        var page = $"/app/surveys/{surveyId}";

        var response = await owner.Client.SubmitAsync(page, Fields(("DepartmentId", kitchen), ("Role", ""), ("LocationId", "")), action: page + "?handler=distribute");

        Assert.Contains("Invited 1 member(s).", await response.HtmlAsync(), StringComparison.Ordinal);
        var survey = await owner.GetJsonAsync("/api/v1/surveys/" + surveyId);
        Assert.Equal(1, survey.GetProperty("distributions")[0].GetProperty("invited").GetInt32());
        var mine = await cook.GetJsonAsync("/api/v1/surveys/mine");
        Assert.Equal(surveyId, mine.GetProperty("items")[0].GetProperty("surveyId").GetString());
    }

    [Fact]
    public async Task A_distribution_to_an_unknown_location_is_refused_next_to_the_field_and_invites_nobody()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await CreateSurveyAsync(owner, "Pulse", "Pulse");
        var page = $"/app/surveys/{surveyId}";

        var response = await owner.Client.SubmitAsync(page, Fields(("DepartmentId", ""), ("Role", ""), ("LocationId", "loc_unknown")), action: page + "?handler=distribute");

        Assert.Equal("There is no such location.", WebForms.FieldError(await response.HtmlAsync(), "locationId"));
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/surveys/" + surveyId)).GetProperty("distributions").GetArrayLength());
    }

    [Fact]
    public async Task A_public_link_for_a_location_is_shown_as_an_address_customers_can_answer()
    {
        var owner = await platform.SignUpAsync();
        var harbour = await owner.CreateLocationAsync("Harbour branch");
        var surveyId = await CreateSurveyAsync(owner, "CustomerFeedback", "Guest feedback");
        var page = $"/app/surveys/{surveyId}";
        var opened = await owner.Client.SubmitAsync(page, Fields(("Revision", "1")), action: page + "?handler=open");
        Assert.Contains("The survey is open for responses.", await opened.HtmlAsync(), StringComparison.Ordinal);

        var response = await owner.Client.SubmitAsync(page, Fields(("LocationId", harbour), ("ResponseCap", "")), action: page + "?handler=link");

        var html = await response.HtmlAsync();
        Assert.Contains("Public link for Harbour branch created.", html, StringComparison.Ordinal);
        var address = PublicLink().Match(html);
        Assert.True(address.Success, "The page shows the link's address.");
        var form = await platform.CreateClient().GetAsync(new Uri(new Uri(address.Value).PathAndQuery, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var links = await owner.GetJsonAsync($"/api/v1/surveys/{surveyId}/links");
        Assert.Equal("Harbour branch", links.GetProperty("items")[0].GetProperty("locationName").GetString());
    }

    [Fact]
    public async Task A_link_with_a_cap_out_of_range_is_refused_next_to_the_field_and_none_is_made()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await CreateSurveyAsync(owner, "CustomerFeedback", "Guest feedback");
        var page = $"/app/surveys/{surveyId}";

        var response = await owner.Client.SubmitAsync(page, Fields(("LocationId", ""), ("ResponseCap", "0")), action: page + "?handler=link");

        Assert.NotNull(WebForms.FieldError(await response.HtmlAsync(), "responseCap"));
        Assert.Equal(0, (await owner.GetJsonAsync($"/api/v1/surveys/{surveyId}/links")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Opening_with_a_stale_revision_is_refused_and_the_survey_stays_a_draft()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await CreateSurveyAsync(owner, "Pulse", "Pulse");
        var page = $"/app/surveys/{surveyId}";

        var response = await owner.Client.SubmitAsync(page, Fields(("Revision", "7")), action: page + "?handler=open");

        Assert.Contains("Someone changed this meanwhile", await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal("Draft", (await owner.GetJsonAsync("/api/v1/surveys/" + surveyId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_surveys_list_links_to_the_builder_and_to_each_surveys_page()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await CreateSurveyAsync(owner, "Pulse", "Listed pulse");

        var html = await owner.Client.GetHtmlAsync("/app/surveys");

        Assert.Contains("href=\"/app/surveys/new\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/app/surveys/{surveyId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/app/surveys?id={surveyId}\"", await owner.Client.GetHtmlAsync($"/app/surveys/{surveyId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_employee_can_neither_open_the_survey_pages_nor_post_their_forms()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var surveyId = await CreateSurveyAsync(owner, "Pulse", "Pulse");
        var client = await platform.WithoutRedirectsAsync(employee);

        await client.AssertForbiddenPageAsync("/app/surveys/new");
        await client.AssertForbiddenPageAsync($"/app/surveys/{surveyId}");
        var token = await client.TokenAsync();
        AssertRefused(await client.PostFormAsync("/app/surveys/new", Fields(("Kind", "Pulse"), ("Title", "Not mine"), ("__RequestVerificationToken", token))));
        AssertRefused(await client.PostFormAsync($"/app/surveys/{surveyId}?handler=distribute", Fields(("__RequestVerificationToken", token))));

        Assert.Equal(1, (await owner.GetJsonAsync("/api/v1/surveys")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/surveys/" + surveyId)).GetProperty("distributions").GetArrayLength());
    }

    [Fact]
    public async Task A_survey_form_posted_without_its_anti_forgery_token_is_refused_and_creates_nothing()
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.PostFormAsync("/app/surveys/new", Fields(("Kind", "Pulse"), ("Title", "No token")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/surveys")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Another_organizations_survey_page_is_not_found()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await CreateSurveyAsync(owner, "Pulse", "Secret pulse of A");
        var other = await platform.SignUpAsync();

        await other.Client.GetHtmlAsync($"/app/surveys/{surveyId}", HttpStatusCode.NotFound);
        var token = await other.Client.TokenAsync();
        var post = await other.Client.PostFormAsync($"/app/surveys/{surveyId}?handler=open", Fields(("Revision", "1"), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("Draft", (await owner.GetJsonAsync("/api/v1/surveys/" + surveyId)).GetProperty("status").GetString());
    }

    private static async Task<string> CreateSurveyAsync(ApiSession owner, string kind, string title) =>
        (await owner.PostJsonAsync("/api/v1/surveys", new { kind, title })).GetProperty("id").GetString()!;

    [GeneratedRegex(@"https?://[^<\s""]+/api/v1/public/surveys/sl_[0-9a-f]+")]
    private static partial Regex PublicLink();
}
