using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceVision.Testing;

namespace ServiceVision.Web.Tests;

/// <summary>What the page tests of the plan, survey, celebration and recognition pages share: form fields, sessions without redirects, API set-up.</summary>
public static class PageSessions
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static List<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        [.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))];

    /// <summary>A client that does not follow redirects, signed in on the sign-in page as <paramref name="session"/>'s member.</summary>
    public static async Task<HttpClient> WithoutRedirectsAsync(this PlatformFactory platform, ApiSession session)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(session);
        var client = platform.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = WebForms.TokenOf(await client.GetHtmlAsync("/app/sign-in"));
        var response = await client.PostFormAsync("/app/sign-in", Fields(("Email", session.Email), ("Password", session.Password), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A page a role may not open sends it to the forbidden page.</summary>
    public static async Task AssertForbiddenPageAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/app/forbidden", PathOf(response.Headers.Location!));
    }

    /// <summary>A form posted by a role too low is refused: 403, or the forbidden page for a page the role may not open at all.</summary>
    public static void AssertRefused(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(
            response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && PathOf(response.Headers.Location!) == "/app/forbidden"),
            $"Expected the post to be refused, got {(int)response.StatusCode} {response.Headers.Location}");
    }

    /// <summary>The anti-forgery token of a page the client may open (any page's token is the session's).</summary>
    public static async Task<string> TokenAsync(this HttpClient client, string page = "/app") => WebForms.TokenOf(await client.GetHtmlAsync(page));

    public static async Task<JsonElement> GetJsonAsync(this ApiSession session, string url)
    {
        ArgumentNullException.ThrowIfNull(session);
        var response = await session.Client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public static async Task<JsonElement> PostJsonAsync(this ApiSession session, string url, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        ArgumentNullException.ThrowIfNull(session);
        var response = await session.Client.PostAsJsonAsync(url, body, Ct);
        await ApiSessions.EnsureAsync(response, expected);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public static async Task<string> CreateDepartmentAsync(this ApiSession owner, string name) =>
        (await owner.PostJsonAsync("/api/v1/departments", new { name })).GetProperty("id").GetString()!;

    public static async Task<string> CreateLocationAsync(this ApiSession owner, string name) =>
        (await owner.PostJsonAsync("/api/v1/locations", new { name })).GetProperty("id").GetString()!;

    /// <summary>The path of a redirect's location, relative or absolute.</summary>
    public static string PathOf(Uri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
    }

    /// <summary>The path a followed post ended on (after its redirect).</summary>
    public static string PathOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.RequestMessage!.RequestUri!.AbsolutePath;
    }
}
