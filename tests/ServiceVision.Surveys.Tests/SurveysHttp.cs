using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Surveys.Tests;

/// <summary>Requests and set-ups the survey tests share.</summary>
internal static class SurveysHttp
{
    public const string SurveysPath = "/api/v1/surveys";
    public const string Public = "/api/v1/public/surveys";
    public const string Recoveries = "/api/v1/survey-recoveries";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Signs a new organization up on <paramref name="host"/> (a host with settings of its own) and returns the owner's client.</summary>
    public static async Task<HttpClient> SignUpOnAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var client = host.CreateClient();
        var slug = "org-" + Guid.NewGuid().ToString("N")[..12];
        var response = await client.PostAsJsonAsync("/api/v1/signup", new
        {
            organizationName = "Acme " + slug,
            slug,
            ownerName = "Olivia Owner",
            email = $"owner-{Guid.NewGuid():N}@example.com",
            password = "correct horse battery staple",
        }, Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return client;
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string uri, object? body = null, string? ifMatch = null, string? idempotencyKey = null) =>
        ApiSessions.SendAsync(client, method, uri, body, ifMatch, idempotencyKey);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await ApiSessions.EnsureAsync(response, expected);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string uri) =>
        await JsonAsync(await client.GetAsync(new Uri(uri, UriKind.Relative), Cancel));

    /// <summary>The field names of a problem's <c>errors</c>.</summary>
    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var problem = await JsonAsync(response, expected);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }

    public static string Etag(HttpResponseMessage response) => response.Headers.ETag!.Tag;

    public static string Id(this JsonElement element) => element.GetProperty("id").GetString()!;

    /// <summary>Creates a survey and returns it with its ETag.</summary>
    public static async Task<(JsonElement Survey, string ETag)> CreateSurveyAsync(HttpClient client, object body)
    {
        var response = await SendAsync(client, HttpMethod.Post, SurveysPath, body);
        var survey = await JsonAsync(response, HttpStatusCode.Created);
        return (survey, Etag(response));
    }

    /// <summary>A customer feedback survey (standard questions), opened.</summary>
    public static async Task<string> OpenCustomerSurveyAsync(HttpClient client, object? extra = null)
    {
        var (survey, etag) = await CreateSurveyAsync(client, extra ?? new { kind = "CustomerFeedback", title = "How was your visit?" });
        await OpenAsync(client, survey.Id(), etag);
        return survey.Id();
    }

    public static async Task<JsonElement> OpenAsync(HttpClient client, string surveyId, string etag) =>
        await JsonAsync(await SendAsync(client, HttpMethod.Post, $"{SurveysPath}/{surveyId}/open", ifMatch: etag));

    public static async Task<JsonElement> CloseAsync(HttpClient client, string surveyId)
    {
        var current = await client.GetAsync(new Uri($"{SurveysPath}/{surveyId}", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(current, HttpStatusCode.OK);
        return await JsonAsync(await SendAsync(client, HttpMethod.Post, $"{SurveysPath}/{surveyId}/close", ifMatch: Etag(current)));
    }

    /// <summary>Creates a public link (for a location) and returns its token.</summary>
    public static async Task<string> CreateLinkAsync(HttpClient client, string surveyId, string? locationId = null, int? responseCap = null)
    {
        var link = await JsonAsync(await SendAsync(client, HttpMethod.Post, $"{SurveysPath}/{surveyId}/links", new { locationId, responseCap }), HttpStatusCode.Created);
        return link.GetProperty("token").GetString()!;
    }

    public static async Task<string> CreateLocationAsync(HttpClient owner, string name) =>
        (await JsonAsync(await SendAsync(owner, HttpMethod.Post, "/api/v1/locations", new { name }), HttpStatusCode.Created)).Id();

    public static async Task<string> CreateDepartmentAsync(HttpClient owner, string name) =>
        (await JsonAsync(await SendAsync(owner, HttpMethod.Post, "/api/v1/departments", new { name }), HttpStatusCode.Created)).Id();

    /// <summary>Moves a member to a department and location.</summary>
    public static async Task PlaceMemberAsync(HttpClient owner, string memberId, string role, string? departmentId, string? locationId)
    {
        var current = await owner.GetAsync(new Uri($"/api/v1/members/{memberId}", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(current, HttpStatusCode.OK);
        await ApiSessions.EnsureAsync(await SendAsync(owner, HttpMethod.Put, $"/api/v1/members/{memberId}", new { role, departmentId, locationId }, Etag(current)), HttpStatusCode.OK);
    }

    /// <summary>A customer response to the standard questions.</summary>
    public static object CustomerResponse(string token, int csat, int nps, string? comment = null, string? touchpoint = null, string? channel = null) => new
    {
        respondentToken = token,
        answers = comment is null
            ? new object[] { new { questionId = "csat", value = csat }, new { questionId = "nps", value = nps } }
            : [new { questionId = "csat", value = csat }, new { questionId = "nps", value = nps }, new { questionId = "comment", text = comment }],
        touchpoint,
        channel,
    };

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string linkToken, object body) =>
        SendAsync(client, HttpMethod.Post, $"{Public}/{linkToken}", body);

    public static async Task<JsonElement> ResultsAsync(HttpClient client, string surveyId, string query = "") =>
        await GetJsonAsync(client, $"{SurveysPath}/{surveyId}/results{query}");
}
