using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Testing;

namespace ServiceVision.Training.Tests;

/// <summary>Requests and set-ups the training tests share.</summary>
internal static class TrainingHttp
{
    public const string Courses = "/api/v1/training/courses";
    public const string Assignments = "/api/v1/training/assignments";

    public const string Statement = "We greet every guest by name and make each visit feel personal.";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Two pillars (one with two sub-pillars), two standards, a never and an always item.</summary>
    public static object[] Items() =>
    [
        new { id = "p-personal", kind = "Pillar", text = "Personal touch", order = 0 },
        new { id = "sp-name", kind = "SubPillar", parentId = "p-personal", text = "Use the guest's name", order = 0 },
        new { id = "sp-prefs", kind = "SubPillar", parentId = "p-personal", text = "Remember their preferences", order = 1 },
        new { id = "p-beyond", kind = "Pillar", text = "Going above and beyond", order = 1 },
        new { id = "s-phone", kind = "Standard", text = "Answer the phone within three rings", order = 0 },
        new { id = "s-mail", kind = "Standard", text = "Reply to every e-mail the same day", order = 1 },
        new { id = "n-job", kind = "Never", text = "Say \"that's not my job\"", order = 0 },
        new { id = "a-thanks", kind = "Always", text = "Thank the guest", order = 0 },
    ];

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string uri, object? body = null, string? ifMatch = null, string? idempotencyKey = null) =>
        ApiSessions.SendAsync(client, method, uri, body, ifMatch, idempotencyKey);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await ApiSessions.EnsureAsync(response, expected);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
    }

    public static async Task<JsonElement> GetJsonAsync(ApiSession session, string uri) =>
        await JsonAsync(await session.Client.GetAsync(new Uri(uri, UriKind.Relative), Cancel));

    /// <summary>The field names of a problem's <c>errors</c>.</summary>
    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>An owner with <paramref name="employees"/> invited employees and a published vision whose course is built.</summary>
    public static async Task<(ApiSession Owner, ApiSession[] Employees, JsonElement Version)> OrganizationWithCourseAsync(this PlatformFactory platform, int employees)
    {
        var owner = await platform.SignUpAsync();
        var members = new ApiSession[employees];
        for (var i = 0; i < employees; i++)
        {
            members[i] = await platform.InviteMemberAsync(owner, "Employee");
        }

        var version = await platform.PublishVisionAsync(owner, Statement, Items());
        await WaitForCourseAsync(owner, version.GetProperty("number").GetInt32());
        return (owner, members, version);
    }

    /// <summary>Polls the vision course until it is built from <paramref name="visionVersion"/>.</summary>
    public static async Task<JsonElement> WaitForCourseAsync(ApiSession leader, int visionVersion)
    {
        var deadline = DateTime.UtcNow + Eventually.Patience;
        while (true)
        {
            var response = await leader.Client.GetAsync(new Uri($"{Courses}/vision", UriKind.Relative), Cancel);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var course = await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
                if (course.GetProperty("visionVersion").GetInt32() >= visionVersion)
                {
                    return course;
                }
            }
            else
            {
                await ApiSessions.EnsureAsync(response, HttpStatusCode.NotFound);
            }

            Assert.True(DateTime.UtcNow < deadline, $"The vision course of version {visionVersion} was not built within {Eventually.Patience.TotalSeconds} s.");
            await Task.Delay(25, Cancel);
        }
    }

    /// <summary>Publishes <see cref="AssignTraining"/> on the host's bus, as the rollouts do (through their outbox).</summary>
    public static async Task AssignAsync(this PlatformFactory platform, string organizationId, string rolloutId, DateTimeOffset dueAt, params string[] memberIds)
    {
        var bus = platform.Services.GetRequiredService<IBus>();
        await bus.Publish(new AssignTraining(organizationId, rolloutId, "vision", dueAt, memberIds), Cancel);
    }

    /// <summary>Polls the member's assignments until there are <paramref name="count"/>; returns the list.</summary>
    public static async Task<JsonElement> WaitForAssignmentsAsync(ApiSession member, int count)
    {
        var deadline = DateTime.UtcNow + Eventually.Patience;
        while (true)
        {
            var list = await GetJsonAsync(member, Assignments);
            if (list.GetProperty("total").GetInt32() >= count)
            {
                return list;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{count} assignments did not appear within {Eventually.Patience.TotalSeconds} s.");
            await Task.Delay(25, Cancel);
        }
    }

    /// <summary>The right answers to every module of a course (from the leaders' view), as request bodies by module id.</summary>
    public static Dictionary<string, object> RightAnswers(JsonElement course) =>
        course.GetProperty("modules").EnumerateArray().ToDictionary(
            m => m.GetProperty("id").GetString()!,
            m => m.GetProperty("kind").GetString() == "Attestation"
                ? (object)new { acknowledgedItemIds = m.GetProperty("acknowledgements").EnumerateArray().Select(a => a.GetProperty("itemId").GetString()).ToArray() }
                : new { answers = m.GetProperty("questions").EnumerateArray().Select(RightAnswer).ToArray() });

    public static object RightAnswer(JsonElement question) =>
        question.GetProperty("kind").GetString() == "FillIn"
            ? new { questionId = question.GetProperty("id").GetString(), text = question.GetProperty("acceptedAnswers")[0].GetString() }
            : new { questionId = question.GetProperty("id").GetString(), choiceIds = question.GetProperty("correctChoiceIds").EnumerateArray().Select(c => c.GetString()).ToArray() };

    public static object WrongAnswer(JsonElement question)
    {
        var right = question.GetProperty("correctChoiceIds").EnumerateArray().Select(c => c.GetString()).ToHashSet();
        var wrong = question.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("id").GetString()).First(id => !right.Contains(id));
        return new { questionId = question.GetProperty("id").GetString(), choiceIds = new[] { wrong } };
    }

    public static JsonElement Module(JsonElement course, string moduleId) =>
        course.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("id").GetString() == moduleId);

    public static JsonElement Question(JsonElement course, string questionId) =>
        course.GetProperty("modules").EnumerateArray().SelectMany(m => m.GetProperty("questions").EnumerateArray()).Single(q => q.GetProperty("id").GetString() == questionId);

    /// <summary>A course as a PUT body: every module and question as it is.</summary>
    public static JsonObject EditBody(JsonElement course) => new()
    {
        ["title"] = course.GetProperty("title").GetString(),
        ["modules"] = new JsonArray([.. course.GetProperty("modules").EnumerateArray().Select(m => (JsonNode)new JsonObject
        {
            ["id"] = m.GetProperty("id").GetString(),
            ["title"] = m.GetProperty("title").GetString(),
            ["questions"] = new JsonArray([.. m.GetProperty("questions").EnumerateArray().Select(q => (JsonNode)new JsonObject
            {
                ["id"] = q.GetProperty("id").GetString(),
                ["text"] = q.GetProperty("text").GetString(),
                ["choices"] = JsonNode.Parse(q.GetProperty("choices").GetRawText()),
                ["correctChoiceIds"] = JsonNode.Parse(q.GetProperty("correctChoiceIds").GetRawText()),
                ["acceptedAnswers"] = JsonNode.Parse(q.GetProperty("acceptedAnswers").GetRawText()),
            })]),
        })]),
    };
}
