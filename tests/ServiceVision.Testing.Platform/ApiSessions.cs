using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceVision.Testing;

/// <summary>A signed-in HTTP client of one member of one organization.</summary>
public sealed record ApiSession(HttpClient Client, string OrganizationId, string MemberId, string Email, string Password);

public static class ApiSessions
{
    /// <summary>How the API writes JSON (web defaults, enums as strings).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Signs a new organization up and returns its owner's session.</summary>
    public static async Task<ApiSession> SignUpAsync(this PlatformFactory platform, string? organizationName = null)
    {
        var client = platform.CreateClient();
        var slug = "org-" + Guid.NewGuid().ToString("N")[..12];
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        var response = await client.PostAsJsonAsync("/api/v1/signup", new
        {
            organizationName = organizationName ?? "Acme " + slug,
            slug,
            ownerName = "Olivia Owner",
            email,
            password,
        });
        await EnsureAsync(response, HttpStatusCode.Created);
        var owner = (await response.Content.ReadFromJsonAsync<JsonElement>(Json));
        return new ApiSession(client, owner.GetProperty("organizationId").GetString()!, owner.GetProperty("memberId").GetString()!, email, password);
    }

    /// <summary>Signs an existing account in on a fresh client.</summary>
    public static async Task<ApiSession> SignInAsync(this PlatformFactory platform, string email, string password)
    {
        var client = platform.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { email, password });
        await EnsureAsync(response, HttpStatusCode.OK);
        var member = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return new ApiSession(client, member.GetProperty("organizationId").GetString()!, member.GetProperty("memberId").GetString()!, email, password);
    }

    /// <summary>Sends a JSON request with the API's optional headers (If-Match, Idempotency-Key).</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string uri, object? body = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request, Xunit.TestContext.Current.CancellationToken);
    }

    /// <summary>Fails with the response body (usually problem details) when the status is not the expected one.</summary>
    public static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"Expected {(int)expected} {expected} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} but got {(int)response.StatusCode}: {body}");
        }
    }
}

public static class MemberSessions
{
    /// <summary>
    /// The owner invites a member with <paramref name="role"/> (Employee, Leader or Owner), in a
    /// department or at a location if given; the invitee accepts on a fresh client and is signed in.
    /// </summary>
    public static async Task<ApiSession> InviteMemberAsync(this PlatformFactory platform, ApiSession owner, string role, string? name = null, string? departmentId = null, string? locationId = null)
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        const string password = "member password 1234";
        var invited = await owner.Client.PostAsJsonAsync("/api/v1/invitations", new { email, name = name ?? role + " Member", role, departmentId, locationId });
        await ApiSessions.EnsureAsync(invited, HttpStatusCode.Created);
        var token = (await invited.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json)).GetProperty("token").GetString();

        var client = platform.CreateClient();
        var accepted = await client.PostAsJsonAsync("/api/v1/invitations/accept", new { token, password });
        await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
        var member = await accepted.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json);
        return new ApiSession(client, member.GetProperty("organizationId").GetString()!, member.GetProperty("memberId").GetString()!, email, password);
    }
}
