using System.Collections.Concurrent;
using System.Diagnostics;
using ServiceVision.Testing;

namespace ServiceVision.Grains.Tests.Runtime;

/// <summary>Grain calls appear in the caller's trace, nested as the calls are.</summary>
public sealed class GrainTracingTests(SqliteStoreFixture store) : IClassFixture<SqliteStoreFixture>
{
    private static readonly ActivitySource TestSource = new("ServiceVision.Grains.Tests");

    [Fact]
    public async Task A_grain_call_is_a_child_span_of_its_caller_and_calls_it_makes_are_its_children()
    {
        await using var silo = await TestSilo.StartAsync(store);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "ServiceVision.Grains" or "ServiceVision.Grains.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var key = "org" + Guid.NewGuid().ToString("N");

        ActivityTraceId traceId;
        ActivitySpanId requestSpan;
        using (var request = TestSource.StartActivity("request"))
        {
            traceId = request!.TraceId;
            requestSpan = request.SpanId;
            await silo.Counter(key).CallOther(key + "/nested");
        }

        // A call's span ends just after its caller resumes: wait until both have ended.
        await Eventually.HoldsAsync(
            () => spans.Count(s => s.TraceId == traceId && s.DisplayName.StartsWith("counter/", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(5),
            "both grain call spans are finished");
        var ours = spans.Where(s => s.TraceId == traceId && s.Source.Name == "ServiceVision.Grains").ToList();
        var outer = Assert.Single(ours, s => s.DisplayName == "counter/CallOther");
        var inner = Assert.Single(ours, s => s.DisplayName == "counter/Increment");
        Assert.Equal(requestSpan, outer.ParentSpanId);
        Assert.Equal(outer.SpanId, inner.ParentSpanId);
        Assert.Equal("CallOther", outer.GetTagItem("grain.method"));
        Assert.NotNull(inner.GetTagItem("grain.queue_wait_ms"));
    }
}
