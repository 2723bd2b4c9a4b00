using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ServiceVision.Grains.Tests.Runtime;

/// <summary>What an operator sees of the runtime through its meter.</summary>
public sealed class GrainMetricsTests(SqliteStoreFixture store) : IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task Calls_activations_and_storage_conflicts_are_measured_per_runtime()
    {
        await using var a = await TestSilo.StartAsync(store);
        await using var b = await TestSilo.StartAsync(store);
        var seen = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only silo A's meter: other tests run runtimes of their own at the same time.
            if (instrument.Meter.Name == "ServiceVision.Grains" && ReferenceEquals(instrument.Meter.Scope, a.MeterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen.AddOrUpdate(instrument.Name, value, (_, total) => instrument is Counter<long> ? total + value : value));
        listener.Start();

        var key = "org" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 5; i++)
        {
            await a.Counter(key).Increment();
        }

        await a.Counter(key + "/other").Increment();
        await b.Counter(key).IncrementAndSave();
        await Assert.ThrowsAsync<InconsistentStateException>(a.Counter(key).IncrementAndSave);
        listener.RecordObservableInstruments();

        Assert.Equal(7, seen["servicevision.grains.calls"]);
        Assert.Equal(1, seen["servicevision.grains.storage.conflicts"]);
        Assert.InRange(seen["servicevision.grains.activations"], 1, 2);
        Assert.Equal(0, seen["servicevision.grains.mailbox.depth"]);
    }
}
