using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Integration.Tests.PlatformHosts;

namespace ServiceVision.Integration.Tests;

/// <summary>
/// One trace from an HTTP request through the outbox, the broker and the consuming service, and back:
/// what an operator follows in a tracing tool when a rollout seems stuck.
/// </summary>
public sealed class TraceChainTests(PlatformFactory platform) : IClassFixture<PlatformFactory>, IDisposable
{
    private readonly ConcurrentBag<Activity> finished = [];
    private ActivityListener? listener;

    [Fact]
    public async Task Starting_a_rollout_over_HTTP_traces_the_command_to_training_and_its_events_back_to_organizations_in_one_trace()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("ServiceVision", StringComparison.Ordinal)
                || source.Name is "MassTransit" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = finished.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var owner = await platform.SignUpAsync("Traced " + Guid.NewGuid().ToString("N")[..8]);
        await platform.InviteMemberAsync(owner, "Employee");
        await platform.InviteMemberAsync(owner, "Employee");
        await platform.PublishVisionAsync(owner, Statement, [new { kind = "Pillar", text = "Personal touch", order = 0 }]);

        // The caller's own trace: the request joins it through the W3C traceparent header.
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, Rollouts)
        {
            Content = JsonContent.Create(new { title = "Traced rollout", dueAt = DateTimeOffset.UtcNow.AddDays(14), audience = new { kind = "Roles", ids = (string[])["Employee"] } }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await owner.Client.SendAsync(request, TestContext.Current.CancellationToken);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        var rolloutId = (await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
        await WaitForProgressAsync(owner, rolloutId, p => Count(p, "assigned") == 2, Eventually.Patience, "both assignments are confirmed");

        // AssignTraining consumed by training, TrainingAssigned (published by training) consumed by organizations.
        await Eventually.HoldsAsync(() => Consumed(traceId, "AssignTraining") >= 1 && Consumed(traceId, "TrainingAssigned") >= 2, Eventually.Patience, "the consume spans are finished");
        var trace = finished.Where(a => a.TraceId == traceId).ToList();
        foreach (var line in trace.OrderBy(a => a.StartTimeUtc).Select(a => $"{a.Source.Name} {a.Kind} {a.DisplayName}"))
        {
            Log(line);
        }

        Assert.Contains(trace, a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server);
        Assert.Contains(trace, a => a.Source.Name == "ServiceVision.Grains" && a.DisplayName.StartsWith("grain storage write", StringComparison.Ordinal));
        Assert.Contains(trace, a => a.Source.Name == "ServiceVision.Messaging" && a.DisplayName == "outbox publish AssignTraining");
        Assert.Equal(1, Consumed(traceId, "AssignTraining"));
        Assert.Equal(2, Consumed(traceId, "TrainingAssigned"));
    }

    public void Dispose() => listener?.Dispose();

    /// <summary>MassTransit's consumer spans ("{queue} process", one per delivery to a consumer) of this trace for <paramref name="messageType"/>.</summary>
    private int Consumed(ActivityTraceId traceId, string messageType) =>
        finished.Count(a => a.TraceId == traceId
            && a.Source.Name == "MassTransit"
            && a.Kind == ActivityKind.Consumer
            && a.DisplayName.EndsWith(" process", StringComparison.Ordinal)
            && a.TagObjects.Any(t => t.Value is string value && value.EndsWith(":" + messageType, StringComparison.Ordinal)));
}
