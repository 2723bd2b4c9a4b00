using System.Diagnostics;
using ServiceVision.Bench.Bus;
using ServiceVision.Bench.Reporting;

namespace ServiceVision.Bench.Rollouts;

/// <summary>
/// Section "network": a franchise network publishes a new version of its vision, and the version is
/// offered to every location through the bus (VisionPublished, fanned out to each location's grain),
/// for 500 to 5,000 locations (quick: 100 and 500). Timed from the publish call until every location
/// shows the new version as pending adoption. The figure against a baseline in the same run is the time
/// per location at each size ÷ that at the smallest (flat 1.0 = linear). The training rollout to the
/// network's employees is the rollout section (its largest run: 100,000 employees at 5,000 locations).
/// </summary>
internal static class NetworkBench
{
    public const string Key = "network";
    public const string Title = "Scale: franchise networks";

    public static Task<SectionResult> RunAsync(BenchSettings settings, Action<string> log)
    {
        var section = new SectionResult(Key, Title);
        return BusInfrastructure.RunSectionAsync(section, infrastructure => MeasureAsync(settings, infrastructure, section, log));
    }

    private static async Task MeasureAsync(BenchSettings settings, BusInfrastructure infrastructure, SectionResult section, Action<string> log)
    {
        var runs = new List<(int Locations, TimeSpan Elapsed, int Offered)>();
        await using (var platform = await RolloutPlatform.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString))
        {
            // Warm-up: the first network of the process pays for the JIT and the first connections.
            var (warmNetwork, warmOwner) = await platform.PrepareAsync(members: 0, locations: 50);
            await OfferNextVersionAsync(platform, warmNetwork, warmOwner, 50, settings);

            foreach (var locations in settings.NetworkSizes)
            {
                var (network, owner) = await platform.PrepareAsync(members: 0, locations);
                var (elapsed, offered) = await OfferNextVersionAsync(platform, network, owner, locations, settings);
                runs.Add((locations, elapsed, offered));
                log($"network: version 2 offered to {offered:N0} of {locations:N0} locations in {elapsed.TotalSeconds:0.00} s");
            }
        }

        var baseline = runs[0];
        double PerLocation((int Locations, TimeSpan Elapsed, int Offered) run) => run.Elapsed.TotalMilliseconds / Math.Max(1, run.Offered);
        var table = new ReportTable(
            "A network publishes version 2 of its vision: from the publish call until every location shows it pending adoption",
            "locations", "seconds", "locations/s", "time per location ÷ at " + Figures.Count(baseline.Locations));
        foreach (var run in runs)
        {
            var complete = run.Offered == run.Locations ? "" : $" ({Figures.Count(run.Offered)} offered at the time limit)";
            var ratio = PerLocation(run) / PerLocation(baseline);
            table.Add(Figures.Count(run.Locations) + complete, Figures.Seconds(run.Elapsed.TotalSeconds), Figures.Rate(run.Offered / run.Elapsed.TotalSeconds), Figures.Ratio(ratio));
            if (run != baseline)
            {
                section.Ratios.Add(new RatioFigure("Networks", $"version rollout: time per location at {Figures.Count(run.Locations)} ÷ at {Figures.Count(baseline.Locations)} locations (1.0 = linear; lower is better)", ratio));
            }
        }

        section.Tables.Add(table);
        var largest = runs[^1];
        section.Notes.Add(
            $"{Figures.Count(largest.Locations)} locations were offered the new version in {Figures.Seconds(largest.Elapsed.TotalSeconds)} s " +
            $"({Figures.Ratio(PerLocation(largest) / PerLocation(baseline))}× the time per location at {Figures.Count(baseline.Locations)}). One VisionPublished " +
            "reaches the organizations service, whose consumer offers the version to each location's grain, a bounded number at a time: " +
            "each location costs one grain write, whatever the network's size. Local additions are not touched: they live in the same grain and stay.");
    }

    private static async Task<(TimeSpan Elapsed, int Offered)> OfferNextVersionAsync(RolloutPlatform platform, string network, string owner, int locations, BenchSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var version = await platform.PublishVersionAsync(network, owner, "Personal touch, version " + Guid.NewGuid().ToString("N")[..6]);
        return await platform.WaitUntilOfferedAsync(network, version, clock, settings.NetworkBudget(locations));
    }
}
