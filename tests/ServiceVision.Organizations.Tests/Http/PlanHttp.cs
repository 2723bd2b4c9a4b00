using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Messaging;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Requests and events the improvement plan tests share.</summary>
internal static class PlanHttp
{
    public const string Statement = "We greet every guest by name and make each visit feel personal.";

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static IBus Bus(PlatformFactory platform) => platform.Services.GetRequiredService<IBus>();

    public static async Task<HttpResponseMessage> SendAsync(ApiSession session, HttpMethod method, string uri, object? body = null, string? ifMatch = null, string? idempotencyKey = null) =>
        await ApiSessions.SendAsync(session.Client, method, uri, body, ifMatch, idempotencyKey);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(ApiSession session, string uri)
    {
        var response = await session.Client.GetAsync(new Uri(uri, UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return await JsonAsync(response);
    }

    public static async Task<JsonElement> PostAsync(ApiSession session, string uri, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await SendAsync(session, HttpMethod.Post, uri, body);
        await ApiSessions.EnsureAsync(response, expected);
        return await JsonAsync(response);
    }

    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response) =>
        [.. (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    public static string Id(JsonElement resource) => resource.GetProperty("id").GetString()!;

    /// <summary>Each step's state by step name.</summary>
    public static async Task<Dictionary<string, string>> StatesAsync(ApiSession session)
    {
        var plan = await GetAsync(session, "/api/v1/plan");
        return plan.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!, s => s.GetProperty("state").GetString()!);
    }

    public static async Task<string> StateAsync(ApiSession session, string step) => (await StatesAsync(session))[step];

    /// <summary>Polls the plan until <paramref name="step"/> is in <paramref name="state"/> (events arrive through the broker).</summary>
    public static Task WaitForStateAsync(ApiSession session, string step, string state) =>
        Eventually.HoldsAsync(async () => await StateAsync(session, step) == state, Eventually.Patience, $"{step} becomes {state}");

    public static async Task<string> CreateDepartmentAsync(ApiSession owner, string name) =>
        Id(await PostAsync(owner, "/api/v1/departments", new { name }));

    public static async Task<string> CreateLocationAsync(ApiSession owner, string name) =>
        Id(await PostAsync(owner, "/api/v1/locations", new { name }));

    /// <summary>The owner invites a member into a department and/or at a location; they accept and are signed in.</summary>
    public static async Task<ApiSession> InviteAsync(PlatformFactory platform, ApiSession owner, string role, string name, string? departmentId = null, string? locationId = null)
    {
        var email = $"plan-{Guid.NewGuid():N}@example.com";
        const string password = "member password 1234";
        var invited = await PostAsync(owner, "/api/v1/invitations", new { email, name, role, departmentId, locationId });
        var client = platform.CreateClient();
        var accepted = await client.PostAsJsonAsync("/api/v1/invitations/accept", new { token = invited.GetProperty("token").GetString(), password }, Cancel);
        await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
        var member = await JsonAsync(accepted);
        return new ApiSession(client, member.GetProperty("organizationId").GetString()!, member.GetProperty("memberId").GetString()!, email, password);
    }

    public static object Announcement(string title = "Our vision", object? audience = null, int? maxReminders = null, int? remindEveryHours = null) => new
    {
        title,
        message = "This is our customer service vision: " + Statement + " Please read it and acknowledge.",
        channels = new[] { "Email", "Huddle" },
        audience = audience ?? new { kind = "Everyone" },
        maxReminders,
        remindEveryHours,
    };

    public static Task<JsonElement> AcknowledgeAsync(ApiSession member, string announcementId) =>
        PostAsync(member, $"/api/v1/announcements/{announcementId}/acknowledge", new { channel = "Email" }, HttpStatusCode.OK);

    public static object Guideline(string? pillarId = null, decimal limit = 50m) => new
    {
        refundLimit = new { amount = limit, currency = "EUR" },
        gestures = new[] { "A free coffee", "A handwritten apology card" },
        examples = pillarId is null ? Array.Empty<object>() : new object[] { new { pillarId, text = "Remember the guest's name and their usual order." } },
    };

    public static async Task<JsonElement> SetGuidelineAsync(ApiSession leader, string role, object body)
    {
        var current = await leader.Client.GetAsync(new Uri($"/api/v1/empowerment/guidelines/{role}", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(current, HttpStatusCode.OK);
        var response = await SendAsync(leader, HttpMethod.Put, $"/api/v1/empowerment/guidelines/{role}", body, current.Headers.ETag!.Tag);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return await JsonAsync(response);
    }

    public static object Recovery(decimal? amount = 20m, string? recoveryId = null, string outcome = "Recovered") => new
    {
        whatHappened = "The guest waited 20 minutes for a table they had booked.",
        whatWasDone = "Apologized, seated them at the window and offered dessert.",
        amount = amount is null ? null : new { amount, currency = "EUR" },
        outcome,
        touchpoint = "Front door",
        recoveryId,
    };

    public static object Huddle(string departmentId, IEnumerable<string> attendeeIds, string pillarId, DateTimeOffset? heldAt = null) => new
    {
        team = new { kind = "Department", id = departmentId },
        attendeeIds,
        topic = new { kind = "Pillar", refId = pillarId, text = "Personal touch" },
        heldAt,
    };

    public static Task PublishScoresAsync(PlatformFactory platform, string organizationId, string surveyId, string kind, long sequence, params SurveyGroupScore[] groups) =>
        Bus(platform).Publish(new SurveyScoresPublished(organizationId, surveyId, kind, 1, sequence, DateTimeOffset.UtcNow, groups), Cancel);

    public static Task PublishRecognitionAsync(PlatformFactory platform, ApiSession member, string recognitionId, string pillarId, string? departmentId, string? locationId = null) =>
        Bus(platform).Publish(new RecognitionGiven(member.OrganizationId, recognitionId, member.MemberId, member.MemberId, [pillarId], [], locationId, departmentId, DateTimeOffset.UtcNow), Cancel);

    public static Task PublishComplaintAsync(PlatformFactory platform, string organizationId, string recoveryId, string? locationId = null, DateTimeOffset? respondBy = null) =>
        Bus(platform).Publish(new ServiceRecoveryNeeded(organizationId, recoveryId, "srv_1", "rsp_" + recoveryId, locationId, "InPerson", "Front door", 1, -80, "Nobody greeted us.", DateTimeOffset.UtcNow, respondBy ?? DateTimeOffset.UtcNow.AddDays(2)), Cancel);
}

/// <summary>What another service would receive: a queue of our own bound to <typeparamref name="T"/> on the test's virtual host.</summary>
internal sealed class MessageListener<T> : IAsyncDisposable
    where T : class
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<T> received = new();
    private IBusControl? bus;

    public IReadOnlyList<T> Received => [.. received];

    public static async Task<MessageListener<T>> StartAsync(Uri broker)
    {
        var listener = new MessageListener<T>();
        listener.bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.AcceptRelayedMessages();
            cfg.ReceiveEndpoint("test-" + typeof(T).Name.ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N"), e =>
            {
                e.AutoDelete = true;
                e.Handler<T>(context =>
                {
                    listener.received.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
            });
        });
        await listener.bus.StartAsync(TestContext.Current.CancellationToken);
        return listener;
    }

    public async Task<T> WaitForAsync(Func<T, bool> match, string because)
    {
        await Eventually.HoldsAsync(() => received.Any(match), Eventually.Patience, because);
        return received.First(match);
    }

    public async ValueTask DisposeAsync()
    {
        if (bus is not null)
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
