using System.Net;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Members;
using ServiceVision.Testing;
using static ServiceVision.Recognition.Tests.RecognitionHttp;

namespace ServiceVision.Recognition.Tests.Http;

/// <summary>
/// Walks every recognition and celebration route the host serves (read from the host, so a new route
/// is covered): another organization's ids are 404 and change nothing, roles are enforced, malformed
/// bodies are 4xx problems. The platform-wide walker in the organizations tests does the same for every route.
/// </summary>
public sealed class RecognitionRoutesTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static readonly string[] Areas = ["/api/v1/recognitions", "/api/v1/celebrations"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed record Route(string Method, string Template, string Policy)
    {
        public bool HasIds => Template.Contains('{', StringComparison.Ordinal);

        public override string ToString() => $"{Method} {Template}";
    }

    private List<Route> Routes() =>
        [.. platform.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => Areas.Any(a => e.RoutePattern.RawText?.StartsWith(a, StringComparison.Ordinal) == true))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => new Route(
                m,
                e.RoutePattern.RawText!.TrimEnd('/'),
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "")))];

    /// <summary>One resource of each kind, as ids by route parameter name.</summary>
    private async Task<(RecognitionOrg Org, Dictionary<string, string> Ids)> WorldAsync()
    {
        var org = await platform.OrganizationAsync(employees: 1);
        var recognition = (await RecognizeAsync(org.Leader, org.Employees[0], "Story", [org.Pillar(Personal)])).GetProperty("id").GetString()!;
        var celebration = (await ScheduleAsync(org.Leader, "Party", DateTimeOffset.UtcNow.AddDays(30))).GetProperty("id").GetString()!;
        var bus = platform.Services.GetRequiredService<IBus>();
        await bus.Publish(new RolloutCompleted(org.Owner.OrganizationId, "rol_" + Guid.NewGuid().ToString("N"), "vision", 2, null, DateTimeOffset.UtcNow), Cancel);
        await bus.Publish(new CustomerFeedbackReceived(org.Owner.OrganizationId, "srv", "resp-" + Guid.NewGuid().ToString("N"), null, null, null, 5, 10, "Employee Number0 was lovely", DateTimeOffset.UtcNow), Cancel);
        string milestone = "", proposal = "";
        await Eventually.HoldsAsync(async () => (milestone = Ids(await GetJsonAsync(org.Leader, "/api/v1/celebrations/milestones")).FirstOrDefault() ?? "") != "", Eventually.Patience, "a milestone");
        await Eventually.HoldsAsync(async () => (proposal = Ids(await GetJsonAsync(org.Leader, "/api/v1/recognitions/proposals")).FirstOrDefault() ?? "") != "", Eventually.Patience, "a proposal");
        return (org, new Dictionary<string, string>
        {
            ["recognitionId"] = recognition,
            ["celebrationId"] = celebration,
            ["milestoneId"] = milestone,
            ["proposalId"] = proposal,
            ["departmentId"] = org.DepartmentIds[0],
            ["locationId"] = org.LocationIds[0],
        });
    }

    private static string PathFor(Route route, Dictionary<string, string> ids) =>
        string.Join('/', route.Template.Split('/').Select(s => s.StartsWith('{') ? Uri.EscapeDataString(ids[s.Trim('{', '}')]) : s));

    private static async Task<HttpResponseMessage> SendAsync(ApiSession session, Route route, string path, string? body = "{}")
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PUT" && body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        return await session.Client.SendAsync(request, Cancel);
    }

    private static async Task<List<string>> SnapshotAsync(ApiSession owner, IEnumerable<Route> reads, Dictionary<string, string> ids)
    {
        var snapshot = new List<string>();
        foreach (var route in reads)
        {
            var response = await owner.Client.GetAsync(new Uri(PathFor(route, ids), UriKind.Relative), Cancel);
            snapshot.Add($"{route} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        }

        return snapshot;
    }

    [Fact]
    public async Task Another_organizations_ids_are_404_on_every_route_and_change_nothing_there()
    {
        var (a, _) = await WorldAsync();
        var (b, bIds) = await WorldAsync();
        var routes = Routes();
        var reads = routes.Where(r => r.Method == "GET").ToList();
        var before = await SnapshotAsync(b.Owner, reads, bIds);

        var leaks = new List<string>();
        foreach (var route in routes.Where(r => r.HasIds))
        {
            var response = await SendAsync(a.Owner, route, PathFor(route, bIds));
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                leaks.Add($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
            }
        }

        foreach (var route in reads.Where(r => !r.HasIds))
        {
            var body = await (await a.Owner.Client.GetAsync(new Uri(route.Template, UriKind.Relative), Cancel)).Content.ReadAsStringAsync(Cancel);
            if (bIds.Values.Any(id => body.Contains(id, StringComparison.Ordinal)))
            {
                leaks.Add($"{route} shows B's data: {body}");
            }
        }

        Assert.True(routes.Count >= 25, $"only {routes.Count} routes found");
        Assert.Empty(leaks);
        Assert.Equal(before, await SnapshotAsync(b.Owner, reads, bIds));
    }

    [Fact]
    public async Task An_employee_gets_403_on_every_route_for_leaders_or_owners_and_a_leader_on_every_route_for_owners()
    {
        var (org, ids) = await WorldAsync();
        var routes = Routes();
        var before = await SnapshotAsync(org.Owner, routes.Where(r => r.Method == "GET"), ids);

        var allowed = new List<string>();
        foreach (var route in routes.Where(r => Policies.RoleOf(r.Policy) > MemberRole.Employee))
        {
            var response = await SendAsync(org.Employees[0], route, PathFor(route, ids));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                allowed.Add($"employee {route}: {(int)response.StatusCode}");
            }
        }

        foreach (var route in routes.Where(r => Policies.RoleOf(r.Policy) > MemberRole.Leader))
        {
            var response = await SendAsync(org.Leader, route, PathFor(route, ids));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                allowed.Add($"leader {route}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(allowed);
        Assert.All(routes, r => Assert.False(string.IsNullOrEmpty(r.Policy), $"{r} names no role"));
        Assert.Equal(before, await SnapshotAsync(org.Owner, routes.Where(r => r.Method == "GET"), ids));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"story\": {\"nested\": true}, \"pillarIds\": 7, \"at\": 12, \"kind\": []}")]
    public async Task Every_route_that_takes_a_body_answers_a_malformed_one_with_a_4xx_problem(string body)
    {
        var (org, ids) = await WorldAsync();
        var failures = new List<string>();
        foreach (var route in Routes().Where(r => r.Method is "POST" or "PUT"))
        {
            var response = await SendAsync(org.Owner, route, PathFor(route, ids), body);
            var status = (int)response.StatusCode;
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            var bodyless = route.Template.EndsWith("/hold", StringComparison.Ordinal) || route.Template.EndsWith("/dismiss", StringComparison.Ordinal);
            if (!(status is >= 400 and < 500 && problem) && !(bodyless && status < 400))
            {
                failures.Add($"{route}: {status} {await response.Content.ReadAsStringAsync(Cancel)}");
            }
        }

        Assert.Empty(failures);
    }
}
