using System.Diagnostics;

namespace ServiceVision.Bench.Harness;

/// <summary>Operations per second and bytes allocated per operation over one timed window.</summary>
internal readonly record struct ThroughputSample(long Operations, TimeSpan Elapsed, double AllocatedPerOperation)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;
}

/// <summary>A hand-written Stopwatch harness: what counts is the ratio of two figures taken in the same run.</summary>
internal static class Throughput
{
    /// <summary>
    /// Runs <paramref name="workers"/> loops, each awaiting <paramref name="operation"/>(worker, iteration)
    /// one call after the other, until <paramref name="duration"/> has passed. Workers read the clock
    /// themselves (no timer), so a baseline that never yields a thread still stops on time.
    /// </summary>
    public static async Task<ThroughputSample> RunAsync(int workers, TimeSpan duration, Func<int, long, Task> operation)
    {
        long total = 0;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            loops[w] = Task.Run(async () =>
            {
                long n = 0;
                do
                {
                    await operation(worker, n);
                    n++;
                }
                while ((n & 15) != 0 || Stopwatch.GetTimestamp() < deadline);

                Interlocked.Add(ref total, n);
            });
        }

        await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return new ThroughputSample(total, elapsed, (double)bytes / Math.Max(1, total));
    }

    /// <summary>The middle value (of an even count, the upper of the two middle ones).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>The median of a few samples by rate (the middle one of three).</summary>
    public static ThroughputSample Median(IReadOnlyList<ThroughputSample> samples)
    {
        var sorted = samples.OrderBy(s => s.PerSecond).ToList();
        return sorted[sorted.Count / 2];
    }
}
