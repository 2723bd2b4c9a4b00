using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Requests the vision tests share.</summary>
internal static class VisionHttp
{
    public const string Drafts = "/api/v1/vision/drafts";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A statement with a vague word ("excellent" in a sentence that names nothing observable).</summary>
    public const string Statement = "We provide excellent service. We greet every guest by name within a minute.";

    /// <summary>A pillar with a sub-pillar, a second pillar, a standard, a never and an always item; the first pillar's id is chosen by the client.</summary>
    public static object[] Items() =>
    [
        new { id = "p-personal", kind = "Pillar", text = "Personal touch", order = 0 },
        new { kind = "SubPillar", parentId = "p-personal", text = "Use the guest's name", order = 0 },
        new { kind = "Pillar", text = "Going above and beyond", order = 1 },
        new { kind = "Standard", text = "Answer the phone within three rings", order = 0 },
        new { kind = "Never", text = "Say \"that's not my job\"", order = 0 },
        new { kind = "Always", text = "Thank the guest", order = 0 },
    ];

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string uri, object? body = null, string? ifMatch = null, string? idempotencyKey = null) =>
        ApiSessions.SendAsync(client, method, uri, body, ifMatch, idempotencyKey);

    /// <summary>The body as JSON; buffered, so a test may read it more than once.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(ApiSession session, string uri)
    {
        var response = await session.Client.GetAsync(new Uri(uri, UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return await JsonAsync(response);
    }

    /// <summary>The field names of a 400's <c>errors</c>.</summary>
    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response) =>
        [.. (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    public static async Task<JsonElement> CreateDraftAsync(ApiSession author, object body)
    {
        var response = await SendAsync(author.Client, HttpMethod.Post, Drafts, body);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return await JsonAsync(response);
    }

    public static Task<JsonElement> CreateDraftAsync(ApiSession author) => CreateDraftAsync(author, new { statement = Statement, items = Items() });

    public static Task<JsonElement> GetDraftAsync(ApiSession session, string draftId) => GetJsonAsync(session, $"{Drafts}/{draftId}");

    public static async Task<JsonElement> UpdateDraftAsync(ApiSession editor, JsonElement draft, object body)
    {
        var response = await SendAsync(editor.Client, HttpMethod.Put, $"{Drafts}/{Id(draft)}", body, ETag(draft));
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return await JsonAsync(response);
    }

    public static Task<HttpResponseMessage> ReviewAsync(ApiSession reviewer, string draftId, string verdict, string? comment = null) =>
        SendAsync(reviewer.Client, HttpMethod.Post, $"{Drafts}/{draftId}/reviews", new { verdict, comment });

    public static async Task ApproveAsync(ApiSession reviewer, string draftId) =>
        await ApiSessions.EnsureAsync(await ReviewAsync(reviewer, draftId, "Approve"), HttpStatusCode.Created);

    public static Task<HttpResponseMessage> PublishAsync(ApiSession publisher, string draftId) =>
        SendAsync(publisher.Client, HttpMethod.Post, $"{Drafts}/{draftId}/publish");

    public static async Task<JsonElement> PublishedAsync(ApiSession publisher, string draftId)
    {
        var response = await PublishAsync(publisher, draftId);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return await JsonAsync(response);
    }

    public static async Task SetRuleAsync(ApiSession owner, int requiredApprovals, int restPeriodHours, bool blockOnChangesRequested = true)
    {
        var current = await owner.Client.GetAsync(new Uri("/api/v1/vision/publish-rule", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(current, HttpStatusCode.OK);
        var response = await SendAsync(owner.Client, HttpMethod.Put, "/api/v1/vision/publish-rule", new { requiredApprovals, restPeriodHours, blockOnChangesRequested }, current.Headers.ETag!.Tag);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The reasons of a 409 from publishing.</summary>
    public static async Task<string[]> ReasonsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        return [.. (await JsonAsync(response)).GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)];
    }

    public static string Id(JsonElement element) => element.GetProperty("id").GetString()!;

    public static string ETag(JsonElement draft) => $"\"{draft.GetProperty("revision").GetInt64()}\"";

    /// <summary>The id of the item with this text.</summary>
    public static string ItemId(JsonElement withItems, string text) =>
        withItems.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("text").GetString() == text).GetProperty("id").GetString()!;

    public static string[] ItemIds(JsonElement withItems) =>
        [.. withItems.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    /// <summary>The items of a draft or version as request items (ids kept), to edit and send back.</summary>
    public static List<Dictionary<string, object?>> ItemsOf(JsonElement withItems) =>
    [
        .. withItems.GetProperty("items").EnumerateArray().Select(i => new Dictionary<string, object?>
        {
            ["id"] = i.GetProperty("id").GetString(),
            ["kind"] = i.GetProperty("kind").GetString(),
            ["parentId"] = i.GetProperty("parentId").ValueKind == JsonValueKind.Null ? null : i.GetProperty("parentId").GetString(),
            ["text"] = i.GetProperty("text").GetString(),
            ["order"] = i.GetProperty("order").GetInt32(),
        }),
    ];
}
