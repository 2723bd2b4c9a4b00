using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Partners.Tests;

/// <summary>The partner registry over HTTP: platform administrators only.</summary>
public sealed class PartnerRegistryTests(PlatformFactory platform) : IClassFixture<PlatformFactory>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.DeleteCreatedPartnersAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);

    private static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response) =>
        [.. (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Without_the_admin_token_every_registry_route_answers_401_and_a_member_session_does_not_count()
    {
        var owner = await platform.SignUpAsync();
        using var anonymous = platform.CreateClient();
        using var wrong = platform.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PartnerTestSettings.AdminToken + "x");

        foreach (var client in new[] { anonymous, wrong, owner.Client })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/platform/partners", UriKind.Relative), Cancel)).StatusCode);
            var created = await client.PostAsJsonAsync("/api/v1/platform/partners", new { name = "Sneaky " + Guid.NewGuid() }, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, created.StatusCode);
            Assert.Equal("application/problem+json", created.Content.Headers.ContentType?.MediaType);
        }

        using var admin = platform.AdminClient();
        var all = await JsonAsync(await admin.GetAsync(new Uri("/api/v1/platform/partners?pageSize=100", UriKind.Relative), Cancel));
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString()!.StartsWith("Sneaky", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_creates_a_partner_whose_password_is_shown_once_and_reads_it_back_without_it()
    {
        using var admin = platform.AdminClient();
        var name = "LMS " + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync("/api/v1/platform/partners", new { name }, Cancel);
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var body = await JsonAsync(created);
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal("Provisioned", body.GetProperty("status").GetString());
        Assert.Equal("partner-" + id, body.GetProperty("userName").GetString());
        Assert.True(body.GetProperty("password").GetString()!.Length >= 24);
        Assert.Equal($"partner.{id}.outbound", body.GetProperty("outboundQueue").GetString());
        Assert.Equal($"partner.{id}.inbound", body.GetProperty("inboundExchange").GetString());

        var read = await admin.GetAsync(new Uri($"/api/v1/platform/partners/{id}", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(read, HttpStatusCode.OK);
        var text = await read.Content.ReadAsStringAsync(Cancel);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(name, await admin.GetStringAsync(new Uri("/api/v1/platform/partners?pageSize=100", UriKind.Relative), Cancel), StringComparison.Ordinal);
        await ApiSessions.EnsureAsync(await admin.DeleteAsync(new Uri($"/api/v1/platform/partners/{id}", UriKind.Relative), Cancel), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_partner_needs_a_name_of_at_most_100_characters_that_no_other_partner_has()
    {
        using var admin = platform.AdminClient();
        var missing = await admin.PostAsJsonAsync("/api/v1/platform/partners", new { }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["name"], await ErrorFieldsAsync(missing));

        var tooLong = await admin.PostAsJsonAsync("/api/v1/platform/partners", new { name = new string('x', 101) }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(["name"], await ErrorFieldsAsync(tooLong));

        var partner = await platform.CreatePartnerAsync();
        var taken = await admin.PostAsJsonAsync("/api/v1/platform/partners", new { name = partner.Name.ToUpperInvariant() }, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task Creating_with_the_same_idempotency_key_twice_creates_one_partner()
    {
        using var admin = platform.AdminClient();
        var name = "HR " + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString("N");

        var first = await ApiSessions.SendAsync(admin, HttpMethod.Post, "/api/v1/platform/partners", new { name }, idempotencyKey: key);
        await ApiSessions.EnsureAsync(first, HttpStatusCode.Created);
        var replay = await ApiSessions.SendAsync(admin, HttpMethod.Post, "/api/v1/platform/partners", new { name }, idempotencyKey: key);

        // The answer held a password: it is not shown again, and nothing is created twice.
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        var all = await JsonAsync(await admin.GetAsync(new Uri("/api/v1/platform/partners?pageSize=100", UriKind.Relative), Cancel));
        Assert.Single(all.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString() == name);
        var id = (await JsonAsync(first)).GetProperty("id").GetString();
        await ApiSessions.EnsureAsync(await admin.DeleteAsync(new Uri($"/api/v1/platform/partners/{id}", UriKind.Relative), Cancel), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Provisioning_again_gives_a_new_password_and_the_old_one_stops_working()
    {
        var partner = await platform.CreatePartnerAsync();
        using var admin = platform.AdminClient();

        var again = await admin.PostAsync(new Uri($"/api/v1/platform/partners/{partner.Id}/provision", UriKind.Relative), null, Cancel);
        await ApiSessions.EnsureAsync(again, HttpStatusCode.OK);
        var password = (await JsonAsync(again)).GetProperty("password").GetString()!;

        Assert.NotEqual(partner.Password, password);
        await using (await platform.ConnectAsAsync(partner with { Password = password }))
        {
        }

        await Assert.ThrowsAnyAsync<Exception>(async () => await platform.ConnectAsAsync(partner));
    }

    [Fact]
    public async Task Unknown_partners_are_404_and_a_deleted_partner_is_gone()
    {
        using var admin = platform.AdminClient();
        var unknown = "ptn_" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/v1/platform/partners/{unknown}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(new Uri($"/api/v1/platform/partners/{unknown}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(new Uri($"/api/v1/platform/partners/{unknown}/provision", UriKind.Relative), null, Cancel)).StatusCode);

        var partner = await platform.CreatePartnerAsync();
        await platform.DeletePartnerAsync(partner);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/v1/platform/partners/{partner.Id}", UriKind.Relative), Cancel)).StatusCode);
    }
}
