using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceVision.Testing;

namespace ServiceVision.Host.Tests.Security;

public sealed class SessionCookieTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<string> SessionCookieAsync(Uri baseAddress)
    {
        using var client = platform.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = baseAddress, HandleCookies = false });
        using var response = await client.PostAsJsonAsync("/api/v1/signup", new
        {
            organizationName = "Cookie Inn",
            slug = "cookie-" + Guid.NewGuid().ToString("N")[..10],
            ownerName = "Olivia Owner",
            email = $"cookie-{Guid.NewGuid():N}@example.com",
            password = "correct horse battery staple",
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sv_session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_same_site_lax_and_secure_over_https()
    {
        var cookie = (await SessionCookieAsync(new Uri("https://localhost"))).ToLowerInvariant();

        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_plain_http_for_local_development_the_cookie_is_not_marked_secure_but_stays_http_only()
    {
        var cookie = (await SessionCookieAsync(new Uri("http://localhost"))).ToLowerInvariant();

        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.Ordinal);
    }
}
