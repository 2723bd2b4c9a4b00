using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceVision.Testing;

namespace ServiceVision.Recognition.Tests;

/// <summary>An organization set up for recognition tests: an owner, a leader, employees in departments and locations, a published vision.</summary>
internal sealed record RecognitionOrg(ApiSession Owner, ApiSession Leader, ApiSession[] Employees, string[] DepartmentIds, string[] LocationIds, JsonElement Version)
{
    public string Pillar(string text) => Item("Pillar", text);

    public string Standard(string text) => Item("Standard", text);

    private string Item(string kind, string text) =>
        Version.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("kind").GetString() == kind && i.GetProperty("text").GetString() == text)
            .GetProperty("id").GetString()!;
}

/// <summary>Requests and set-ups the recognition tests share.</summary>
internal static class RecognitionHttp
{
    public const string Recognitions = "/api/v1/recognitions";
    public const string Celebrations = "/api/v1/celebrations";

    public const string Personal = "Personal touch";
    public const string Beyond = "Going above and beyond";
    public const string Quality = "Quality every time";
    public const string Phone = "Answer the phone within three rings";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static object[] Items() =>
    [
        new { kind = "Pillar", text = Personal, order = 0 },
        new { kind = "Pillar", text = Beyond, order = 1 },
        new { kind = "Pillar", text = Quality, order = 2 },
        new { kind = "Standard", text = Phone, order = 0 },
        new { kind = "Never", text = "Say \"that's not my job\"", order = 0 },
    ];

    public static Task<HttpResponseMessage> SendAsync(ApiSession session, HttpMethod method, string uri, object? body = null, string? ifMatch = null, string? idempotencyKey = null) =>
        ApiSessions.SendAsync(session.Client, method, uri, body, ifMatch, idempotencyKey);

    public static Task<HttpResponseMessage> PostAsync(ApiSession session, string uri, object? body = null, string? ifMatch = null, string? idempotencyKey = null) =>
        SendAsync(session, HttpMethod.Post, uri, body ?? new { }, ifMatch, idempotencyKey);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await ApiSessions.EnsureAsync(response, expected);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
    }

    public static async Task<JsonElement> GetJsonAsync(ApiSession session, string uri) =>
        await JsonAsync(await session.Client.GetAsync(new Uri(uri, UriKind.Relative), Cancel));

    /// <summary>The field names of a problem's <c>errors</c>, for a response with <paramref name="status"/>.</summary>
    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var problem = await JsonAsync(response, status);
        return problem.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(p => p.Name)] : [];
    }

    public static string[] Ids(JsonElement list) => [.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    /// <summary>
    /// An owner, a leader and <paramref name="employees"/> employees; employee i works in department
    /// i % departments and location i % locations; a published vision with three pillars and a standard.
    /// </summary>
    public static async Task<RecognitionOrg> OrganizationAsync(this WebApplicationFactory<Program> platform, int employees = 2, int departments = 1, int locations = 1, bool publish = true)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var owner = await SignUpAsync(platform);
        var departmentIds = new string[departments];
        for (var i = 0; i < departments; i++)
        {
            departmentIds[i] = (await JsonAsync(await PostAsync(owner, "/api/v1/departments", new { name = $"Department {i}" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        }

        var locationIds = new string[locations];
        for (var i = 0; i < locations; i++)
        {
            locationIds[i] = (await JsonAsync(await PostAsync(owner, "/api/v1/locations", new { name = $"Location {i}" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        }

        var leader = await platform.InviteAsync(owner, "Leader", "Lea Leader", null, null);
        var members = new ApiSession[employees];
        for (var i = 0; i < employees; i++)
        {
            members[i] = await platform.InviteAsync(owner, "Employee", $"Employee Number{i}", departmentIds.Length > 0 ? departmentIds[i % departments] : null, locationIds.Length > 0 ? locationIds[i % locations] : null);
        }

        var version = publish ? await PublishAsync(owner, "We make every guest feel at home, every visit, every time.", Items()) : default;
        return new RecognitionOrg(owner, leader, members, departmentIds, locationIds, version);
    }

    /// <summary>The owner invites a member with a department and location; the invitee accepts on a fresh client.</summary>
    public static async Task<ApiSession> InviteAsync(this WebApplicationFactory<Program> platform, ApiSession owner, string role, string name, string? departmentId, string? locationId)
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        const string password = "member password 1234";
        var invited = await JsonAsync(await PostAsync(owner, "/api/v1/invitations", new { email, name, role, departmentId, locationId }), HttpStatusCode.Created);
        var client = platform.CreateClient();
        var accepted = await JsonAsync(await client.PostAsJsonAsync("/api/v1/invitations/accept", new { token = invited.GetProperty("token").GetString(), password }, Cancel));
        return new ApiSession(client, accepted.GetProperty("organizationId").GetString()!, accepted.GetProperty("memberId").GetString()!, email, password);
    }

    /// <summary>Signs a new organization up on <paramref name="host"/> (any host of the fixture's database) and returns its owner's session.</summary>
    private static async Task<ApiSession> SignUpAsync(WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient();
        var slug = "org-" + Guid.NewGuid().ToString("N")[..12];
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        var owner = await JsonAsync(await client.PostAsJsonAsync("/api/v1/signup", new { organizationName = "Acme " + slug, slug, ownerName = "Olivia Owner", email, password }, Cancel), HttpStatusCode.Created);
        return new ApiSession(client, owner.GetProperty("organizationId").GetString()!, owner.GetProperty("memberId").GetString()!, email, password);
    }

    /// <summary>Publishes a first vision the quick way (no approvals, no rest period), as <see cref="VisionSessions"/> does.</summary>
    private static async Task<JsonElement> PublishAsync(ApiSession owner, string statement, object[] items)
    {
        var rule = await SendAsync(owner, HttpMethod.Get, "/api/v1/vision/publish-rule");
        await JsonAsync(await SendAsync(owner, HttpMethod.Put, "/api/v1/vision/publish-rule", new { requiredApprovals = 0, restPeriodHours = 0, blockOnChangesRequested = true }, ifMatch: ETag(rule)));
        var draft = await JsonAsync(await PostAsync(owner, "/api/v1/vision/drafts", new { statement, items }), HttpStatusCode.Created);
        return await JsonAsync(await PostAsync(owner, $"/api/v1/vision/drafts/{draft.GetProperty("id").GetString()}/publish"), HttpStatusCode.Created);
    }

    /// <summary>Gives a recognition and returns it (201 expected).</summary>
    public static async Task<JsonElement> RecognizeAsync(ApiSession giver, ApiSession member, string story, string[] pillarIds, string[]? standardIds = null) =>
        await JsonAsync(await PostAsync(giver, Recognitions, new { memberId = member.MemberId, story, pillarIds, standardIds }), HttpStatusCode.Created);

    public static async Task<JsonElement> ScheduleAsync(ApiSession leader, string title, DateTimeOffset at, int[]? remindMinutesBefore = null) =>
        await JsonAsync(await PostAsync(leader, Celebrations, new { title, description = "Our monthly celebration", at, remindMinutesBefore }), HttpStatusCode.Created);

    public static string ETag(HttpResponseMessage response) => response.Headers.ETag!.Tag;
}
