using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Host.Tests.Security;

/// <summary>Anti-forgery: a page on another site must not be able to act with a member's session cookie.</summary>
public sealed class CrossSiteRequestTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<int> DepartmentCountAsync(ApiSession owner) =>
        (await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/departments", Cancel)).GetProperty("total").GetInt32();

    private static HttpRequestMessage Post(HttpContent content, string? origin = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/departments") { Content = content };
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
        }

        return request;
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "name=Hijacked")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nHijacked\r\n--x--")]
    [InlineData("text/plain", "{\"name\":\"Hijacked\"}")]
    public async Task A_cross_site_form_post_with_the_session_cookie_is_refused_and_creates_nothing(string contentType, string body)
    {
        var owner = await platform.SignUpAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = Post(content, origin: "https://evil.example", fetchSite: "cross-site");

        using var response = await owner.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await DepartmentCountAsync(owner));
    }

    [Fact]
    public async Task A_form_post_with_the_session_cookie_is_refused_even_without_origin_headers()
    {
        var owner = await platform.SignUpAsync();
        using var request = Post(new FormUrlEncodedContent([new("name", "Hijacked")]));

        using var response = await owner.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await DepartmentCountAsync(owner));
    }

    [Fact]
    public async Task A_json_request_with_the_session_cookie_from_another_origin_is_refused()
    {
        var owner = await platform.SignUpAsync();
        using var request = Post(JsonContent.Create(new { name = "Hijacked" }), origin: "https://evil.example");

        using var response = await owner.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await DepartmentCountAsync(owner));
    }

    [Fact]
    public async Task A_bodyless_post_from_another_site_is_refused_even_with_the_cookie()
    {
        var owner = await platform.SignUpAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/sign-out");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");

        using var response = await owner.Client.SendAsync(request, Cancel);
        using var me = await owner.Client.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task The_same_origins_json_requests_and_api_key_programs_are_not_affected()
    {
        var owner = await platform.SignUpAsync();
        using var sameOrigin = Post(JsonContent.Create(new { name = "Front desk" }), origin: "http://localhost", fetchSite: "same-origin");
        var created = await owner.Client.SendAsync(sameOrigin, Cancel);
        var key = await (await owner.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "Sync", role = "Leader" }, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        using var program = platform.CreateClient();
        program.DefaultRequestHeaders.Add("X-Api-Key", key.GetProperty("token").GetString());

        var viaKey = await program.PostAsJsonAsync("/api/v1/departments", new { name = "Back office" }, Cancel);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, viaKey.StatusCode);
        Assert.Equal(2, await DepartmentCountAsync(owner));
    }
}
