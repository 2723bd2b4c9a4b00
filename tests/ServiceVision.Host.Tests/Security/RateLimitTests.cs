using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceVision.Testing;

namespace ServiceVision.Host.Tests.Security;

/// <summary>The framework's rate limiter, partitioned by organization for members and by IP for anonymous callers, with low limits configured.</summary>
public sealed class RateLimitTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private WebApplicationFactory<Program> HostWith(int perOrganization, int perAnonymousIp) => platform.WithWebHostBuilder(b => b
        .UseSetting("RateLimits:PerOrganizationPermits", perOrganization.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseSetting("RateLimits:PerAnonymousIpPermits", perAnonymousIp.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseSetting("RateLimits:Window", "00:05:00"));

    private static async Task<HttpClient> SignUpAsync(WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/signup", new
        {
            organizationName = "Busy Inn",
            slug = "busy-" + Guid.NewGuid().ToString("N")[..10],
            ownerName = "Olivia Owner",
            email = $"busy-{Guid.NewGuid():N}@example.com",
            password = "correct horse battery staple",
        }, Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return client;
    }

    [Fact]
    public async Task An_organization_over_its_limit_gets_429_with_retry_after_while_another_organization_is_unaffected()
    {
        var host = HostWith(perOrganization: 5, perAnonymousIp: 100);
        var busy = await SignUpAsync(host);
        var quiet = await SignUpAsync(host);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await busy.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel)).StatusCode);
        }

        using var refused = await busy.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel);
        using var other = await quiet.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After must say how long to wait");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Anonymous_requests_from_one_address_over_the_limit_get_429_and_health_checks_are_never_limited()
    {
        var host = HostWith(perOrganization: 100, perAnonymousIp: 3);
        using var anonymous = host.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await anonymous.PostAsJsonAsync("/api/v1/auth/sign-in", new { email = "", password = "" }, Cancel)).StatusCode);
        }

        using var refused = await anonymous.PostAsJsonAsync("/api/v1/auth/sign-in", new { email = "", password = "" }, Cancel);
        using var health = await anonymous.GetAsync(new Uri("/health/live", UriKind.Relative), Cancel);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
