using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Messaging;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Requests and waits the rollout tests share.</summary>
internal static class RolloutHttp
{
    public const string Rollouts = "/api/v1/training/rollouts";
    public const string Statement = "We greet every guest by name and make each visit feel personal.";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static DateTimeOffset InTwoWeeks => DateTimeOffset.UtcNow.AddDays(14);

    public static object Everyone(string title = "Our vision, every shift", DateTimeOffset? dueAt = null, string? courseId = null) =>
        new { title, courseId, dueAt = dueAt ?? InTwoWeeks, audience = new { kind = "Everyone" } };

    public static object To(string kind, params string[] ids) =>
        new { title = "Our vision, every shift", dueAt = InTwoWeeks, audience = new { kind, ids } };

    public static Task PublishVisionAsync(PlatformFactory platform, ApiSession owner) =>
        platform.PublishVisionAsync(owner, Statement, [new { kind = "Pillar", text = "Personal touch", order = 0 }]);

    public static async Task<HttpResponseMessage> PostAsync(ApiSession session, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Rollouts) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await session.Client.SendAsync(request, Cancel);
    }

    public static async Task<JsonElement> StartAsync(ApiSession leader, object body)
    {
        var response = await PostAsync(leader, body);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return await JsonAsync(response);
    }

    public static async Task<JsonElement> GetAsync(ApiSession session, string uri)
    {
        var response = await session.Client.GetAsync(new Uri(uri, UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return await JsonAsync(response);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return document.RootElement.Clone();
    }

    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response) =>
        [.. (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    public static string Id(JsonElement resource) => resource.GetProperty("id").GetString()!;

    public static int Count(JsonElement rollout, string name) => rollout.GetProperty("progress").GetProperty(name).GetInt32();

    /// <summary>Reads the rollout until <paramref name="condition"/> holds (events arrive through the broker).</summary>
    public static async Task<JsonElement> WaitForAsync(ApiSession leader, string rolloutId, Func<JsonElement, bool> condition, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var rollout = await GetAsync(leader, $"{Rollouts}/{rolloutId}");
            if (condition(rollout))
            {
                return rollout;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not true within 20 s: {because}. Last: {rollout.GetProperty("progress")}");
            await Task.Delay(50, Cancel);
        }
    }

    public static async Task<JsonElement> MembersAsync(ApiSession leader, string rolloutId, string? status = null) =>
        await GetAsync(leader, $"{Rollouts}/{rolloutId}/members?pageSize=100" + (status is null ? "" : "&status=" + status));
}

/// <summary>What a training service would receive: a queue of our own bound to AssignTraining on the test's virtual host.</summary>
internal sealed class AssignTrainingListener : IAsyncDisposable
{
    private readonly ConcurrentQueue<(Guid? MessageId, AssignTraining Message)> received = new();
    private IBusControl? bus;

    public static async Task<AssignTrainingListener> StartAsync(Uri broker)
    {
        var listener = new AssignTrainingListener();
        listener.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.AcceptRelayedMessages();
            cfg.ReceiveEndpoint("test-assign-training-" + Guid.NewGuid().ToString("N"), e =>
            {
                e.AutoDelete = true;
                e.Handler<AssignTraining>(context =>
                {
                    listener.received.Enqueue((context.MessageId, context.Message));
                    return Task.CompletedTask;
                });
            });
        });
        await listener.bus.StartAsync(TestContext.Current.CancellationToken);
        return listener;
    }

    public IReadOnlyList<AssignTraining> Of(string rolloutId) => [.. received.Where(r => r.Message.RolloutId == rolloutId).Select(r => r.Message)];

    public async Task<IReadOnlyList<AssignTraining>> WaitForAsync(string rolloutId, int members)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Of(rolloutId).Sum(m => m.MemberIds.Count) < members)
        {
            Assert.True(DateTime.UtcNow < deadline, $"AssignTraining for {members} members of {rolloutId} did not arrive within 20 s.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return Of(rolloutId);
    }

    public async ValueTask DisposeAsync()
    {
        if (bus is not null)
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
