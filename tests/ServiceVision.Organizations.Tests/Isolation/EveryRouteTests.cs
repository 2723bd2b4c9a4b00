using System.Net;
using System.Text;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Isolation;

/// <summary>Properties every route of the API has, checked on the routes the host really serves.</summary>
public sealed class EveryRouteTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static readonly string[] BodylessSuffixes = ["/publish", "/start", "/sign-out", "/hold", "/dismiss"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        using var client = platform.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Cancel));
        var paths = document.RootElement.GetProperty("paths");

        var missing = ApiRoute.All(platform)
            .Where(route => !paths.TryGetProperty(OpenApiPath(route.Template), out var path) || !path.TryGetProperty(route.Method.ToLowerInvariant(), out _))
            .Select(route => route.ToString())
            .ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"name\": {\"nested\": true}, \"items\": 7, \"statement\": 12}")]
    public async Task Every_route_that_takes_a_body_answers_a_malformed_one_with_a_4xx_problem_and_never_a_5xx(string body)
    {
        var world = await TenantWorld.CreateAsync(platform, versions: 1);
        var failures = new List<string>();
        foreach (var route in ApiRoute.All(platform).Where(r => r.Method is "POST" or "PUT"))
        {
            var path = route.Parameters.Count == 0 ? route.Template : world.PathFor(route);
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            var response = await world.Owner.Client.SendAsync(request, Cancel);

            var status = (int)response.StatusCode;
            var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            var harmless = status is >= 400 and < 500 && isProblem;

            // A few routes take no body at all (publish, start, sign-out): they may succeed or refuse, but never fail.
            if (!harmless && !(status < 400 && BodylessSuffixes.Any(suffix => route.Template.EndsWith(suffix, StringComparison.Ordinal))))
            {
                failures.Add($"{route}: {status} {response.Content.Headers.ContentType?.MediaType} {await response.Content.ReadAsStringAsync(Cancel)}");
            }
        }

        Assert.Empty(failures);
    }

    private static string OpenApiPath(string template) =>
        string.Join('/', template.Split('/').Select(s => s.StartsWith('{') ? "{" + s.Trim('{', '}').Split(':')[0] + "}" : s));
}
