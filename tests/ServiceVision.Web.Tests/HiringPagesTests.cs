using System.Net;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Web.Tests.PageSessions;

namespace ServiceVision.Web.Tests;

/// <summary>The hiring pages: leaders' interview questions, candidates, evaluations and the recommendation, as the hiring API does.</summary>
public sealed class HiringPagesTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Statement = "We greet every guest by name and make each visit feel personal.";
    private const string Candidates = "/api/v1/hiring/candidates";

    // Client-chosen item ids, so criterion ids are predictable: pillar-{id}, standard-{id}, never-always.
    private static readonly object[] Items =
    [
        new { id = "personal", kind = "Pillar", text = "Personal touch", order = 0 },
        new { id = "rings", kind = "Standard", text = "Answer within three rings", order = 1 },
    ];

    [Fact]
    public async Task A_leader_adds_an_interview_question_to_a_criterion_and_removes_it()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);

        var added = await owner.Client.SubmitAsync("/app/hiring", Fields(("CriterionId", "standard-rings"), ("Text", "How do you cover the phone at rush hour?")), action: "/app/hiring?handler=addQuestion");

        Assert.Contains("Question added.", await added.HtmlAsync(), StringComparison.Ordinal);
        var questions = LeaderQuestions(await owner.GetJsonAsync("/api/v1/hiring/scorecard"), "standard-rings");
        var question = Assert.Single(questions);
        Assert.Equal("How do you cover the phone at rush hour?", question.GetProperty("text").GetString());

        var removed = await owner.Client.SubmitAsync("/app/hiring", Fields(("CriterionId", "standard-rings"), ("QuestionId", question.GetProperty("id").GetString()!)), action: "/app/hiring?handler=removeQuestion");

        Assert.Contains("Question removed.", await removed.HtmlAsync(), StringComparison.Ordinal);
        Assert.Empty(LeaderQuestions(await owner.GetJsonAsync("/api/v1/hiring/scorecard"), "standard-rings"));
    }

    [Fact]
    public async Task An_empty_question_is_refused_next_to_its_criterions_form_and_adds_nothing()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);

        var response = await owner.Client.SubmitAsync("/app/hiring", Fields(("CriterionId", "pillar-personal"), ("Text", "  ")), action: "/app/hiring?handler=addQuestion");

        var html = await response.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "text"));
        // The message is inside the refused criterion's card, not another's.
        var card = html[html.IndexOf("data-criterion=\"pillar-personal\"", StringComparison.Ordinal)..html.IndexOf("data-criterion=\"standard-rings\"", StringComparison.Ordinal)];
        Assert.Contains("field-error", card, StringComparison.Ordinal);
        Assert.Empty(LeaderQuestions(await owner.GetJsonAsync("/api/v1/hiring/scorecard"), "pillar-personal"));
    }

    [Fact]
    public async Task A_leader_adds_a_candidate_and_lands_on_their_page()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);

        var response = await owner.Client.SubmitAsync("/app/hiring", Fields(("Name", "Ada Applicant"), ("Position", "Barista"), ("Email", "ada@example.com")), action: "/app/hiring?handler=addCandidate");

        var html = await response.HtmlAsync();
        Assert.StartsWith("/app/hiring/candidates/", PathOf(response), StringComparison.Ordinal);
        Assert.Contains("Ada Applicant added", html, StringComparison.Ordinal);
        Assert.Contains("Your evaluation", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"{PathOf(response)}?handler=evaluate\"", html, StringComparison.Ordinal);
        var candidate = (await owner.GetJsonAsync(Candidates)).GetProperty("items")[0];
        Assert.Equal("Ada Applicant", candidate.GetProperty("name").GetString());
        Assert.Equal("Barista", candidate.GetProperty("position").GetString());
        Assert.Contains("Ada Applicant", await owner.Client.GetHtmlAsync("/app/hiring"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_candidate_shows_the_messages_next_to_the_fields_and_adds_nobody()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);

        var response = await owner.Client.SubmitAsync("/app/hiring", Fields(("Name", "Ada Applicant"), ("Position", ""), ("Email", "not-an-address")), action: "/app/hiring?handler=addCandidate");

        var html = await response.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "position"));
        Assert.NotNull(WebForms.FieldError(html, "email"));
        Assert.Null(WebForms.FieldError(html, "name"));
        Assert.Contains("value=\"Ada Applicant\"", html, StringComparison.Ordinal);
        Assert.Equal(0, (await owner.GetJsonAsync(Candidates)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Adding_a_candidate_before_a_vision_is_published_says_so_above_the_form()
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.SubmitAsync("/app/hiring", Fields(("Name", "Ada Applicant"), ("Position", "Barista")), action: "/app/hiring?handler=addCandidate");

        Assert.Contains("Nothing is published yet", await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await owner.GetJsonAsync(Candidates)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Two_leaders_evaluate_a_candidate_and_the_page_shows_the_overall_recommendation()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader", name: "Lena Leader");
        await platform.PublishVisionAsync(owner, Statement, Items);
        var id = await CreateCandidateAsync(owner);
        var page = $"/app/hiring/candidates/{id}";

        var first = await owner.Client.SubmitAsync(page, Fields(
            ("CriterionIds[0]", "pillar-personal"), ("Scores[0]", "5"), ("CriterionIds[1]", "standard-rings"), ("Scores[1]", "4"), ("Notes", "Warm and quick.")), action: page + "?handler=evaluate");
        Assert.Contains("Evaluation recorded", await first.HtmlAsync(), StringComparison.Ordinal);
        var second = await leader.Client.SubmitAsync(page, Fields(
            ("CriterionIds[0]", "pillar-personal"), ("Scores[0]", "4"), ("CriterionIds[1]", "standard-rings"), ("Scores[1]", "4"), ("Notes", "")), action: page + "?handler=evaluate");

        var html = await second.HtmlAsync();
        var candidate = await owner.GetJsonAsync($"{Candidates}/{id}");
        Assert.Equal(2, candidate.GetProperty("evaluations").GetArrayLength());
        var overall = candidate.GetProperty("overall");
        var recommendation = overall.GetProperty("recommendation").GetString()!;
        Assert.Contains($"data-recommendation=\"{recommendation}\"", html, StringComparison.Ordinal);
        Assert.Contains("over 2 evaluation(s)", html, StringComparison.Ordinal);
        Assert.Contains("Lena Leader:", html, StringComparison.Ordinal);
        Assert.Contains("Warm and quick.", html, StringComparison.Ordinal);
        Assert.Contains("You have evaluated this candidate.", html, StringComparison.Ordinal);
        var mine = candidate.GetProperty("evaluations").EnumerateArray().Single(e => e.GetProperty("interviewerId").GetString() == owner.MemberId);
        Assert.Equal(5, mine.GetProperty("scores").GetProperty("pillar-personal").GetInt32());
        Assert.Equal(4, mine.GetProperty("scores").GetProperty("standard-rings").GetInt32());
    }

    [Fact]
    public async Task A_refused_evaluation_shows_the_message_next_to_its_criterion_and_records_nothing()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);
        var id = await CreateCandidateAsync(owner);
        var page = $"/app/hiring/candidates/{id}";

        var outside = await owner.Client.SubmitAsync(page, Fields(
            ("CriterionIds[0]", "pillar-personal"), ("Scores[0]", "9"), ("CriterionIds[1]", "standard-rings"), ("Scores[1]", "3")), action: page + "?handler=evaluate");
        var unreadable = await owner.Client.SubmitAsync(page, Fields(
            ("CriterionIds[0]", "pillar-personal"), ("Scores[0]", "great"), ("CriterionIds[1]", "standard-rings"), ("Scores[1]", "")), action: page + "?handler=evaluate");
        var none = await owner.Client.SubmitAsync(page, Fields(
            ("CriterionIds[0]", "pillar-personal"), ("Scores[0]", ""), ("CriterionIds[1]", "standard-rings"), ("Scores[1]", "")), action: page + "?handler=evaluate");

        var html = await outside.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "scores[pillar-personal]"));
        Assert.Null(WebForms.FieldError(html, "scores[standard-rings]"));
        Assert.Contains("whole number", WebForms.FieldError(await unreadable.HtmlAsync(), "scores[pillar-personal]"), StringComparison.Ordinal);
        Assert.NotNull(WebForms.FieldError(await none.HtmlAsync(), "scores"));
        Assert.Equal(0, (await owner.GetJsonAsync($"{Candidates}/{id}")).GetProperty("evaluations").GetArrayLength());
    }

    [Fact]
    public async Task A_leader_deletes_a_candidate_with_its_revision_and_a_stale_one_is_reported()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);
        var id = await CreateCandidateAsync(owner);
        var page = $"/app/hiring/candidates/{id}";
        // An evaluation moves the candidate to revision 2: revision 1 is stale.
        await owner.PostJsonAsync($"{Candidates}/{id}/evaluations", new { scores = new Dictionary<string, int> { ["pillar-personal"] = 3 } });

        var stale = await owner.Client.SubmitAsync(page, Fields(("Revision", "1")), action: page + "?handler=delete");

        Assert.Contains("Someone changed this meanwhile", await stale.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await owner.GetJsonAsync(Candidates)).GetProperty("total").GetInt32());

        var deleted = await owner.Client.SubmitAsync(page, Fields(("Revision", "2")), action: page + "?handler=delete");

        Assert.Contains("Candidate deleted.", await deleted.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await owner.GetJsonAsync(Candidates)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_employee_is_refused_the_hiring_pages_and_their_forms()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        await platform.PublishVisionAsync(owner, Statement, Items);
        var id = await CreateCandidateAsync(owner);
        var client = await platform.WithoutRedirectsAsync(employee);
        var token = await client.TokenAsync();

        await client.AssertForbiddenPageAsync("/app/hiring");
        await client.AssertForbiddenPageAsync($"/app/hiring/candidates/{id}");
        AssertRefused(await client.PostFormAsync("/app/hiring?handler=addQuestion", Fields(("CriterionId", "pillar-personal"), ("Text", "Mine?"), ("__RequestVerificationToken", token))));
        AssertRefused(await client.PostFormAsync("/app/hiring?handler=addCandidate", Fields(("Name", "Mine"), ("Position", "Mine"), ("__RequestVerificationToken", token))));
        AssertRefused(await client.PostFormAsync($"/app/hiring/candidates/{id}?handler=evaluate", Fields(("CriterionIds[0]", "pillar-personal"), ("Scores[0]", "5"), ("__RequestVerificationToken", token))));
        AssertRefused(await client.PostFormAsync($"/app/hiring/candidates/{id}?handler=delete", Fields(("Revision", "1"), ("__RequestVerificationToken", token))));

        Assert.Empty(LeaderQuestions(await owner.GetJsonAsync("/api/v1/hiring/scorecard"), "pillar-personal"));
        var candidates = await owner.GetJsonAsync(Candidates);
        Assert.Equal(1, candidates.GetProperty("total").GetInt32());
        Assert.Equal(0, candidates.GetProperty("items")[0].GetProperty("evaluationCount").GetInt32());
    }

    [Fact]
    public async Task A_form_without_its_token_is_refused_and_another_organizations_candidate_is_not_found()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement, Items);
        var id = await CreateCandidateAsync(owner);
        var page = $"/app/hiring/candidates/{id}";

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.PostFormAsync("/app/hiring?handler=addCandidate", Fields(("Name", "No token"), ("Position", "Barista")))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.PostFormAsync(page + "?handler=evaluate", Fields(("CriterionIds[0]", "pillar-personal"), ("Scores[0]", "5")))).StatusCode);

        var other = await platform.SignUpAsync();
        await other.Client.GetHtmlAsync(page, HttpStatusCode.NotFound);
        var evaluate = await other.Client.PostFormAsync(page + "?handler=evaluate", Fields(("CriterionIds[0]", "pillar-personal"), ("Scores[0]", "5"), ("__RequestVerificationToken", await other.Client.TokenAsync())));
        Assert.Equal(HttpStatusCode.NotFound, evaluate.StatusCode);
        var candidates = await owner.GetJsonAsync(Candidates);
        Assert.Equal(1, candidates.GetProperty("total").GetInt32());
        Assert.Equal(0, candidates.GetProperty("items")[0].GetProperty("evaluationCount").GetInt32());
    }

    private static async Task<string> CreateCandidateAsync(ApiSession owner) =>
        (await owner.PostJsonAsync(Candidates, new { name = "Ada Applicant", position = "Barista" })).GetProperty("id").GetString()!;

    private static List<JsonElement> LeaderQuestions(JsonElement scorecard, string criterionId) =>
        [.. scorecard.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("id").GetString() == criterionId).GetProperty("leaderQuestions").EnumerateArray()];
}
