using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ServiceVision.Grains.Runtime;

/// <summary>
/// The runtime's metrics (meter "ServiceVision.Grains"): what an operator watches to see load and
/// contention; and its spans (activity source of the same name), one per grain call. Both are
/// cheap when nobody listens.
/// </summary>
internal sealed class GrainMetrics
{
    public const string MeterName = "ServiceVision.Grains";

    public static readonly ActivitySource Tracing = new(MeterName);

    private readonly Counter<long> calls;
    private readonly Counter<long> conflicts;
    private readonly Counter<long> invalidations;

    public GrainMetrics(IMeterFactory? meterFactory, GrainRuntime runtime)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        calls = meter.CreateCounter<long>("servicevision.grains.calls", "{call}", "Grain calls queued, by grain type.");
        conflicts = meter.CreateCounter<long>("servicevision.grains.storage.conflicts", "{conflict}", "State writes refused because another writer stored a newer version.");
        invalidations = meter.CreateCounter<long>("servicevision.grains.invalidations", "{activation}", "Activations dropped because another host stored a newer version of their state.");
        meter.CreateObservableUpDownCounter("servicevision.grains.activations", () => (long)runtime.ActivationCount, "{activation}", "Live activations in this process.");
        meter.CreateObservableGauge("servicevision.grains.mailbox.depth", () => runtime.QueuedCalls, "{call}", "Calls waiting in all mailboxes of this process.");
    }

    public void CallQueued(GrainId id)
    {
        if (calls.Enabled)
        {
            calls.Add(1, new KeyValuePair<string, object?>("grain.type", id.Type));
        }
    }

    public void ConflictSeen(GrainId id) => conflicts.Add(1, new KeyValuePair<string, object?>("grain.type", id.Type));

    public void Invalidated(GrainId id) => invalidations.Add(1, new KeyValuePair<string, object?>("grain.type", id.Type));
}
