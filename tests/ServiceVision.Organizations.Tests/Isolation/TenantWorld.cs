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

        // Locations
        ids["locations"] = Id(await PostAsync("/api/v1/locations", new { name = "Location " + marker, region = "Region " + marker, code = "C-" + marker }));

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

        // Audits: a checklist on the published standard, and a visit at the location that fails it (critical), which raises an alert.
        ids["checklistId"] = Id(await PostAsync("/api/v1/audit-checklists", new { name = "Checklist " + marker, items = new[] { new { text = "Greeting " + marker, visionItemId = ids["standard"], weight = 2, critical = true } } }));
        ids["visitId"] = Id(await PostAsync($"/api/v1/locations/{ids["locations"]}/audit-visits", new { checklistId = ids["checklistId"], results = new[] { new { itemId = ids["standard"], passed = false, note = "Note " + marker } } }));

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

        // Improvement plan: an announcement, a guideline, a recorded recovery and a huddle, each carrying the marker.
        var pillarId = version.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "Pillar").GetProperty("id").GetString()!;
        ids["announcementId"] = Id(await PostAsync("/api/v1/announcements", new { title = "Announcement " + marker, message = "Read our vision " + marker, channels = new List<string> { "Email" }, audience = new { kind = "Everyone" } }));
        ids["role"] = "Employee";
        using (var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/empowerment/guidelines/Employee"))
        {
            put.Content = JsonContent.Create(new { gestures = new[] { "Gesture " + marker }, examples = new[] { new { pillarId, text = "Example " + marker } } });
            put.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
            await ApiSessions.EnsureAsync(await client.SendAsync(put), HttpStatusCode.OK);
        }

        ids["recoveryRecordId"] = Id(await PostAsync("/api/v1/empowerment/recoveries", new { whatHappened = "Happened " + marker, whatWasDone = "Done " + marker, outcome = "Recovered", touchpoint = "Door " + marker }));
        ids["huddleId"] = Id(await PostAsync("/api/v1/huddles", new { team = new { kind = "Department", id = ids["departments"] }, attendeeIds = new[] { owner.MemberId }, topic = new { kind = "Pillar", refId = pillarId, text = "Topic " + marker } }));

        // Recognition: a recognition of the employee, a celebration nominating it, a milestone (a completed
        // rollout) and a proposal (a customer comment naming the employee), the last two through the bus.
        var livedPillar = version.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "Pillar").GetProperty("id").GetString()!;
        ids["recognitionId"] = Id(await PostAsync("/api/v1/recognitions", new { memberId = employee.MemberId, story = "Story " + marker, pillarIds = new[] { livedPillar } }));
        ids["celebrationId"] = Id(await PostAsync("/api/v1/celebrations", new { title = "Celebration " + marker, at = DateTimeOffset.UtcNow.AddDays(30) }));
        ids["locationId"] = ids["locations"];
        var bus = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MassTransit.IBus>(platform.Services);
        await bus.Publish(new ServiceVision.Contracts.Organizations.V1.RolloutCompleted(owner.OrganizationId, "rol_" + marker, "vision", 2, null, DateTimeOffset.UtcNow));
        await bus.Publish(new ServiceVision.Contracts.Surveys.V1.CustomerFeedbackReceived(owner.OrganizationId, "srv_" + marker, "resp_" + marker, null, null, null, 5, 10, $"Employee {marker} was wonderful", DateTimeOffset.UtcNow));
        ids["milestoneId"] = await FirstIdAsync(client, "/api/v1/celebrations/milestones");
        ids["proposalId"] = await FirstIdAsync(client, "/api/v1/recognitions/proposals");

        // Partners: partners are platform-wide (the registry of platform administrators, which answers
        // members 401), so a partner is registered straight in the registry grain (no broker user needed)
        // and this organization grants it; "partnerId" is a shared name (see SharedNames).
        var partnerId = "ptn_" + Guid.NewGuid().ToString("N");
        var grains = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ServiceVision.Grains.IGrainFactory>(platform.Services);
        await grains.GetGrain<ServiceVision.Partners.Abstractions.IPartnerRegistryGrain>(ServiceVision.Partners.PartnerKeys.RegistryKey).Add(partnerId, "Isolation partner " + partnerId);
        using (var grant = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/partner-grants/{partnerId}"))
        {
            grant.Content = JsonContent.Create(new { events = new List<string> { "TrainingCompleted" }, commands = new List<string> { "MemberLeft" } });
            grant.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
            await ApiSessions.EnsureAsync(await client.SendAsync(grant), HttpStatusCode.OK);
        }

        ids["partnerId"] = partnerId;
        ids["partners"] = partnerId;

        // Surveys: an open pulse survey distributed to everyone (so the owner reads it under /surveys/mine too),
        // and an open customer survey with a public link at the location and one low-scored response on a
        // touchpoint, which raises a service recovery through the bus.
        async Task<string> OpenSurveyAsync(string kind)
        {
            var id = Id(await PostAsync("/api/v1/surveys", new { kind, title = $"{kind} survey {marker}" }));
            using var open = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/surveys/{id}/open");
            open.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            await ApiSessions.EnsureAsync(await client.SendAsync(open), HttpStatusCode.OK);
            return id;
        }

        ids["surveyId"] = await OpenSurveyAsync("Pulse");
        await PostAsync($"/api/v1/surveys/{ids["surveyId"]}/distributions", new { });
        var customerSurvey = await OpenSurveyAsync("CustomerFeedback");
        var surveyLink = await PostAsync($"/api/v1/surveys/{customerSurvey}/links", new { locationId = ids["locations"] });
        ids["linkId"] = Id(surveyLink);
        ids["linkToken"] = surveyLink.GetProperty("token").GetString()!;
        var surveyResponse = await PostAsync($"/api/v1/public/surveys/{ids["linkToken"]}", new
        {
            respondentToken = "respondent-" + marker,
            answers = new object[] { new { questionId = "csat", value = 1 }, new { questionId = "nps", value = 0 }, new { questionId = "comment", text = "Comment " + marker } },
            touchpoint = "Desk " + marker,
        });
        ids["responseId"] = surveyResponse.GetProperty("responseId").GetString()!;
        ids["recoveryId"] = await FirstIdAsync(client, "/api/v1/survey-recoveries");

        // Network vision: the location adopts the network's current version (so no late rollout message
        // changes it between snapshots) and adds a local item carrying the marker.
        ids["localItemId"] = await LocationVisionAsync(client, ids["locations"], versions, marker);

        ids["departmentId"] = ids["departments"];
        ids["journeyId"] = ids["journeys"];
        ids["number"] = versions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new TenantWorld(owner, employee, marker, ids);
    }

    /// <summary>
    /// Route parameters that are names every organization has for its own resource (the "vision"
    /// course, its "recall" module, a role whose empowerment guideline it is), not ids: a route named only by them reaches the caller's own.
    /// A partner id is one too: partners are platform-wide, and a grant route reaches the caller's own grant of that partner.
    /// </summary>
    public static IReadOnlySet<string> SharedNames { get; } = new HashSet<string>(StringComparer.Ordinal) { "courseId", "moduleId", "role", "partnerId" };

    /// <summary>Adopts <paramref name="version"/> at the location once it is offered, then adds a local item; its id.</summary>
    private static async Task<string> LocationVisionAsync(HttpClient client, string locationId, int version, string marker)
    {
        var path = $"/api/v1/locations/{locationId}/vision";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var read = await client.GetAsync(new Uri(path, UriKind.Relative));
            await ApiSessions.EnsureAsync(read, HttpStatusCode.OK);
            var offered = (await read.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json)).GetProperty("adoption").GetProperty("offeredVersion");
            if (offered.ValueKind == JsonValueKind.Number && offered.GetInt32() == version)
            {
                using var adopt = new HttpRequestMessage(HttpMethod.Post, path + "/adoption") { Content = JsonContent.Create(new { version }) };
                adopt.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
                var adopted = await client.SendAsync(adopt);

                // 412: the rollout stored its offer meanwhile; read again.
                if (adopted.StatusCode != HttpStatusCode.PreconditionFailed)
                {
                    await ApiSessions.EnsureAsync(adopted, HttpStatusCode.OK);
                    break;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Version {version} was not offered to the location within 30 s.");
            }

            await Task.Delay(50);
        }

        var item = await client.PostAsJsonAsync(path + "/items", new { kind = "Never", text = "Local never " + marker });
        await ApiSessions.EnsureAsync(item, HttpStatusCode.Created);
        return (await item.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json)).GetProperty("id").GetString()!;
    }

    /// <summary>The id of the first item of a list that a consumer fills (recognition milestones and proposals).</summary>
    private static async Task<string> FirstIdAsync(HttpClient client, string list)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(list, ApiSessions.Json);
            if (page.GetProperty("total").GetInt32() > 0)
            {
                return page.GetProperty("items")[0].GetProperty("id").GetString()!;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Nothing appeared in {list} within 30 s.");
            }

            await Task.Delay(50);
        }
    }

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
