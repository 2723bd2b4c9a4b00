using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ServiceVision.Testing;

public static class VisionSessions
{
    /// <summary>
    /// Publishes a vision the quick way: sets the publish rule to 0 approvals and 0 hours of rest
    /// (so <paramref name="owner"/> must be an Owner), drafts <paramref name="statement"/> with
    /// <paramref name="items"/> (objects like <c>new { kind = "Pillar", text = "Personal touch", order = 0 }</c>;
    /// null means no items) and publishes it. When a version exists already, the draft is based on
    /// it, so items may carry that version's ids to keep them. Returns the published version:
    /// <c>{ number, statement, items: [{ id, kind, parentId, text, order }], publishedAt, publishedBy, draftId }</c>.
    /// </summary>
    public static async Task<JsonElement> PublishVisionAsync(this PlatformFactory platform, ApiSession owner, string statement, IReadOnlyList<object>? items = null)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(owner);
        var client = owner.Client;

        var rule = await client.GetAsync(new Uri("/api/v1/vision/publish-rule", UriKind.Relative));
        await ApiSessions.EnsureAsync(rule, HttpStatusCode.OK);
        using (var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/vision/publish-rule"))
        {
            put.Content = JsonContent.Create(new { requiredApprovals = 0, restPeriodHours = 0, blockOnChangesRequested = true });
            put.Headers.TryAddWithoutValidation("If-Match", rule.Headers.ETag!.Tag);
            await ApiSessions.EnsureAsync(await client.SendAsync(put), HttpStatusCode.OK);
        }

        int? basedOnVersion = null;
        var current = await client.GetAsync(new Uri("/api/v1/vision", UriKind.Relative));
        if (current.StatusCode == HttpStatusCode.OK)
        {
            basedOnVersion = (await current.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json)).GetProperty("number").GetInt32();
        }
        else
        {
            await ApiSessions.EnsureAsync(current, HttpStatusCode.NotFound);
        }

        var created = await client.PostAsJsonAsync("/api/v1/vision/drafts", new { statement, items = items ?? [], basedOnVersion });
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var draftId = (await created.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json)).GetProperty("id").GetString();

        var published = await client.PostAsync(new Uri($"/api/v1/vision/drafts/{draftId}/publish", UriKind.Relative), null);
        await ApiSessions.EnsureAsync(published, HttpStatusCode.Created);
        return await published.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json);
    }
}
