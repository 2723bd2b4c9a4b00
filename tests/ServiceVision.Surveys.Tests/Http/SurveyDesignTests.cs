using System.Net;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Surveys.Tests.SurveysHttp;

namespace ServiceVision.Surveys.Tests.Http;

/// <summary>Leaders design surveys: kinds with their questions, validation, lifecycle, concurrency, idempotent creates.</summary>
public sealed class SurveyDesignTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_kind_starts_with_its_standard_questions()
    {
        var owner = await platform.SignUpAsync();

        var (input, _) = await CreateSurveyAsync(owner.Client, new { kind = "EmployeeInput", title = "Vision input" });
        var (pulse, _) = await CreateSurveyAsync(owner.Client, new { kind = "Pulse", title = "Pulse" });
        var (customer, etag) = await CreateSurveyAsync(owner.Client, new { kind = "CustomerFeedback", title = "Visit" });

        Assert.Equal("What do you want our customers to think of when they think of the service we provide?", input.GetProperty("questions")[0].GetProperty("text").GetString());
        Assert.Equal(["know", "understand", "act"], pulse.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("id").GetString()));
        Assert.Equal(["Csat", "Nps", "None"], customer.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("metric").GetString()));
        Assert.Equal("Draft", customer.GetProperty("status").GetString());
        Assert.Equal("\"1\"", etag);
        Assert.Equal(5, customer.GetProperty("anonymityThreshold").GetInt32());
        Assert.Equal(10, customer.GetProperty("commentThreshold").GetInt32());
        var list = await GetJsonAsync(owner.Client, SurveysPath);
        Assert.Equal(3, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Custom_questions_of_every_type_round_trip()
    {
        var owner = await platform.SignUpAsync();
        var (survey, _) = await CreateSurveyAsync(owner.Client, new
        {
            kind = "EmployeeInput",
            title = "Team check",
            description = "Two minutes",
            recurrence = "Monthly",
            anonymityThreshold = 7,
            commentThreshold = 12,
            questions = new object[]
            {
                new { type = "Scale", text = "How busy?", required = true, min = 0, max = 10 },
                new { id = "shift", type = "SingleChoice", text = "Shift", choices = new[] { new { text = "Early" }, new { text = "Late" } } },
                new { type = "MultipleChoice", text = "Where?", choices = new[] { new { id = "bar", text = "Bar" }, new { id = "floor", text = "Floor" } } },
                new { type = "FreeText", text = "Anything else?" },
            },
        });

        var read = await GetJsonAsync(owner.Client, $"{SurveysPath}/{survey.Id()}");
        var questions = read.GetProperty("questions");
        Assert.Equal(["q1", "shift", "q3", "q4"], questions.EnumerateArray().Select(q => q.GetProperty("id").GetString()));
        Assert.Equal(10, questions[0].GetProperty("max").GetInt32());
        Assert.True(questions[0].GetProperty("required").GetBoolean());
        Assert.Equal(["c1", "c2"], questions[1].GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("Monthly", read.GetProperty("recurrence").GetString());
        Assert.Equal(7, read.GetProperty("anonymityThreshold").GetInt32());
    }

    [Fact]
    public async Task Invalid_definitions_name_each_field_and_create_nothing()
    {
        var owner = await platform.SignUpAsync();
        var response = await SendAsync(owner.Client, HttpMethod.Post, SurveysPath, new
        {
            title = "",
            anonymityThreshold = 2,
            questions = new object[]
            {
                new { type = "Scale", text = "Bad scale", min = 5, max = 5 },
                new { type = "SingleChoice", text = "One choice", choices = new[] { new { text = "Only" } } },
                new { type = "FreeText", text = new string('x', 501) },
            },
        });

        var fields = await ErrorFieldsAsync(response);
        Assert.Equal(["kind", "title", "questions[0].max", "questions[1].choices", "questions[2].text", "anonymityThreshold"], fields);
        Assert.Equal(0, (await GetJsonAsync(owner.Client, SurveysPath)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Fifty_one_questions_or_twenty_one_choices_are_too_many()
    {
        var owner = await platform.SignUpAsync();
        var many = Enumerable.Range(0, 51).Select(i => new { type = "FreeText", text = $"Q{i}" }).ToArray();
        var choices = Enumerable.Range(0, 21).Select(i => new { text = $"C{i}" }).ToArray();

        Assert.Equal(["questions"], await ErrorFieldsAsync(await SendAsync(owner.Client, HttpMethod.Post, SurveysPath, new { kind = "Pulse", title = "Many", questions = many })));
        Assert.Equal(["questions[0].choices"], await ErrorFieldsAsync(await SendAsync(owner.Client, HttpMethod.Post, SurveysPath,
            new { kind = "Pulse", title = "Choices", questions = new[] { new { type = "SingleChoice", text = "Pick", choices } } })));
    }

    [Fact]
    public async Task A_draft_is_edited_with_if_match_and_a_stale_or_missing_one_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var (survey, etag) = await CreateSurveyAsync(owner.Client, new { kind = "Pulse", title = "Pulse" });
        var uri = $"{SurveysPath}/{survey.Id()}";

        var missing = await SendAsync(owner.Client, HttpMethod.Put, uri, new { title = "No if-match" });
        var edited = await SendAsync(owner.Client, HttpMethod.Put, uri, new { title = "Pulse Q1" }, etag);
        var stale = await SendAsync(owner.Client, HttpMethod.Put, uri, new { title = "Stale" }, etag);

        Assert.Equal(428, (int)missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("\"2\"", Etag(edited));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("Pulse Q1", (await GetJsonAsync(owner.Client, uri)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_survey_opens_then_closes_and_an_open_one_cannot_be_edited()
    {
        var owner = await platform.SignUpAsync();
        var (survey, etag) = await CreateSurveyAsync(owner.Client, new { kind = "Pulse", title = "Pulse" });
        var uri = $"{SurveysPath}/{survey.Id()}";

        var opened = await OpenAsync(owner.Client, survey.Id(), etag);
        var edit = await SendAsync(owner.Client, HttpMethod.Put, uri, new { title = "Changed" }, "\"2\"");
        var reopen = await SendAsync(owner.Client, HttpMethod.Post, $"{uri}/open", ifMatch: "\"2\"");
        var closed = await CloseAsync(owner.Client, survey.Id());

        Assert.Equal("Open", opened.GetProperty("status").GetString());
        Assert.Equal(1, opened.GetProperty("round").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reopen.StatusCode);
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        Assert.Equal("Pulse", closed.GetProperty("title").GetString());
        var closedList = await GetJsonAsync(owner.Client, $"{SurveysPath}?status=Closed");
        Assert.Equal(1, closedList.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Unknown_or_malformed_survey_ids_are_not_found()
    {
        var owner = await platform.SignUpAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"{SurveysPath}/svy_unknown", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"{SurveysPath}/bad%20id/results", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Post, $"{SurveysPath}/svy_unknown/open", ifMatch: "\"1\"")).StatusCode);
    }

    [Fact]
    public async Task An_employee_may_not_design_surveys_or_read_results()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(employee.Client, HttpMethod.Post, SurveysPath, new { kind = "Pulse", title = "Mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.GetAsync(new Uri($"{SurveysPath}/{surveyId}/results", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.GetAsync(new Uri(SurveysPath, UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(0, (await GetJsonAsync(owner.Client, $"{SurveysPath}?status=Draft")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_create_replayed_with_the_same_idempotency_key_creates_one_survey()
    {
        var owner = await platform.SignUpAsync();
        var body = new { kind = "Pulse", title = "Once" };

        var first = await SendAsync(owner.Client, HttpMethod.Post, SurveysPath, body, idempotencyKey: "create-once");
        var second = await SendAsync(owner.Client, HttpMethod.Post, SurveysPath, body, idempotencyKey: "create-once");

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal((await JsonAsync(first, HttpStatusCode.Created)).Id(), (await JsonAsync(second, HttpStatusCode.Created)).Id());
        Assert.Equal(1, (await GetJsonAsync(owner.Client, SurveysPath)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Another_organizations_survey_is_not_found_and_stays_unchanged()
    {
        var owner = await platform.SignUpAsync();
        var stranger = await platform.SignUpAsync();
        var (survey, etag) = await CreateSurveyAsync(owner.Client, new { kind = "Pulse", title = "Ours" });

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(new Uri($"{SurveysPath}/{survey.Id()}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(stranger.Client, HttpMethod.Post, $"{SurveysPath}/{survey.Id()}/open", ifMatch: etag)).StatusCode);
        Assert.Equal("Draft", (await GetJsonAsync(owner.Client, $"{SurveysPath}/{survey.Id()}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Only_an_owner_sets_the_recovery_response_hours()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        const string uri = "/api/v1/survey-settings";
        var current = await owner.Client.GetAsync(new Uri(uri, UriKind.Relative), Cancel);
        var settings = await JsonAsync(current);
        Assert.Equal(48, settings.GetProperty("recoveryResponseHours").GetInt32());

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(leader.Client, HttpMethod.Put, uri, new { recoveryResponseHours = 4 }, Etag(current))).StatusCode);
        Assert.Equal(["recoveryResponseHours"], await ErrorFieldsAsync(await SendAsync(owner.Client, HttpMethod.Put, uri, new { recoveryResponseHours = 0 }, Etag(current))));
        var changed = await JsonAsync(await SendAsync(owner.Client, HttpMethod.Put, uri, new { recoveryResponseHours = 4 }, Etag(current)));
        Assert.Equal(4, changed.GetProperty("recoveryResponseHours").GetInt32());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(owner.Client, HttpMethod.Put, uri, new { recoveryResponseHours = 5 }, Etag(current))).StatusCode);
    }
}
