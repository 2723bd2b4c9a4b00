using System.Diagnostics;
using ServiceVision.Bench.Bus;
using ServiceVision.Bench.Reporting;

namespace ServiceVision.Bench.Rollouts;

/// <summary>
/// Section "rollout": a vision rolled out network-wide to 1,000, 10,000 and 100,000 members (quick: 1,000
/// and 5,000) working at <see cref="MembersPerLocation"/> per location (100,000 members: 5,000 locations),
/// timed from the start call until every member's assignment is confirmed in the rollout's progress. The
/// figure against a baseline in the same run is the time per member at each size ÷ that at 1,000 (flat
/// 1.0 = linear).
/// </summary>
internal static class RolloutBench
{
    public const string Key = "rollout";
    public const string Title = "Scale: rollouts";

    /// <summary>A rollout before the measured ones, so the first measured size does not pay for the JIT and the first connections.</summary>
    private const int WarmupMembers = 200;

    /// <summary>Employees per location of the network: a franchise store's staff.</summary>
    public const int MembersPerLocation = 20;

    public static Task<SectionResult> RunAsync(BenchSettings settings, Action<string> log)
    {
        var section = new SectionResult(Key, Title);
        return BusInfrastructure.RunSectionAsync(section, infrastructure => MeasureAsync(settings, infrastructure, section, log));
    }

    private static async Task MeasureAsync(BenchSettings settings, BusInfrastructure infrastructure, SectionResult section, Action<string> log)
    {
        var runs = new List<RolloutRun>();
        var preparation = new List<TimeSpan>();
        await using (var platform = await RolloutPlatform.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString))
        {
            var (warmOrganization, warmOwner) = await platform.PrepareAsync(WarmupMembers, WarmupMembers / MembersPerLocation);
            var warm = await platform.RunAsync(warmOrganization, warmOwner, WarmupMembers, TimeSpan.FromSeconds(60), log);
            log($"rollout: warm-up of {WarmupMembers} members in {warm.Elapsed.TotalSeconds:0.0} s");

            foreach (var size in settings.RolloutSizes)
            {
                var preparing = Stopwatch.StartNew();
                var (organizationId, ownerId) = await platform.PrepareAsync(size, size / MembersPerLocation);
                preparation.Add(preparing.Elapsed);
                var run = await platform.RunAsync(organizationId, ownerId, size, settings.RolloutBudget(size), log);
                runs.Add(run);
                log($"rollout: {size:N0} members, {run.Shards} shards: start call {run.StartCall.TotalSeconds:0.0} s, " +
                    $"{run.Assigned:N0} assigned after {run.Elapsed.TotalSeconds:0.0} s ({Figures.Rate(run.PerSecond)} members/s){(run.Complete ? "" : " — TIME LIMIT")}");
            }
        }

        Report(section, runs, preparation, settings);
    }

    private static void Report(SectionResult section, List<RolloutRun> runs, List<TimeSpan> preparation, BenchSettings settings)
    {
        if (runs.Count == 0)
        {
            section.Skipped = "no rollout ran";
            return;
        }

        var baseline = runs[0];
        var table = new ReportTable(
            $"A vision rolled out to every location of a network ({MembersPerLocation} employees each): from the start call until the progress shows every member assigned",
            "members", "locations", "shards", "start call s", "seconds", "members/s", "time per member ÷ at 1,000", "largest backlog seen (commands / TrainingAssigned / outbox rows)");
        foreach (var run in runs)
        {
            var ratio = run.MillisecondsPerMember / baseline.MillisecondsPerMember;
            table.Add(
                Figures.Count(run.Members) + (run.Complete ? "" : $" ({Figures.Count(run.Assigned)} assigned at the time limit)"),
                Figures.Count(run.Members / MembersPerLocation),
                Figures.Count(run.Shards),
                Figures.Seconds(run.StartCall.TotalSeconds),
                Figures.Seconds(run.Elapsed.TotalSeconds),
                Figures.Rate(run.PerSecond),
                Figures.Ratio(ratio),
                run.Backlog.Samples == 0 ? "(under 10 s: not sampled)" : $"{Figures.Count(run.Backlog.Commands)} / {Figures.Count(run.Backlog.Events)} / {Figures.Count(run.Backlog.OutboxRows)}");
            section.Curve.Add(new CurvePoint(run.Assigned, run.Elapsed.TotalSeconds));
            if (run != baseline)
            {
                var partial = run.Complete ? "" : $", unfinished: {Figures.Count(run.Assigned)} assigned";
                section.Ratios.Add(new RatioFigure("Rollouts", $"time per member at {Figures.Count(run.Members)} ÷ at {Figures.Count(baseline.Members)} (1.0 = linear; lower is better{partial})", ratio));
            }
        }

        section.Tables.Add(table);
        section.Curve.Insert(0, new CurvePoint(0, 0));

        var growth = new ReportTable(
            "What grows with the organization (stored JSON after the run) and how far each side got",
            "members", "organization grain", "training catalog", "assignments created", "recorded in the progress", "progress per location read s", "network dashboard read s");
        foreach (var run in runs)
        {
            growth.Add(
                Figures.Count(run.Members),
                Kilobytes(run.OrganizationStateBytes),
                Kilobytes(run.CatalogStateBytes),
                Figures.Count(run.Created) + $" ({Figures.Rate(run.Created / run.Elapsed.TotalSeconds)}/s)",
                Figures.Count(run.Assigned) + $" ({Figures.Rate(run.PerSecond)}/s)",
                run.LocationProgressRead.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                run.DashboardRead.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        }

        section.Tables.Add(growth);
        var largest = runs[^1];
        section.Notes.Add(
            $"Time per member at {Figures.Count(largest.Members)} members is {Figures.Ratio(largest.MillisecondsPerMember / baseline.MillisecondsPerMember)}× that at {Figures.Count(baseline.Members)} " +
            "(1.0 would be perfectly linear). Each member costs the same work whatever the rollout's size: one assignment in the member's training grain " +
            "(state, outbox row, two reminders), one TrainingAssigned through the outbox and RabbitMQ, and one write of the member's progress shard of about 400 members.");
        section.Notes.Add(
            $"Seeding the organizations straight into the store took {string.Join(", ", preparation.Select(p => Figures.Seconds(p.TotalSeconds) + " s"))} (not counted), " +
            "as did publishing the vision and waiting for its course.");
        section.Notes.Add(
            "One state grows with the organization rather than with the rollout: the organization grain's member list, read whole " +
            "to resolve the audience (the start call column). The training catalog keeps who was assigned the vision course on pages " +
            "of about 500 members, so an AssignTraining command rewrites one page and the catalog's own state stays the size of its " +
            "courses, as the rollout progress is split into shards of about 400 members.");
        foreach (var run in runs.Where(r => !r.Complete))
        {
            section.Notes.Add(
                $"**{Figures.Count(run.Members)} members did not finish within {Figures.Seconds(settings.RolloutBudget(run.Members).TotalSeconds)} s**: {Figures.Count(run.Assigned)} were assigned " +
                $"({Figures.Rate(run.PerSecond)} members/s); at that rate all would take about {Figures.Seconds(run.Members / run.PerSecond)} s. The backlog column shows where members waited.");
        }
    }

    private static string Kilobytes(long bytes) => Figures.Count((bytes + 1023) / 1024) + " KB";
}
