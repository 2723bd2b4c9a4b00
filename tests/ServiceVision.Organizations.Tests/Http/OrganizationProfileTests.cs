using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

public sealed class OrganizationProfileTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/organization") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request, Cancel);
    }

    [Fact]
    public async Task An_edit_with_the_current_etag_succeeds_and_a_stale_one_gets_412_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync("Before");
        var read = await owner.Client.GetAsync(new Uri("/api/v1/organization", UriKind.Relative), Cancel);
        var etag = read.Headers.ETag!.Tag;

        var first = await PutAsync(owner.Client, new { name = "After", description = "Coffee with care" }, etag);
        var stale = await PutAsync(owner.Client, new { name = "Lost update" }, etag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(etag, first.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var profile = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/organization", Cancel);
        Assert.Equal("After", profile.GetProperty("name").GetString());
        Assert.Equal("Coffee with care", profile.GetProperty("description").GetString());
    }

    [Fact]
    public async Task An_edit_without_if_match_gets_428()
    {
        var owner = await platform.SignUpAsync();

        var response = await PutAsync(owner.Client, new { name = "No precondition" }, ifMatch: null);

        Assert.Equal((HttpStatusCode)428, response.StatusCode);
    }

    [Fact]
    public async Task An_invalid_edit_is_a_400_naming_the_field_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync("Stays");
        var etag = (await owner.Client.GetAsync(new Uri("/api/v1/organization", UriKind.Relative), Cancel)).Headers.ETag!.Tag;

        var response = await PutAsync(owner.Client, new { name = "   " }, etag);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal("Stays", (await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/organization", Cancel)).GetProperty("name").GetString());
    }
}
