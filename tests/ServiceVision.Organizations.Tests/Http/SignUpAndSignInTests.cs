using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

public sealed class SignUpAndSignInTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object SignUpBody(string slug, string email) => new
    {
        organizationName = "Acme Coffee",
        slug,
        ownerName = "Ana Ruiz",
        email,
        password = "correct horse battery staple",
    };

    [Fact]
    public async Task A_new_owner_signs_up_and_is_signed_in_to_their_organization()
    {
        var owner = await platform.SignUpAsync("Acme Coffee");

        var me = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/me", ApiSessions.Json, Cancel);

        Assert.Equal(owner.OrganizationId, me.GetProperty("organization").GetProperty("id").GetString());
        Assert.Equal("Acme Coffee", me.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal("Owner", me.GetProperty("member").GetProperty("role").GetString());
        Assert.Equal(1, me.GetProperty("organization").GetProperty("memberCount").GetInt32());
    }

    [Fact]
    public async Task The_owner_signs_in_again_with_email_and_password_and_the_password_is_never_returned()
    {
        var owner = await platform.SignUpAsync();

        var again = await platform.SignInAsync(owner.Email.ToUpperInvariant(), owner.Password);
        var me = await again.Client.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel);

        Assert.Equal(owner.MemberId, again.MemberId);
        Assert.DoesNotContain(owner.Password, me, StringComparison.Ordinal);
        Assert.DoesNotContain("passwordHash", me, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_401()
    {
        var owner = await platform.SignUpAsync();
        using var client = platform.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { email = owner.Email, password = "not the password at all" }, Cancel);
        var unknown = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { email = "nobody@example.com", password = "not the password at all" }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var wrongProblem = await wrong.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var unknownProblem = await unknown.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(wrongProblem.GetProperty("detail").GetString(), unknownProblem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_taken_slug_or_email_is_a_409_naming_the_field_and_creates_nothing()
    {
        var slug = "acme-" + Guid.NewGuid().ToString("N")[..8];
        var email = $"ana-{Guid.NewGuid():N}@example.com";
        using var client = platform.CreateClient();
        await ApiSessions.EnsureAsync(await client.PostAsJsonAsync("/api/v1/signup", SignUpBody(slug, email), Cancel), HttpStatusCode.Created);

        var sameSlug = await platform.CreateClient().PostAsJsonAsync("/api/v1/signup", SignUpBody(slug, $"other-{Guid.NewGuid():N}@example.com"), Cancel);
        var sameEmail = await platform.CreateClient().PostAsJsonAsync("/api/v1/signup", SignUpBody("acme-" + Guid.NewGuid().ToString("N")[..8], email), Cancel);

        Assert.Equal(HttpStatusCode.Conflict, sameSlug.StatusCode);
        Assert.True((await sameSlug.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty("slug", out _));
        Assert.Equal(HttpStatusCode.Conflict, sameEmail.StatusCode);
        Assert.True((await sameEmail.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty("email", out _));

        // The slug of the refused second sign-up (the e-mail clash) was released again.
        var freedSlug = "acme-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Conflict, (await platform.CreateClient().PostAsJsonAsync("/api/v1/signup", SignUpBody(freedSlug, email), Cancel)).StatusCode);
        await ApiSessions.EnsureAsync(await platform.CreateClient().PostAsJsonAsync("/api/v1/signup", SignUpBody(freedSlug, $"new-{Guid.NewGuid():N}@example.com"), Cancel), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Invalid_sign_up_input_is_a_400_naming_every_field_at_fault()
    {
        using var client = platform.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/signup", new { organizationName = "", slug = "Not A Slug", ownerName = "", email = "nope", password = "short" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.Equal(["organizationName", "slug", "ownerName", "email", "password"], errors.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"organizationName\": 42}")]
    public async Task A_body_that_is_not_the_expected_json_is_a_400_problem(string body)
    {
        using var client = platform.CreateClient();

        var response = await client.PostAsync(new Uri("/api/v1/signup", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_retried_sign_up_with_the_same_idempotency_key_creates_one_organization()
    {
        var body = SignUpBody("acme-" + Guid.NewGuid().ToString("N")[..8], $"ana-{Guid.NewGuid():N}@example.com");
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> PostAsync(object content)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/signup") { Content = JsonContent.Create(content) };
            request.Headers.Add("Idempotency-Key", key);
            return await platform.CreateClient().SendAsync(request, Cancel);
        }

        var first = await PostAsync(body);
        var retry = await PostAsync(body);
        var different = await PostAsync(SignUpBody("other-" + Guid.NewGuid().ToString("N")[..8], $"x-{Guid.NewGuid():N}@example.com"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await retry.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
    }

    [Fact]
    public async Task Without_a_session_the_api_answers_401()
    {
        using var client = platform.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/organization", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task After_sign_out_the_session_no_longer_works()
    {
        var owner = await platform.SignUpAsync();

        await owner.Client.PostAsync(new Uri("/api/v1/auth/sign-out", UriKind.Relative), null, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.Client.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel)).StatusCode);
    }
}
