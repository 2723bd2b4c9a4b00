using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Isolation;

/// <summary>
/// An organization with one resource of every kind the API serves, created through the API: the
/// ids a route can name, and a marker string inside its data so a leak is easy to spot.
/// </summary>
public sealed class TenantWorld
{
    private TenantWorld(ApiSession owner, ApiSession employee, string marker, IReadOnlyDictionary<string, string> ids)
    {
        Owner = owner;
        Employee = employee;
        Marker = marker;
        Ids = ids;
    }

    public ApiSession Owner { get; }

    public ApiSession Employee { get; }

    /// <summary>A string that appears in this organization's names and texts and nowhere else.</summary>
    public string Marker { get; }

    /// <summary>Route parameter name (qualified by area where names repeat) to this organization's resource id.</summary>
    public IReadOnlyDictionary<string, string> Ids { get; }

    public static async Task<TenantWorld> CreateAsync(PlatformFactory platform, int versions)
    {
        var marker = "mk" + Guid.NewGuid().ToString("N")[..10];
        var owner = await platform.SignUpAsync("Org " + marker);
        var employee = await platform.InviteMemberAsync(owner, "Employee", "Employee " + marker);
        var client = owner.Client;
        var ids = new Dictionary<string, string>();

        async Task<JsonElement> PostAsync(string path, object body)
        {
            var response = await client.PostAsJsonAsync(path, body);
            await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
            return await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json);
        }

        static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

        ids["departments"] = Id(await PostAsync("/api/v1/departments", new { name = "Dept " + marker }));
        ids["members"] = employee.MemberId;
        ids["invitations"] = Id(await PostAsync("/api/v1/invitations", new { email = $"{marker}@example.com", name = "Invitee " + marker, role = "Employee" }));
        ids["api-keys"] = Id(await PostAsync("/api/v1/api-keys", new { name = "Key " + marker, role = "Leader" }));

        JsonElement version = default;
        for (var i = 1; i <= versions; i++)
        {
            version = await platform.PublishVisionAsync(owner, $"Every guest of {marker} leaves smiling, every time (v{i}).",
            [
                new { kind = "Pillar", text = "Personal touch " + marker, order = 0 },
                new { kind = "Standard", text = "Greet every guest by name " + marker, order = 1 },
            ]);
        }

        ids["standard"] = version.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "Standard").GetProperty("id").GetString()!;
        ids["drafts"] = Id(await PostAsync("/api/v1/vision/drafts", new { statement = "Draft " + marker, items = Array.Empty<object>() }));
        ids["observations"] = Id(await PostAsync("/api/v1/vision/observations", new { text = "Observation " + marker }));
        ids["journeys"] = Id(await PostAsync("/api/v1/service-design/journeys", new
        {
            name = "Journey " + marker,
            touchpoints = new[] { new { name = "Front door " + marker, channel = "InPerson", order = 0, affectedBy = new[] { new { departmentId = ids["departments"], role = "host" } }, standardItemIds = new[] { ids["standard"] } } },
        }));
        var scorecard = await client.GetFromJsonAsync<JsonElement>("/api/v1/hiring/scorecard", ApiSessions.Json);
        ids["criterionId"] = scorecard.GetProperty("criteria").EnumerateArray().First().GetProperty("id").GetString()!;
        ids["questionId"] = Id(await PostAsync($"/api/v1/hiring/criteria/{ids["criterionId"]}/questions", new { text = "Question " + marker + "?" }));
        ids["candidateId"] = Id(await PostAsync("/api/v1/hiring/candidates", new { name = "Candidate " + marker, position = "Barista" }));

        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/service-design/department-visions/{ids["departments"]}"))
        {
            put.Content = JsonContent.Create(new { statement = "Department vision " + marker });
            await ApiSessions.EnsureAsync(await client.SendAsync(put), HttpStatusCode.OK);
        }

        // Training: a rollout to everyone; the training service gives the owner an assignment of the vision course.
        ids["rolloutId"] = Id(await PostAsync("/api/v1/training/rollouts", new { title = "Rollout " + marker, dueAt = DateTimeOffset.UtcNow.AddDays(14), audience = new { kind = "Everyone" } }));
        ids["assignmentId"] = await FirstAssignmentAsync(client);
        ids["courseId"] = "vision";
        ids["moduleId"] = "recall";

        ids["departmentId"] = ids["departments"];
        ids["journeyId"] = ids["journeys"];
        ids["number"] = versions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new TenantWorld(owner, employee, marker, ids);
    }

    /// <summary>
    /// Route parameters that are names every organization has for its own resource (the "vision"
    /// course, its "recall" module), not ids: a route named only by them reaches the caller's own.
    /// </summary>
    public static IReadOnlySet<string> SharedNames { get; } = new HashSet<string>(StringComparer.Ordinal) { "courseId", "moduleId" };

    private static async Task<string> FirstAssignmentAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mine = await client.GetFromJsonAsync<JsonElement>("/api/v1/training/assignments", ApiSessions.Json);
            if (mine.GetProperty("total").GetInt32() > 0)
            {
                return mine.GetProperty("items")[0].GetProperty("id").GetString()!;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The training service did not assign the rollout within 30 s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Fills a route template's parameters with this organization's ids.</summary>
    public string PathFor(ApiRoute route)
    {
        var segments = route.Template.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{'))
            {
                continue;
            }

            var name = segments[i].Trim('{', '}').Split(':')[0];
            // A bare {id} belongs to the collection just before it (drafts/{id}, members/{id}, ...).
            var key = name == "id" ? segments[i - 1] : name;
            segments[i] = Ids.TryGetValue(key, out var value)
                ? Uri.EscapeDataString(value)
                : throw new InvalidOperationException($"The isolation world has no resource for {{{name}}} in {route}: add one to TenantWorld.");
        }

        return string.Join('/', segments);
    }
}
