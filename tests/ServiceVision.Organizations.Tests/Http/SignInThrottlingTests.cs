using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Sign-in throttling: per e-mail address (shared by every host) and per client IP.</summary>
public sealed class SignInThrottlingTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A host of its own (fresh per-IP counters) on the same store; the per-IP limit high unless a test is about it.</summary>
    private WebApplicationFactory<Program> Host(int maxFailuresPerIp = 1000) =>
        platform.WithWebHostBuilder(b => b.UseSetting("SignIn:MaxFailuresPerIp", maxFailuresPerIp.ToString(CultureInfo.InvariantCulture)));

    private static async Task<HttpResponseMessage> SignInAsync(WebApplicationFactory<Program> host, string email, string password)
    {
        using var client = host.CreateClient();
        return await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { email, password }, Cancel);
    }

    private static async Task AssertLockedOutAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var wait = response.Headers.RetryAfter?.Delta;
        Assert.True(wait > TimeSpan.FromMinutes(10) && wait <= TimeSpan.FromMinutes(15), $"Retry-After was {wait}");
        Assert.Equal(429, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_address_for_15_minutes_even_against_the_right_password()
    {
        var owner = await platform.SignUpAsync();
        var host = Host();

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            first.Add((await SignInAsync(host, owner.Email, "wrong password " + i)).StatusCode);
        }

        var fifth = await SignInAsync(host, owner.Email, "wrong password 5");
        var right = await SignInAsync(host, owner.Email, owner.Password);

        Assert.All(first, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        await AssertLockedOutAsync(fifth);
        await AssertLockedOutAsync(right);
        Assert.False(right.Headers.Contains("Set-Cookie"), "a locked-out sign-in must not start a session");
    }

    [Fact]
    public async Task The_lockout_is_recorded_in_the_shared_store_so_another_host_refuses_too()
    {
        var owner = await platform.SignUpAsync();
        var first = Host();
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(first, owner.Email.ToUpperInvariant(), "wrong password " + i);
        }

        await AssertLockedOutAsync(await SignInAsync(Host(), owner.Email, owner.Password));
    }

    [Fact]
    public async Task An_unknown_address_is_throttled_exactly_like_a_known_one()
    {
        var host = Host();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await SignInAsync(host, unknown, "guess " + i)).StatusCode);
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        await AssertLockedOutAsync(await SignInAsync(host, unknown, "guess 5"));
    }

    [Fact]
    public async Task A_successful_sign_in_clears_the_failures_before_the_limit()
    {
        var owner = await platform.SignUpAsync();
        var host = Host();
        for (var i = 0; i < 4; i++)
        {
            await SignInAsync(host, owner.Email, "wrong password " + i);
        }

        var success = await SignInAsync(host, owner.Email, owner.Password);
        var after = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            after.Add((await SignInAsync(host, owner.Email, "wrong again " + i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, success.StatusCode);
        Assert.All(after, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(host, owner.Email, owner.Password)).StatusCode);
    }

    [Fact]
    public async Task Too_many_failures_from_one_address_across_many_accounts_lock_that_address_out()
    {
        var owner = await platform.SignUpAsync();
        var host = Host(maxFailuresPerIp: 3);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            answers.Add((await SignInAsync(host, $"spray-{i}-{Guid.NewGuid():N}@example.com", "Summer2026!")).StatusCode);
        }

        var third = await SignInAsync(host, $"spray-3-{Guid.NewGuid():N}@example.com", "Summer2026!");
        var legitimate = await SignInAsync(host, owner.Email, owner.Password);
        var elsewhere = await SignInAsync(Host(), owner.Email, owner.Password);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, legitimate.StatusCode);
        Assert.NotNull(legitimate.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }
}
