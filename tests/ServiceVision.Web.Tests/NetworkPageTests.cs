using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Testing;

namespace ServiceVision.Web.Tests;

/// <summary>
/// The network dashboard page (/app/network) and a rollout's progress per location
/// (/app/network/rollouts/{id}) over HTTP: the same rows and order as the API, the region filter,
/// the CSV link, the chart, and who may see what.
/// </summary>
public sealed partial class NetworkPageTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboard_lists_the_locations_lagging_first_as_the_api_does_with_a_chart_a_filter_and_a_csv_link()
    {
        var (owner, locations) = await NetworkAsync();
        await platform.Services.GetRequiredService<IBus>().Publish(
            new SurveyScoresPublished(owner.OrganizationId, "srv_pulse", "Pulse", 1, 1, DateTimeOffset.UtcNow, [new SurveyGroupScore("Location", locations["Harbour"], 5, null, null, null, 90m), new SurveyGroupScore("Location", locations["Station"], 5, null, null, null, 20m)]),
            Ct);
        await Eventually.HoldsAsync(async () => (await owner.Client.GetHtmlAsync("/app/network")).Contains(">90 %<", StringComparison.Ordinal), Eventually.Patience, "the pulse scores arrive");

        var html = await owner.Client.GetHtmlAsync("/app/network");
        var api = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/network/dashboard", Ct);

        Assert.Equal(api.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("locationId").GetString()), RowLocations(html));
        Assert.Equal(locations["Market"], RowLocations(html)[0]); // nothing measured there: first
        Assert.Contains("<svg class=\"bars\" role=\"img\" aria-label=\"Alignment by location, lagging first\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/network/dashboard?format=csv\"", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"text\" id=\"Region\" name=\"region\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"locations\">3</span>", html, StringComparison.Ordinal);

        var south = await owner.Client.GetHtmlAsync("/app/network?region=south");
        Assert.Equal([locations["Station"]], RowLocations(south));
        Assert.Contains("href=\"/api/v1/network/dashboard?format=csv&amp;region=south\"", south, StringComparison.Ordinal);
        var csv = await owner.Client.GetStringAsync(new Uri("/api/v1/network/dashboard?format=csv&region=south", UriKind.Relative), Ct);
        Assert.Equal(2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_region_too_long_is_shown_next_to_the_filter_and_every_location_is_listed()
    {
        var (owner, _) = await NetworkAsync();

        var html = await owner.Client.GetHtmlAsync("/app/network?region=" + new string('n', 101));

        Assert.NotNull(WebForms.FieldError(html, "region"));
        Assert.Equal(3, RowLocations(html).Count);
    }

    [Fact]
    public async Task A_location_manager_sees_their_row_only_and_an_employee_is_sent_to_forbidden()
    {
        var (owner, locations) = await NetworkAsync();
        var manager = await platform.InviteMemberAsync(owner, "Leader", "Leader at " + locations["Harbour"], locationId: locations["Harbour"]);
        var employee = await platform.InviteMemberAsync(owner, "Employee", "Employee at " + locations["Harbour"], locationId: locations["Harbour"]);
        var client = platform.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInAsync(client, employee);

        var managed = await manager.Client.GetHtmlAsync("/app/network");
        var refused = await client.GetAsync(new Uri("/app/network", UriKind.Relative), Ct);

        Assert.Equal([locations["Harbour"]], RowLocations(managed));
        Assert.Contains("href=\"/app/network\"", managed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/app/forbidden?returnUrl=", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/app/network\"", await employee.Client.GetHtmlAsync("/app"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollouts_progress_per_location_shows_a_bar_per_location_and_another_organization_gets_404()
    {
        var (owner, locations) = await NetworkAsync();
        await platform.InviteMemberAsync(owner, "Employee", "Employee at " + locations["Harbour"], locationId: locations["Harbour"]);
        await platform.InviteMemberAsync(owner, "Employee", "Employee at " + locations["Station"], locationId: locations["Station"]);
        var started = await owner.Client.PostAsJsonAsync("/api/v1/training/rollouts", new { title = "Safety first", courseId = "safety-101", dueAt = DateTimeOffset.UtcNow.AddDays(7), audience = new { kind = "Everyone" } }, Ct);
        await ApiSessions.EnsureAsync(started, HttpStatusCode.Created);
        var rolloutId = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var stranger = await platform.SignUpAsync();

        var html = await owner.Client.GetHtmlAsync($"/app/network/rollouts/{rolloutId}");
        var list = await owner.Client.GetHtmlAsync("/app/rollouts");

        Assert.Contains("Safety first: progress per location", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<svg class=\"progress\"").Length - 1);
        Assert.Contains($"id=\"l-{locations["Harbour"]}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"l-{locations["Market"]}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/app/network/rollouts/{rolloutId}\"", list, StringComparison.Ordinal);
        await stranger.Client.GetHtmlAsync($"/app/network/rollouts/{rolloutId}", HttpStatusCode.NotFound);
        await owner.Client.GetHtmlAsync("/app/network/rollouts/not-a-rollout", HttpStatusCode.NotFound);
    }

    /// <summary>Locations on the page's table, in order.</summary>
    private static List<string> RowLocations(string html) => [.. LocationRow().Matches(html).Select(m => m.Groups[1].Value)];

    private async Task<(ApiSession Owner, Dictionary<string, string> Locations)> NetworkAsync()
    {
        var owner = await platform.SignUpAsync();
        var locations = new Dictionary<string, string>();
        foreach (var (name, region) in new[] { ("Harbour", "North"), ("Market", "North"), ("Station", "South") })
        {
            locations[name] = (await owner.PostJsonAsync("/api/v1/locations", new { name, region })).GetProperty("id").GetString()!;
        }

        return (owner, locations);
    }

    private static async Task SignInAsync(HttpClient client, ApiSession session)
    {
        var token = WebForms.TokenOf(await client.GetHtmlAsync("/app/sign-in"));
        var response = await client.PostFormAsync("/app/sign-in", [new("Email", session.Email), new("Password", session.Password), new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("<tr data-location=\"([^\"]+)\">")]
    private static partial Regex LocationRow();
}
