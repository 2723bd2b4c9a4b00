using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

public sealed class ApiKeysTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => MemberApi.Cancel;

    private static async Task<JsonElement> CreateKeyAsync(ApiSession owner, string name = "Payroll sync", string role = "Leader")
    {
        var response = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/api-keys", new { name, role });
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return await MemberApi.JsonAsync(response);
    }

    private HttpClient ProgramWithKey(string token, bool asAuthorizationHeader = false)
    {
        var client = platform.CreateClient();
        if (asAuthorizationHeader)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", token);
        }
        else
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", token);
        }

        return client;
    }

    private static async Task<int> ActiveKeysAsync(ApiSession owner) =>
        (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/api-keys")).GetProperty("total").GetInt32();

    [Fact]
    public async Task An_api_key_signs_a_program_in_with_either_header_as_its_role_in_the_owners_organization()
    {
        var owner = await platform.SignUpAsync("Keyed Inn");
        var key = await CreateKeyAsync(owner, "Payroll sync", "Leader");
        var token = key.GetProperty("token").GetString()!;

        using var viaHeader = ProgramWithKey(token);
        using var viaAuthorization = ProgramWithKey(token, asAuthorizationHeader: true);
        var me = await MemberApi.GetJsonAsync(viaHeader, "/api/v1/me");
        var again = await viaAuthorization.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel);

        Assert.StartsWith("svk.", token, StringComparison.Ordinal);
        Assert.Equal("Payroll sync", key.GetProperty("name").GetString());
        Assert.Equal("Leader", key.GetProperty("role").GetString());
        Assert.Equal(owner.MemberId, key.GetProperty("createdBy").GetString());
        Assert.True(key.TryGetProperty("createdAt", out _));
        Assert.Equal(owner.OrganizationId, me.GetProperty("organization").GetProperty("id").GetString());
        Assert.Equal("Leader", me.GetProperty("member").GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await MemberApi.SendAsync(viaHeader, HttpMethod.Post, "/api/v1/departments", new { name = "Made by a program" })).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_gets_401_at_once_and_leaves_the_list()
    {
        var owner = await platform.SignUpAsync();
        var key = await CreateKeyAsync(owner);
        using var program = ProgramWithKey(key.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await program.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel)).StatusCode);

        var revoked = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/api-keys/{key.GetProperty("id").GetString()}");
        var after = await program.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel);
        var revokedAgain = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/api-keys/{key.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revokedAgain.StatusCode);
        Assert.Equal(0, await ActiveKeysAsync(owner));
    }

    [Fact]
    public async Task An_employee_key_gets_403_on_a_leader_route()
    {
        var owner = await platform.SignUpAsync();
        using var program = ProgramWithKey((await CreateKeyAsync(owner, role: "Employee")).GetProperty("token").GetString()!);

        var response = await MemberApi.SendAsync(program, HttpMethod.Post, "/api/v1/departments", new { name = "Not allowed" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await program.GetAsync(new Uri("/api/v1/members", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_tampered_key_gets_401()
    {
        var owner = await platform.SignUpAsync();
        var token = (await CreateKeyAsync(owner)).GetProperty("token").GetString()!;
        using var program = ProgramWithKey(token[..^2] + (token[^2..] == "AA" ? "BB" : "AA"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await program.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"Root\",\"role\":\"Owner\"}", new[] { "role" })]
    [InlineData("{\"name\":\"Root\",\"role\":\"Admin\"}", new[] { "role" })]
    [InlineData("{}", new[] { "name", "role" })]
    [InlineData("{\"name\":\"Bell\\u0007\",\"role\":\"Employee\"}", new[] { "name" })]
    public async Task An_invalid_key_request_is_a_400_naming_the_field_and_creates_nothing(string body, string[] fields)
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.PostAsync(new Uri("/api/v1/api-keys", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(fields, await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(0, await ActiveKeysAsync(owner));
    }

    [Theory]
    [InlineData("Employee")]
    [InlineData("Leader")]
    public async Task Members_below_owner_get_403_creating_listing_or_revoking_keys(string role)
    {
        var owner = await platform.SignUpAsync();
        var member = await platform.InviteMemberAsync(owner, role);
        var keyId = (await CreateKeyAsync(owner)).GetProperty("id").GetString();

        var create = await MemberApi.SendAsync(member.Client, HttpMethod.Post, "/api/v1/api-keys", new { name = "Mine", role = "Employee" });
        var list = await member.Client.GetAsync(new Uri("/api/v1/api-keys", UriKind.Relative), Cancel);
        var revoke = await MemberApi.SendAsync(member.Client, HttpMethod.Delete, $"/api/v1/api-keys/{keyId}");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        Assert.Equal(1, await ActiveKeysAsync(owner));
    }

    [Fact]
    public async Task A_leader_key_cannot_create_more_keys()
    {
        var owner = await platform.SignUpAsync();
        using var program = ProgramWithKey((await CreateKeyAsync(owner, role: "Leader")).GetProperty("token").GetString()!);

        var response = await MemberApi.SendAsync(program, HttpMethod.Post, "/api/v1/api-keys", new { name = "Offspring", role = "Leader" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await ActiveKeysAsync(owner));
    }

    [Fact]
    public async Task Keys_are_listed_newest_first_in_pages_and_never_with_their_secret()
    {
        var owner = await platform.SignUpAsync();
        var tokens = new List<string>();
        foreach (var name in new[] { "One", "Two", "Three" })
        {
            tokens.Add((await CreateKeyAsync(owner, name)).GetProperty("token").GetString()!);
        }

        var response = await owner.Client.GetAsync(new Uri("/api/v1/api-keys?pageSize=2", UriKind.Relative), Cancel);
        var second = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/api-keys?pageSize=2&page=2");
        var tooBig = await owner.Client.GetAsync(new Uri("/api/v1/api-keys?pageSize=1000", UriKind.Relative), Cancel);

        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        var page = await MemberApi.JsonAsync(response);
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(["Three", "Two"], page.GetProperty("items").EnumerateArray().Select(k => k.GetProperty("name").GetString()));
        Assert.Equal(["One"], second.GetProperty("items").EnumerateArray().Select(k => k.GetProperty("name").GetString()));
        var raw = await response.Content.ReadAsStringAsync(Cancel);
        Assert.DoesNotContain("token", raw, StringComparison.OrdinalIgnoreCase);
        Assert.All(tokens, t => Assert.DoesNotContain(t.Split('.')[2], raw, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Equal(["pageSize"], await MemberApi.ErrorFieldsAsync(tooBig));
    }

    [Fact]
    public async Task An_organization_has_at_most_50_active_keys_and_revoking_one_makes_room()
    {
        var owner = await platform.SignUpAsync();
        string? firstId = null;
        for (var i = 0; i < 50; i++)
        {
            var key = await CreateKeyAsync(owner, $"Key {i}", "Employee");
            firstId ??= key.GetProperty("id").GetString();
        }

        var fiftyFirst = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/api-keys", new { name = "One too many", role = "Employee" });
        await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/api-keys/{firstId}");
        var afterRevoke = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/api-keys", new { name = "Replacement", role = "Employee" });

        Assert.Equal(HttpStatusCode.Conflict, fiftyFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterRevoke.StatusCode);
        Assert.Equal(50, await ActiveKeysAsync(owner));
    }

    [Fact]
    public async Task Revoking_an_unknown_key_or_another_organizations_key_is_404_and_that_key_keeps_working()
    {
        var owner = await platform.SignUpAsync();
        var other = await platform.SignUpAsync();
        var theirs = await CreateKeyAsync(other);

        var unknown = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, "/api/v1/api-keys/0123456789abcdef");
        var foreign = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/api-keys/{theirs.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var program = ProgramWithKey(theirs.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await program.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_creates_one_key_and_never_shows_the_secret_again()
    {
        var owner = await platform.SignUpAsync();
        var key = Guid.NewGuid().ToString();

        var first = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/api-keys", new { name = "Once", role = "Employee" }, idempotencyKey: key);
        var retry = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/api-keys", new { name = "Once", role = "Employee" }, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        var token = (await first.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("token").GetString()!;
        Assert.DoesNotContain(token, await retry.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(1, await ActiveKeysAsync(owner));
    }
}
