using System.Globalization;
using ServiceVision.Bench.Harness;
using ServiceVision.Bench.Reporting;

namespace ServiceVision.Bench.Grains;

/// <summary>
/// Section "grains": read and write calls per second through the grain runtime against the same
/// work directly under a lock and through a bare mailbox. Section "memory": bytes per idle activation.
/// </summary>
internal static class GrainBench
{
    private sealed record Scenario(string Name, bool Write, int Grains, int Callers, bool Featured = false);

    public static async Task<SectionResult> RunCallsAsync(BenchSettings settings, Action<string> log)
    {
        var section = new SectionResult("grains", "Grain calls");
        var many = settings.ManyGrains;
        var callers = settings.ConcurrentCallers;
        Scenario[] scenarios =
        [
            new("read, 1 grain, 1 caller", false, 1, 1),
            new("write, 1 grain, 1 caller", true, 1, 1, Featured: true),
            new($"read, 1 grain, {callers} callers", false, 1, callers),
            new($"write, 1 grain, {callers} callers", true, 1, callers),
            new($"read, {many:N0} grains, 1 caller", false, many, 1),
            new($"write, {many:N0} grains, 1 caller", true, many, 1),
            new($"read, {many:N0} grains, {callers} callers", false, many, callers),
            new($"write, {many:N0} grains, {callers} callers", true, many, callers, Featured: true),
        ];

        await using var runtime = new RuntimeCounters();
        await using var locked = new LockedCounters();
        await using var mailbox = new MailboxCounters();
        ICounters[] designs = [runtime, locked, mailbox];

        // The JIT promotes hot code to its optimized tier only after a while: run every scenario once
        // for every design before anything is measured.
        log("grains: warming up every scenario and design");
        foreach (var scenario in scenarios)
        {
            await PrepareAsync(designs, scenario);
            foreach (var design in designs)
            {
                await Throughput.RunAsync(scenario.Callers, settings.GrainWarmup, Operation(design, scenario));
            }
        }

        var table = new ReportTable(
            $"Calls per second (median of {settings.GrainRounds} rounds × {settings.GrainWindow.TotalMilliseconds:0} ms per design, designs in rotating order; ratios are the median of each round's ratio; a caller awaits each call before the next)",
            "scenario", "grain runtime", "direct + lock", "bare mailbox", "runtime ÷ lock", "runtime ÷ mailbox (goal ≥ 0.5)", "runtime B/call", "mailbox B/call");
        foreach (var scenario in scenarios)
        {
            await PrepareAsync(designs, scenario);
            var samples = designs.ToDictionary(d => d, _ => new List<ThroughputSample>());
            for (var round = 0; round < settings.GrainRounds; round++)
            {
                for (var d = 0; d < designs.Length; d++)
                {
                    // Rotate the order each round, so no design always runs first.
                    var design = designs[(d + round) % designs.Length];
                    samples[design].Add(await Throughput.RunAsync(scenario.Callers, settings.GrainWindow, Operation(design, scenario)));
                }
            }

            var r = Throughput.Median(samples[runtime]);
            var l = Throughput.Median(samples[locked]);
            var m = Throughput.Median(samples[mailbox]);
            var toLock = MedianRatio(samples[runtime], samples[locked]);
            var toMailbox = MedianRatio(samples[runtime], samples[mailbox]);
            table.Add(
                scenario.Name,
                Figures.Rate(r.PerSecond),
                Figures.Rate(l.PerSecond),
                Figures.Rate(m.PerSecond),
                Figures.Ratio(toLock),
                Figures.Ratio(toMailbox),
                Figures.Bytes(r.AllocatedPerOperation),
                Figures.Bytes(m.AllocatedPerOperation));
            log($"grains: {scenario.Name}: runtime {Figures.Rate(r.PerSecond)}/s, lock {Figures.Rate(l.PerSecond)}/s, mailbox {Figures.Rate(m.PerSecond)}/s, runtime ÷ mailbox {Figures.Ratio(toMailbox)}");
            section.Ratios.Add(new RatioFigure("Grain calls", $"runtime ÷ mailbox: {scenario.Name}", toMailbox, 0.5));
            if (scenario.Featured)
            {
                section.Ratios.Add(new RatioFigure("Grain calls", $"runtime ÷ lock: {scenario.Name}", toLock));
            }
        }

        section.Tables.Add(table);
        var mailboxRatios = section.Ratios.Where(x => x.Goal is not null).Select(x => x.Ratio).ToList();
        section.Notes.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"Against the bare mailbox the runtime reaches {Figures.Ratio(mailboxRatios.Min())}–{Figures.Ratio(mailboxRatios.Max())}× ({mailboxRatios.Count(x => x >= 0.5)} of {mailboxRatios.Count} scenarios at the goal of 0.5 or better)."));
        section.Notes.Add(
            "The lock baseline completes every call synchronously on the caller's thread, so its ratio is the whole price of turn-based " +
            "execution: two thread hops per call (to the activation and back to the caller) plus the runtime's bookkeeping.");
        return section;
    }

    public static async Task<SectionResult> RunMemoryAsync(BenchSettings settings, Action<string> log)
    {
        var section = new SectionResult("memory", "Memory per idle activation");
        var count = settings.IdleActivations;
        var results = new List<(string Name, double Retained, double Allocated)>();
        foreach (var create in new Func<ICounters>[] { () => new LockedCounters(), () => new MailboxCounters(), () => new RuntimeCounters() })
        {
            await using var design = create();
            var (retained, allocated) = await IdleAsync(design, count);
            results.Add((design.Name, retained, allocated));
            log($"memory: {design.Name}: {Figures.Bytes(retained)} B retained, {Figures.Bytes(allocated)} B allocated per activation");
        }

        var baseline = results.Single(r => r.Name == "bare mailbox");
        var table = new ReportTable(
            $"{count:N0} activations, each called once and then idle (forced full GC before and after; GC.GetTotalMemory / GC.GetTotalAllocatedBytes)",
            "design", "bytes retained per activation", "bytes allocated per activation", "retained ÷ bare mailbox");
        foreach (var (name, retained, allocated) in results)
        {
            table.Add(name, Figures.Bytes(retained), Figures.Bytes(allocated), Figures.Ratio(retained / baseline.Retained));
        }

        section.Tables.Add(table);
        var runtime = results.Single(r => r.Name == "grain runtime");
        section.Notes.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"An idle activation costs {Figures.Bytes(runtime.Retained)} bytes: {Figures.Count((long)(runtime.Retained * count / (1024 * 1024)))} MiB for {count:N0} of them. The key string and the caller's reference are not counted (the caller holds the keys in every design)."));
        return section;
    }

    private static async Task PrepareAsync(IEnumerable<ICounters> designs, Scenario scenario)
    {
        var keys = Enumerable.Range(0, scenario.Grains).Select(i => $"org-{i:D5}").ToArray();
        foreach (var design in designs)
        {
            design.Prepare(keys);

            // Activate every grain before the clock starts.
            await Task.WhenAll(Enumerable.Range(0, keys.Length).Select(design.Read));
        }
    }

    /// <summary>The median of the ratios of samples taken in the same round (drift on a shared machine cancels out).</summary>
    private static double MedianRatio(IReadOnlyList<ThroughputSample> measured, IReadOnlyList<ThroughputSample> baseline) =>
        Throughput.Median(measured.Zip(baseline, (a, b) => a.PerSecond / b.PerSecond));

    private static Func<int, long, Task> Operation(ICounters design, Scenario scenario)
    {
        var grains = scenario.Grains;
        if (grains == 1)
        {
            return scenario.Write ? (_, _) => design.Write(0) : (_, _) => design.Read(0);
        }

        // Each caller walks the grains from its own offset.
        var stride = grains / scenario.Callers;
        return scenario.Write
            ? (w, n) => design.Write((int)(((w * stride) + n) % grains))
            : (w, n) => design.Read((int)(((w * stride) + n) % grains));
    }

    private static async Task<(double Retained, double Allocated)> IdleAsync(ICounters design, int count)
    {
        // The keys exist before and after: they are not part of an activation's cost.
        var keys = Enumerable.Range(0, count).Select(i => $"idle-{i:D7}").ToArray();
        FullCollect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        foreach (var batch in keys.Chunk(1_000))
        {
            await Task.WhenAll(batch.Select(design.Touch));
        }

        // Let every pump park on its empty mailbox.
        await Task.Delay(200);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        FullCollect();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(keys);
        return ((double)(after - before) / count, (double)allocated / count);
    }

    private static void FullCollect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
