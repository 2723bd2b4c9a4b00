using System.Net;
using System.Net.Http.Json;
using ServiceVision.Domain.Members;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Isolation;

/// <summary>
/// Walks every route the host serves (read from the host itself, so a new route is covered
/// automatically) and proves that one organization cannot read or change another's data, and
/// that roles are enforced.
/// </summary>
public sealed class TenantIsolationTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static readonly HashSet<string> AnonymousRoutes =
    [
        "POST /api/v1/signup",
        "POST /api/v1/auth/sign-in",
        "POST /api/v1/auth/sign-out",
        "POST /api/v1/invitations/accept",

        // Surveys: customers answer a public link without signing in (rate limited, once per respondent token).
        "GET /api/v1/public/surveys/{linkToken}",
        "POST /api/v1/public/surveys/{linkToken}",

        // Partners: the AsyncAPI document of the partner messages holds no data.
        "GET /api/v1/partners/asyncapi.json",
    ];

    /// <summary>
    /// Partners: the registry (/api/v1/platform/partners) belongs to platform administrators (a bearer
    /// token), not to any organization, so no member of any organization gets past 401 there; it is
    /// not a tenant route and is left out of the cross-tenant 404 walk (tests/ServiceVision.Partners.Tests covers it).
    /// </summary>
    private static bool IsPlatformAdminRoute(ApiRoute route) => route.Policy == "platform-admin";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A body that would be valid for the route, so a 404 cannot hide behind a 400.</summary>
    private static object BodyFor(ApiRoute route, TenantWorld world) => route.Template switch
    {
        _ when route.Method is "GET" or "DELETE" => new { },
        "/api/v1/members/{id}" => new { role = "Employee" },
        "/api/v1/departments/{id}" => new { name = "Renamed " + world.Marker },
        "/api/v1/locations/{id}" => new { name = "Renamed " + world.Marker, region = "North" },
        "/api/v1/vision/drafts/{id}" => new { statement = "Every guest leaves smiling.", items = Array.Empty<object>() },
        "/api/v1/vision/drafts/{id}/reviews" => new { verdict = "Approve", comment = "ok" },
        "/api/v1/service-design/department-visions/{departmentId}" => new { statement = "We greet every guest." },
        "/api/v1/service-design/journeys/{journeyId}" => new { name = "Journey", touchpoints = Array.Empty<object>() },
        "/api/v1/hiring/criteria/{criterionId}/questions" => new { text = "Tell me about a guest you helped?" },
        "/api/v1/announcements/{announcementId}/acknowledge" => new { channel = "Email" },
        "/api/v1/empowerment/guidelines/{role}" => new { gestures = new[] { "A free coffee" } },
        "/api/v1/empowerment/recoveries/{recoveryRecordId}/decision" => new { decision = "Approve" },
        "/api/v1/hiring/candidates/{candidateId}/evaluations" => new { scores = new Dictionary<string, int>() },
        "/api/v1/training/assignments/{assignmentId}/modules/{moduleId}/answers" => new { answers = new[] { new { questionId = "recall-statement", choiceIds = new[] { "a" } } } },
        "/api/v1/partner-grants/{partnerId}" => new { events = new[] { "TrainingCompleted" }, commands = Array.Empty<string>() },

        // Network vision
        "/api/v1/locations/{locationId}/vision/adoption" => new { version = 1 },
        "/api/v1/locations/{locationId}/vision/items" => new { kind = "Never", text = "Never keep a guest waiting " + world.Marker },
        "/api/v1/locations/{locationId}/vision/items/{localItemId}" => new { kind = "Always", text = "Always smile " + world.Marker },
        "/api/v1/audit-checklists/{checklistId}" => new { name = "Renamed " + world.Marker, items = new[] { new { text = "Greeting", visionItemId = world.Ids["standard"], weight = 1, critical = false } } },
        "/api/v1/locations/{locationId}/audit-visits" => new { checklistId = world.Ids["checklistId"], results = new[] { new { itemId = world.Ids["standard"], passed = true } } },
        _ => new { },
    };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, ApiRoute route, string path, TenantWorld bodyWorld)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is not "GET" and not "DELETE")
        {
            request.Content = JsonContent.Create(BodyFor(route, bodyWorld));
        }

        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        return await client.SendAsync(request, Cancel);
    }

    [Fact]
    public void Every_route_is_anonymous_by_design_or_names_the_least_role_it_needs()
    {
        var routes = ApiRoute.All(platform);

        Assert.True(routes.Count > 40, $"only {routes.Count} routes found");
        Assert.All(routes, route => Assert.True(
            route.AllowsAnonymous ? AnonymousRoutes.Contains(route.ToString()) : route.Policy is not null,
            $"{route} must either be one of the anonymous account routes or require a role policy"));
    }

    [Fact]
    public async Task A_member_of_one_organization_gets_404_for_every_resource_of_another_and_changes_nothing_there()
    {
        var a = await TenantWorld.CreateAsync(platform, versions: 1);
        var b = await TenantWorld.CreateAsync(platform, versions: 2);
        var routes = ApiRoute.All(platform).Where(r => !r.AllowsAnonymous).ToList();
        var readsOfB = routes.Where(r => r.Method == "GET" && !IsPlatformAdminRoute(r)).ToList();
        var before = await SnapshotAsync(b, readsOfB);

        var leaks = new List<string>();
        foreach (var route in routes.Where(r => r.Parameters.Count > 0 && !IsPlatformAdminRoute(r)))
        {
            var response = await SendAsync(a.Owner.Client, route, b.PathFor(route), a);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            var namesOnly = route.Parameters.All(TenantWorld.SharedNames.Contains);
            if (namesOnly ? body.Contains(b.Marker, StringComparison.Ordinal) : response.StatusCode != HttpStatusCode.NotFound)
            {
                leaks.Add($"{route} with B's ids: {(int)response.StatusCode} {body}");
            }
        }

        // Routes without ids act on the caller's own organization: nothing of B may show up.
        foreach (var route in routes.Where(r => r.Parameters.Count == 0 && r.Method == "GET"))
        {
            var body = await (await a.Owner.Client.GetAsync(new Uri(route.Template + QueryFor(route, a), UriKind.Relative), Cancel)).Content.ReadAsStringAsync(Cancel);
            if (body.Contains(b.Marker, StringComparison.Ordinal) || b.Ids.Values.Any(id => id.Length > 8 && body.Contains(id, StringComparison.Ordinal)))
            {
                leaks.Add($"{route} answered A with B's data: {body}");
            }
        }

        Assert.Empty(leaks);
        Assert.Equal(before, await SnapshotAsync(b, readsOfB));
    }

    [Fact]
    public async Task An_employee_gets_403_on_every_route_that_needs_a_leader_or_an_owner()
    {
        var world = await TenantWorld.CreateAsync(platform, versions: 1);
        var guarded = ApiRoute.All(platform).Where(r => r.RequiredRole > MemberRole.Employee).ToList();
        var before = await SnapshotAsync(world, ApiRoute.All(platform).Where(r => r.Method == "GET" && !IsPlatformAdminRoute(r)).ToList());

        var allowed = new List<string>();
        foreach (var route in guarded)
        {
            var response = await SendAsync(world.Employee.Client, route, world.PathFor(route), world);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                allowed.Add($"{route}: {(int)response.StatusCode}");
            }
        }

        Assert.True(guarded.Count > 20, $"only {guarded.Count} guarded routes found");
        Assert.Empty(allowed);
        Assert.Equal(before, await SnapshotAsync(world, ApiRoute.All(platform).Where(r => r.Method == "GET" && !IsPlatformAdminRoute(r)).ToList()));
    }

    /// <summary>What the organization's own owner reads on every GET route: it must not change.</summary>
    private static async Task<List<string>> SnapshotAsync(TenantWorld world, IReadOnlyList<ApiRoute> reads)
    {
        var snapshot = new List<string>();
        foreach (var route in reads)
        {
            var path = route.Parameters.Count == 0 ? route.Template + QueryFor(route, world) : world.PathFor(route);
            var response = await world.Owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel);
            snapshot.Add($"{route} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        }

        return snapshot;
    }

    private static string QueryFor(ApiRoute route, TenantWorld world) => route.Template switch
    {
        "/api/v1/service-design/touchpoints" => "?departmentId=" + world.Ids["departments"],
        "/api/v1/huddles/next-topic" => "?departmentId=" + world.Ids["departments"],
        _ => "",
    };
}
