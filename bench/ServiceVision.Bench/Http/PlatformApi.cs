using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ServiceVision.Bench.Http;

/// <summary>The API calls the benchmark needs (as tests/ServiceVision.Testing.Platform makes them).</summary>
internal static class PlatformApi
{
    public const string Password = "correct horse battery staple";

    /// <summary>A realistic vision: a statement with pillars, a standard, a never and an always.</summary>
    public const string Statement = "We greet every guest by name and make each visit feel personal.";

    private static readonly object[] Items =
    [
        new { id = "personal", kind = "Pillar", text = "Personal touch", order = 0 },
        new { id = "use-name", kind = "SubPillar", parentId = "personal", text = "Use the guest's name", order = 0 },
        new { id = "beyond", kind = "Pillar", text = "Above and beyond", order = 1 },
        new { id = "rings", kind = "Standard", text = "Answer within three rings", order = 2 },
        new { id = "no-alt", kind = "Never", text = "Say no without an alternative", order = 3 },
        new { id = "thanks", kind = "Always", text = "Thank the guest", order = 4 },
    ];

    /// <summary>The body of one sign-up (a new organization with a unique slug and owner address).</summary>
    public static object SignUpBody(string tag)
    {
        var slug = "org-" + tag;
        return new
        {
            organizationName = "Bench " + slug,
            slug,
            ownerName = "Olivia Owner",
            email = $"owner-{tag}@example.com",
            password = Password,
        };
    }

    /// <summary>Signs an organization up on <paramref name="client"/> (which keeps the session cookie).</summary>
    public static async Task SignUpAsync(HttpClient client, string tag)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/signup", SignUpBody(tag));
        await EnsureAsync(response, HttpStatusCode.Created);
    }

    /// <summary>Publishes the vision the quick way (publish rule 0 approvals, 0 hours of rest), as the owner.</summary>
    public static async Task PublishVisionAsync(HttpClient client)
    {
        using var rule = await client.GetAsync(new Uri("/api/v1/vision/publish-rule", UriKind.Relative));
        await EnsureAsync(rule, HttpStatusCode.OK);
        using (var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/vision/publish-rule"))
        {
            put.Content = JsonContent.Create(new { requiredApprovals = 0, restPeriodHours = 0, blockOnChangesRequested = true });
            put.Headers.TryAddWithoutValidation("If-Match", rule.Headers.ETag!.Tag);
            using var updated = await client.SendAsync(put);
            await EnsureAsync(updated, HttpStatusCode.OK);
        }

        using var created = await client.PostAsJsonAsync("/api/v1/vision/drafts", new { statement = Statement, items = Items, basedOnVersion = (int?)null });
        await EnsureAsync(created, HttpStatusCode.Created);
        var draftId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var published = await client.PostAsync(new Uri($"/api/v1/vision/drafts/{draftId}/publish", UriKind.Relative), null);
        await EnsureAsync(published, HttpStatusCode.Created);
    }

    public static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"expected {(int)expected} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} but got {(int)response.StatusCode}: {body}");
        }
    }
}
