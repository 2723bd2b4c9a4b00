using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Surveys.Tests.SurveysHttp;

namespace ServiceVision.Surveys.Tests.Http;

/// <summary>Customers answer through public links: no sign-in, once per respondent token, bounded, rate limited, capped.</summary>
public sealed class PublicResponseTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static readonly string[] BlankTag = [""];
    private static readonly string[] ParkingTag = ["Parking"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_customer_reads_the_questions_and_answers_without_signing_in()
    {
        var owner = await platform.SignUpAsync();
        var location = await CreateLocationAsync(owner.Client, "Downtown");
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);
        var token = await CreateLinkAsync(owner.Client, surveyId, location);
        var customer = platform.CreateClient();

        var form = await GetJsonAsync(customer, $"{Public}/{token}");
        var submitted = await SubmitAsync(customer, token, CustomerResponse("customer-token-1", 5, 10, "Lovely", "Checkout", "InStore"));

        Assert.Equal("Downtown", form.GetProperty("locationName").GetString());
        Assert.Equal(3, form.GetProperty("questions").GetArrayLength());
        var result = await JsonAsync(submitted, HttpStatusCode.Created);
        Assert.False(result.GetProperty("replayed").GetBoolean());
        var links = await GetJsonAsync(owner.Client, $"{SurveysPath}/{surveyId}/links");
        Assert.Equal(1, links.GetProperty("items")[0].GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task A_submission_replayed_with_the_same_token_returns_the_first_result_and_counts_once()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await OpenCustomerSurveyAsync(owner.Client, new { kind = "CustomerFeedback", title = "Visit", anonymityThreshold = 3, commentThreshold = 3 });
        var token = await CreateLinkAsync(owner.Client, surveyId);
        var customer = platform.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await ApiSessions.EnsureAsync(await SubmitAsync(customer, token, CustomerResponse($"other-respondent-{i}", 3, 7)), HttpStatusCode.Created);
        }

        var first = await JsonAsync(await SubmitAsync(customer, token, CustomerResponse("same-respondent", 5, 10)), HttpStatusCode.Created);
        var replay = await JsonAsync(await SubmitAsync(customer, token, CustomerResponse("same-respondent", 1, 0)), HttpStatusCode.OK);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SubmitAsync(customer, token, CustomerResponse("burst-respondent", 4, 9))));

        Assert.True(replay.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.GetProperty("responseId").GetString(), replay.GetProperty("responseId").GetString());
        Assert.Single(concurrent, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(concurrent, r => Assert.True(r.IsSuccessStatusCode));
        var results = await ResultsAsync(owner.Client, surveyId);
        Assert.Equal(5, results.GetProperty("responses").GetInt32());
        // The replay's different answers (1 and 0) were not stored: CSAT (3,3,3,5,4) averages 3.6.
        Assert.Equal(3.6m, results.GetProperty("scores").GetProperty("csatAverage").GetDecimal());
    }

    [Fact]
    public async Task A_malformed_or_oversized_response_is_rejected_naming_the_field_and_stores_nothing()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await OpenCustomerSurveyAsync(owner.Client, new { kind = "CustomerFeedback", title = "Visit", anonymityThreshold = 3, commentThreshold = 3 });
        var token = await CreateLinkAsync(owner.Client, surveyId);
        var customer = platform.CreateClient();

        var outOfRange = await SubmitAsync(customer, token, CustomerResponse("token-abcdef", 6, 11));
        var tooLong = await SubmitAsync(customer, token, CustomerResponse("token-abcdef", 5, 9, new string('x', 2001)));
        var noToken = await SubmitAsync(customer, token, CustomerResponse("short", 5, 9));
        var missingRequired = await SubmitAsync(customer, token, new { respondentToken = "token-abcdef", answers = new[] { new { questionId = "csat", value = 5 } } });
        var wrongType = await customer.PostAsync(new Uri($"{Public}/{token}", UriKind.Relative),
            new StringContent("""{"respondentToken":"token-abcdef","answers":[{"questionId":"csat","value":"5"}]}""", Encoding.UTF8, "application/json"), Cancel);
        var notJson = await customer.PostAsync(new Uri($"{Public}/{token}", UriKind.Relative), new StringContent("{not json", Encoding.UTF8, "application/json"), Cancel);
        var huge = await SubmitAsync(customer, token, new { respondentToken = "token-abcdef", answers = Array.Empty<object>(), padding = new string('x', 300 * 1024) });

        Assert.Equal(["answers[0].value", "answers[1].value"], await ErrorFieldsAsync(outOfRange));
        Assert.Equal(["answers[2].text"], await ErrorFieldsAsync(tooLong));
        Assert.Equal(["respondentToken"], await ErrorFieldsAsync(noToken));
        Assert.Equal(["answers"], await ErrorFieldsAsync(missingRequired));
        Assert.Equal(["answers[0].value"], await ErrorFieldsAsync(wrongType));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        // Nothing was stored: after 3 good responses exactly 3 count, and the token used above is still unused.
        for (var i = 0; i < 2; i++)
        {
            await ApiSessions.EnsureAsync(await SubmitAsync(customer, token, CustomerResponse($"good-token-{i}", 4, 8)), HttpStatusCode.Created);
        }

        await ApiSessions.EnsureAsync(await SubmitAsync(customer, token, CustomerResponse("token-abcdef", 4, 8)), HttpStatusCode.Created);
        Assert.Equal(3, (await ResultsAsync(owner.Client, surveyId)).GetProperty("responses").GetInt32());
    }

    [Fact]
    public async Task A_link_at_its_cap_refuses_new_respondents_but_still_answers_a_replay()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);
        var token = await CreateLinkAsync(owner.Client, surveyId, responseCap: 2);
        var customer = platform.CreateClient();

        await ApiSessions.EnsureAsync(await SubmitAsync(customer, token, CustomerResponse("capped-1-token", 4, 8)), HttpStatusCode.Created);
        await ApiSessions.EnsureAsync(await SubmitAsync(customer, token, CustomerResponse("capped-2-token", 4, 8)), HttpStatusCode.Created);
        var third = await SubmitAsync(customer, token, CustomerResponse("capped-3-token", 4, 8));
        var replay = await SubmitAsync(customer, token, CustomerResponse("capped-1-token", 4, 8));

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var links = await GetJsonAsync(owner.Client, $"{SurveysPath}/{surveyId}/links");
        Assert.Equal(2, links.GetProperty("items")[0].GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task A_flood_from_one_address_on_one_link_is_refused_with_429_problems()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);
        var token = await CreateLinkAsync(owner.Client, surveyId);
        var other = await CreateLinkAsync(owner.Client, surveyId);
        var customer = platform.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < SurveysModule.DefaultPublicPermitsPerMinute + 5; i++)
        {
            var response = await customer.GetAsync(new Uri($"{Public}/{token}", UriKind.Relative), Cancel);
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal(SurveysModule.DefaultPublicPermitsPerMinute, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.NotNull(refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // Another link is a window of its own.
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync(new Uri($"{Public}/{other}", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task Unknown_revoked_and_closed_links_take_no_responses()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);
        var revoked = await CreateLinkAsync(owner.Client, surveyId);
        var open = await CreateLinkAsync(owner.Client, surveyId);
        var customer = platform.CreateClient();
        var links = await GetJsonAsync(owner.Client, $"{SurveysPath}/{surveyId}/links");
        var revokedId = links.GetProperty("items").EnumerateArray().First(l => l.GetProperty("token").GetString() == revoked).Id();

        await ApiSessions.EnsureAsync(await SendAsync(owner.Client, HttpMethod.Delete, $"{SurveysPath}/{surveyId}/links/{revokedId}"), HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync(new Uri($"{Public}/sl_unknown", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SubmitAsync(customer, revoked, CustomerResponse("revoked-token", 5, 9))).StatusCode);

        await CloseAsync(owner.Client, surveyId);
        Assert.Equal(HttpStatusCode.Conflict, (await SubmitAsync(customer, open, CustomerResponse("closed-token", 5, 9))).StatusCode);
    }

    [Fact]
    public async Task Links_need_a_known_location_and_a_customer_survey()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);
        var (pulse, _) = await CreateSurveyAsync(owner.Client, new { kind = "Pulse", title = "Pulse" });

        Assert.Equal(["locationId"], await ErrorFieldsAsync(await SendAsync(owner.Client, HttpMethod.Post, $"{SurveysPath}/{surveyId}/links", new { locationId = "loc_nope" })));
        Assert.Equal(["responseCap"], await ErrorFieldsAsync(await SendAsync(owner.Client, HttpMethod.Post, $"{SurveysPath}/{surveyId}/links", new { responseCap = 0 })));
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(owner.Client, HttpMethod.Post, $"{SurveysPath}/{pulse.Id()}/links", new { })).StatusCode);
    }

    [Fact]
    public async Task Results_export_as_csv_with_formula_cells_neutralised()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);
        var token = await CreateLinkAsync(owner.Client, surveyId);
        var customer = platform.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await ApiSessions.EnsureAsync(await SubmitAsync(customer, token, CustomerResponse($"csv-respondent-{i}", 5, 10, touchpoint: "=HYPERLINK(\"evil\")")), HttpStatusCode.Created);
        }

        var response = await owner.Client.GetAsync(new Uri($"{SurveysPath}/{surveyId}/results/export?breakdown=touchpoint", UriKind.Relative), Cancel);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Cancel)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Organization,,5,100,5,100,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Touchpoint,\"'=hyperlink(\"\"evil\"\")\",5,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pain_points_count_keyword_tags_low_scores_and_leader_tags_and_the_trend_shows_the_round()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);
        var token = await CreateLinkAsync(owner.Client, surveyId);
        var customer = platform.CreateClient();
        string[] comments = ["We waited ages", "Rude staff and slow service", "Lovely", "Fine"];
        for (var i = 0; i < comments.Length; i++)
        {
            await ApiSessions.EnsureAsync(await SubmitAsync(customer, token, CustomerResponse($"pain-respondent-{i}", 4, 8, comments[i])), HttpStatusCode.Created);
        }

        var low = await JsonAsync(await SubmitAsync(customer, token, CustomerResponse("pain-respondent-low", 1, 2)), HttpStatusCode.Created);
        var tagUri = $"{SurveysPath}/{surveyId}/responses/{low.GetProperty("responseId").GetString()}/tags";
        Assert.Equal(["tags[0]"], await ErrorFieldsAsync(await SendAsync(owner.Client, HttpMethod.Put, tagUri, new { tags = BlankTag })));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Put, $"{SurveysPath}/{surveyId}/responses/rsp_1_3_nope/tags", new { tags = ParkingTag })).StatusCode);
        await ApiSessions.EnsureAsync(await SendAsync(owner.Client, HttpMethod.Put, tagUri, new { tags = ParkingTag }), HttpStatusCode.NoContent);

        var results = await ResultsAsync(owner.Client, surveyId);
        var painPoints = results.GetProperty("painPoints").EnumerateArray().ToDictionary(p => p.GetProperty("tag").GetString()!, p => p.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Waiting"] = 2, ["Attitude"] = 1, ["Parking"] = 1 }, painPoints);
        // Four comments are under the comment threshold of 10: none is shown.
        Assert.False(results.GetProperty("commentsShown").GetBoolean());
        Assert.Empty(results.GetProperty("comments").EnumerateArray());

        var trend = await GetJsonAsync(owner.Client, $"{SurveysPath}/{surveyId}/trend");
        var round = Assert.Single(trend.EnumerateArray());
        Assert.Equal(1, round.GetProperty("round").GetInt32());
        Assert.Equal(5, round.GetProperty("responses").GetInt32());
    }

    [Fact]
    public async Task Results_filters_are_checked()
    {
        var owner = await platform.SignUpAsync();
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);

        var response = await owner.Client.GetAsync(new Uri($"{SurveysPath}/{surveyId}/results?breakdown=color&week=monday&round=9&locationId=a&departmentId=b&touchpoint=c", UriKind.Relative), Cancel);

        Assert.Equal(["round", "breakdown", "week", "filters"], await ErrorFieldsAsync(response));
        var empty = await ResultsAsync(owner.Client, surveyId);
        Assert.True(empty.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("scores").ValueKind);
    }
}
