using System.Net;
using ServiceVision.Testing;
using static ServiceVision.Surveys.Tests.SurveysHttp;

namespace ServiceVision.Surveys.Tests.Http;

/// <summary>Members get surveys by department, role or location, answer each round once, and results keep them anonymous.</summary>
public sealed class MemberSurveyTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object[] PulseAnswers(int value) =>
        [new { questionId = "know", value }, new { questionId = "understand", value }, new { questionId = "act", value }];

    [Fact]
    public async Task A_distribution_by_department_or_location_invites_exactly_those_members_who_answer_once()
    {
        var owner = await platform.SignUpAsync();
        var kitchen = await CreateDepartmentAsync(owner.Client, "Kitchen");
        var floor = await CreateDepartmentAsync(owner.Client, "Floor");
        var north = await CreateLocationAsync(owner.Client, "North");
        var south = await CreateLocationAsync(owner.Client, "South");
        var cooks = new ApiSession[6];
        for (var i = 0; i < cooks.Length; i++)
        {
            cooks[i] = await platform.InviteMemberAsync(owner, "Employee");
            await PlaceMemberAsync(owner.Client, cooks[i].MemberId, "Employee", kitchen, north);
        }

        var waiters = new ApiSession[2];
        for (var i = 0; i < waiters.Length; i++)
        {
            waiters[i] = await platform.InviteMemberAsync(owner, "Employee");
            await PlaceMemberAsync(owner.Client, waiters[i].MemberId, "Employee", floor, south);
        }

        var (survey, etag) = await CreateSurveyAsync(owner.Client, new { kind = "Pulse", title = "Do you know our vision?" });
        var surveyId = survey.Id();
        await OpenAsync(owner.Client, surveyId, etag);

        var byDepartment = await JsonAsync(await SendAsync(owner.Client, HttpMethod.Post, $"{SurveysPath}/{surveyId}/distributions", new { departmentId = kitchen }), HttpStatusCode.Created);
        Assert.Equal(6, byDepartment.GetProperty("invited").GetInt32());
        Assert.Equal(0, (await GetJsonAsync(waiters[0].Client, $"{SurveysPath}/mine")).GetProperty("total").GetInt32());
        var byLocation = await JsonAsync(await SendAsync(owner.Client, HttpMethod.Post, $"{SurveysPath}/{surveyId}/distributions", new { locationId = south }), HttpStatusCode.Created);
        Assert.Equal(2, byLocation.GetProperty("invited").GetInt32());

        var mine = await GetJsonAsync(waiters[0].Client, $"{SurveysPath}/mine");
        Assert.Equal(surveyId, mine.GetProperty("items")[0].GetProperty("surveyId").GetString());
        Assert.False(mine.GetProperty("items")[0].GetProperty("answeredThisRound").GetBoolean());
        var form = await GetJsonAsync(waiters[0].Client, $"{SurveysPath}/mine/{surveyId}");
        Assert.Equal(3, form.GetProperty("questions").GetArrayLength());

        foreach (var member in cooks.Concat(waiters))
        {
            await ApiSessions.EnsureAsync(await SendAsync(member.Client, HttpMethod.Post, $"{SurveysPath}/mine/{surveyId}/responses", new { answers = PulseAnswers(5) }), HttpStatusCode.Created);
        }

        var again = await SendAsync(cooks[0].Client, HttpMethod.Post, $"{SurveysPath}/mine/{surveyId}/responses", new { answers = PulseAnswers(1) });
        var uninvited = await SendAsync(owner.Client, HttpMethod.Post, $"{SurveysPath}/mine/{surveyId}/responses", new { answers = PulseAnswers(1) });
        var answeredAlready = await SendAsync(waiters[1].Client, HttpMethod.Post, $"{SurveysPath}/mine/{surveyId}/responses", new { answers = new[] { new { questionId = "know", value = 9 } } });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, uninvited.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, answeredAlready.StatusCode);
        Assert.True((await GetJsonAsync(cooks[0].Client, $"{SurveysPath}/mine")).GetProperty("items")[0].GetProperty("answeredThisRound").GetBoolean());

        var results = await ResultsAsync(owner.Client, surveyId, "?breakdown=department");
        Assert.Equal(8, results.GetProperty("responses").GetInt32());
        Assert.Equal(100m, results.GetProperty("scores").GetProperty("pulsePercent").GetDecimal());
        // Kitchen (6) could be shown, but then the total minus kitchen would reveal the floor's 2: both are hidden.
        Assert.Equal(0, results.GetProperty("breakdown").GetArrayLength());
        Assert.Equal(2, results.GetProperty("hiddenGroups").GetInt32());
        var floorOnly = await ResultsAsync(owner.Client, surveyId, $"?departmentId={floor}");
        Assert.True(floorOnly.GetProperty("suppressed").GetBoolean());
    }

    [Fact]
    public async Task A_members_answer_is_checked_against_the_questions()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var (survey, etag) = await CreateSurveyAsync(owner.Client, new { kind = "EmployeeInput", title = "Your input" });
        await OpenAsync(owner.Client, survey.Id(), etag);
        await ApiSessions.EnsureAsync(await SendAsync(owner.Client, HttpMethod.Post, $"{SurveysPath}/{survey.Id()}/distributions", new { role = "Employee" }), HttpStatusCode.Created);
        var uri = $"{SurveysPath}/mine/{survey.Id()}/responses";

        Assert.Equal(["answers"], await ErrorFieldsAsync(await SendAsync(employee.Client, HttpMethod.Post, uri, new { answers = Array.Empty<object>() })));
        Assert.Equal(["answers[0].text"], await ErrorFieldsAsync(await SendAsync(employee.Client, HttpMethod.Post, uri, new { answers = new[] { new { questionId = "customers-think", text = new string('x', 2001) } } })));
        await ApiSessions.EnsureAsync(await SendAsync(employee.Client, HttpMethod.Post, uri, new { answers = new[] { new { questionId = "customers-think", text = "That we care" } } }), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Customer_surveys_are_not_distributed_to_members_and_unknown_groups_are_named()
    {
        var owner = await platform.SignUpAsync();
        var customerSurvey = await OpenCustomerSurveyAsync(owner.Client);
        var (pulse, _) = await CreateSurveyAsync(owner.Client, new { kind = "Pulse", title = "Pulse" });

        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(owner.Client, HttpMethod.Post, $"{SurveysPath}/{customerSurvey}/distributions", new { })).StatusCode);
        Assert.Equal(["departmentId", "locationId"], await ErrorFieldsAsync(await SendAsync(owner.Client, HttpMethod.Post, $"{SurveysPath}/{pulse.Id()}/distributions", new { departmentId = "dep_nope", locationId = "loc_nope" })));
    }
}
