using ServiceVision.Bench.Reporting;

namespace ServiceVision.Bench.Bus;

/// <summary>
/// Section "bus": events per second end to end through our publish path (grain Publish +
/// WriteStateAsync, durable outbox in PostgreSQL, OutboxRelay, RabbitMQ, a MassTransit consumer)
/// against raw RabbitMQ.Client with publisher confirms on the same broker, and the same path on the
/// in-memory transport. Cold (the first messages of the process) and steady (after a warm-up).
/// </summary>
internal static class BusBench
{
    private const int EventsPerBatchedWrite = 10;

    public static Task<SectionResult> RunAsync(BenchSettings settings, Action<string> log)
    {
        var section = new SectionResult("bus", "Bus: events end to end");
        return BusInfrastructure.RunSectionAsync(section, infrastructure => MeasureAsync(settings, infrastructure, section, log));
    }

    private static async Task MeasureAsync(BenchSettings settings, BusInfrastructure infrastructure, SectionResult section, Action<string> log)
    {
        var cold = settings.BusColdMessages;
        var warm = settings.BusWarmupMessages;
        var steady = settings.BusSteadyMessages;
        var producers = settings.BusProducers;
        log($"bus: vhost {infrastructure.VirtualHost}, database {infrastructure.Database} (RabbitMQ {infrastructure.BrokerVersion}, PostgreSQL {infrastructure.PostgresVersion})");
        section.Facts["RabbitMQ"] = $"{infrastructure.BrokerVersion} on the same machine (a fresh virtual host per run)";
        section.Facts["PostgreSQL"] = $"{infrastructure.PostgresVersion} on the same machine (a fresh database per run; fsync {infrastructure.Fsync})";

        BusSample rawCold, oursCold, memoryCold, memorySteady, drain, massTransit;
        var rounds = new List<SteadyRound>(settings.BusRounds);
        TimeSpan writeOnly;
        (long Batches, long Messages) steadyBatches = (0, 0), drainBatches;
        await using (var raw = await RawRabbit.StartAsync(infrastructure.AmqpUri))
        {
            rawCold = await raw.RunAsync(cold);
            log($"bus: raw cold {Figures.Rate(rawCold.PerSecond)}/s");

            await using (var ours = await PlatformBus.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString, "bench_rabbit", producers))
            {
                (oursCold, _) = await ours.RunAsync(cold);
                log($"bus: ours cold {Figures.Rate(oursCold.PerSecond)}/s");

                await raw.RunAsync(settings.BusRawWarmupMessages);
                log($"bus: warming our path up with {warm:N0} events");
                await ours.RunAsync(warm);
                await ours.RunAsync(warm / 10, EventsPerBatchedWrite);

                // The machine's load moves every figure: each round measures the three paths back to back and
                // the ratios are taken within a round, the order rotating from round to round.
                for (var round = 0; round < settings.BusRounds; round++)
                {
                    BusSample? rawSample = null, single = null, batched = null;
                    for (var turn = 0; turn < 3; turn++)
                    {
                        switch ((round + turn) % 3)
                        {
                            case 0:
                                rawSample = await raw.RunAsync(steady);
                                break;
                            case 1:
                                ours.TakeRelayBatches();
                                (single, _) = await ours.RunAsync(steady);
                                var taken = ours.TakeRelayBatches();
                                steadyBatches = (steadyBatches.Batches + taken.Batches, steadyBatches.Messages + taken.Messages);
                                break;
                            default:
                                (batched, _) = await ours.RunAsync(steady, EventsPerBatchedWrite);
                                break;
                        }
                    }

                    rounds.Add(new SteadyRound(rawSample!, single!, batched!));
                    log($"bus: round {round + 1}: raw {Figures.Rate(rawSample!.PerSecond)}/s, ours {Figures.Rate(single!.PerSecond)}/s " +
                        $"({Figures.Ratio(single.PerSecond / rawSample.PerSecond)}), {EventsPerBatchedWrite} per write {Figures.Rate(batched!.PerSecond)}/s");
                }
            }
        }

        // Where the time goes: the grain writes alone (relay off), then a relay draining the full outbox.
        await using (var split = await PlatformBus.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString, "bench_split", producers, relay: false))
        {
            writeOnly = await split.WriteOnlyAsync(steady);
            split.TakeRelayBatches();
            drain = await split.DrainAsync(steady);
            drainBatches = split.TakeRelayBatches();
            log($"bus: writes alone {Figures.Rate(steady / writeOnly.TotalSeconds)}/s, relay drain {Figures.Rate(drain.PerSecond)}/s");

            // What the relay's own publisher saves: the same events through MassTransit's publish pipeline.
            await split.PublishThroughMassTransitAsync(steady);
            massTransit = await split.PublishThroughMassTransitAsync(steady);
            log($"bus: MassTransit publish, no store {Figures.Rate(massTransit.PerSecond)}/s");
        }

        await using (var memory = await PlatformBus.StartAsync(rabbit: null, infrastructure.ConnectionString, "bench_memory", producers))
        {
            (memoryCold, _) = await memory.RunAsync(cold);
            await memory.RunAsync(warm / 2);
            (memorySteady, _) = await memory.RunAsync(steady);
            log($"bus: in-memory transport cold {Figures.Rate(memoryCold.PerSecond)}/s, steady {Figures.Rate(memorySteady.PerSecond)}/s");
        }

        var rawSteady = Median(rounds.Select(r => r.Raw.PerSecond));
        var oursRatio = Median(rounds.Select(r => r.Ours.PerSecond / r.Raw.PerSecond));
        var batchedRatio = Median(rounds.Select(r => r.Batched.PerSecond / r.Raw.PerSecond));
        var table = new ReportTable(
            $"Events per second, first event sent to last event consumed; cold = the first {cold:N0} of the process; steady = {steady:N0} events per run " +
            $"after a warm-up of {warm:N0}, {rounds.Count} rounds of the three steady paths back to back: medians, ratios taken within each round",
            "path", "cold events/s", "steady events/s", "steady ÷ raw RabbitMQ");
        table.Add(
            $"raw RabbitMQ.Client 7.1.2, confirms, windows of {RawRabbit.Window} (baseline; rounds: {string.Join(", ", rounds.Select(r => Figures.Rate(r.Raw.PerSecond)))})",
            Figures.Rate(rawCold.PerSecond), Figures.Rate(rawSteady), "1.00");
        table.Add(
            $"ours: grain Publish + WriteStateAsync → outbox (PostgreSQL) → OutboxRelay → RabbitMQ → MassTransit consumer ({producers} grains publishing; " +
            $"ratio per round: {string.Join(", ", rounds.Select(r => Figures.Ratio(r.Ours.PerSecond / r.Raw.PerSecond)))})",
            Rate(oursCold), Figures.Rate(Median(rounds.Select(r => r.Ours.PerSecond))), Figures.Ratio(oursRatio));
        table.Add(
            $"ours, {EventsPerBatchedWrite} events per state write (one grain call publishes {EventsPerBatchedWrite}; steady only)",
            "", Figures.Rate(Median(rounds.Select(r => r.Batched.PerSecond))), Figures.Ratio(batchedRatio));
        table.Add(
            "ours on the in-memory transport (same store, same relay)",
            Rate(memoryCold), Rate(memorySteady), Figures.Ratio(memorySteady.PerSecond / rawSteady));
        section.Tables.Add(table);

        var writesAlone = steady / writeOnly.TotalSeconds;
        var stages = new ReportTable(
            $"Where the time goes (steady, {steady:N0} events, RabbitMQ; ratios against the raw median above)",
            "stage", "events/s", "÷ raw RabbitMQ");
        stages.Add("grain calls that write state + outbox row, relay off (PostgreSQL only)", Figures.Rate(writesAlone), Figures.Ratio(writesAlone / rawSteady));
        stages.Add($"OutboxRelay draining a full outbox → RabbitMQ → MassTransit consumer ({AverageBatch(drainBatches)})", Rate(drain), Figures.Ratio(drain.PerSecond / rawSteady));
        stages.Add($"for comparison: MassTransit's IBus.Publish ({RawRabbit.Window} in flight, envelope) → RabbitMQ → the same consumer, no store, no relay", Rate(massTransit), Figures.Ratio(massTransit.PerSecond / rawSteady));
        stages.Add($"end to end (from the table above; {AverageBatch(steadyBatches)})", Figures.Rate(Median(rounds.Select(r => r.Ours.PerSecond))), Figures.Ratio(oursRatio));
        section.Tables.Add(stages);

        section.Ratios.Add(new RatioFigure("Bus", "ours (RabbitMQ, steady) ÷ raw RabbitMQ", oursRatio, 0.5));
        section.Ratios.Add(new RatioFigure("Bus", $"ours, {EventsPerBatchedWrite} events per write (RabbitMQ) ÷ raw RabbitMQ", batchedRatio));
        section.Ratios.Add(new RatioFigure("Bus", "ours (in-memory, steady) ÷ raw RabbitMQ", memorySteady.PerSecond / rawSteady));
        section.Ratios.Add(new RatioFigure("Bus", "relay drain alone ÷ raw RabbitMQ", drain.PerSecond / rawSteady));
        section.Notes.Add(
            $"Our path delivers {Figures.Ratio(oursRatio)}× the raw client's events per second once warm " +
            $"(goal 0.5: {(oursRatio >= 0.5 ? "met" : "not met")}); cold it manages {Figures.Ratio(oursCold.PerSecond / rawCold.PerSecond)}× the raw client's cold figure.");
        section.Notes.Add(
            $"Every event of our path is also a state change: one PostgreSQL statement per grain call (state UPDATE and outbox INSERT together), " +
            $"then a claim and a delete per batch of up to 500 in the relay. The grain side alone reaches {Figures.Ratio(writesAlone / rawSteady)}× the raw client, " +
            $"the relay alone {Figures.Ratio(drain.PerSecond / rawSteady)}×; together they share two cores with PostgreSQL and the broker. " +
            $"Ten events per write take the path to {Figures.Ratio(batchedRatio)}×" +
            (batchedRatio > 1.3 * oursRatio
                ? ": the store's cost per write, not the relay, is the first limit. "
                : ", hardly more: the relay and the bus are the limit, not the store's writes. ") +
            "The raw client has no store at all; the local PostgreSQL runs with fsync off.");
        section.Notes.Add(
            $"The relay publishes with RabbitMQ.Client, not through MassTransit: MassTransit's own publish of the same events to the same consumer, " +
            $"with no store and no relay at all, reaches {Figures.Ratio(massTransit.PerSecond / rawSteady)}× the raw client; the relay draining the outbox reaches {Figures.Ratio(drain.PerSecond / rawSteady)}×.");
        var samples = new List<(string Name, BusSample Sample)> { ("raw cold", rawCold), ("ours cold", oursCold), ("relay drain", drain), ("MassTransit publish", massTransit), ("in-memory cold", memoryCold), ("in-memory steady", memorySteady) };
        foreach (var (round, index) in rounds.Select((r, i) => (r, i + 1)))
        {
            samples.AddRange([($"raw steady (round {index})", round.Raw), ($"ours steady (round {index})", round.Ours), ($"ours batched (round {index})", round.Batched)]);
        }

        foreach (var (name, sample) in samples)
        {
            if (!sample.Complete)
            {
                section.Notes.Add($"The {name} run timed out with {sample.Delivered:N0} of {sample.Messages:N0} events delivered; its figure counts only those.");
            }
        }

        static string AverageBatch((long Batches, long Messages) relay) =>
            relay.Batches == 0 ? "no relay batch counted" : $"{relay.Batches:N0} relay batches of {(double)relay.Messages / relay.Batches:N0} on average";

        static string Rate(BusSample sample) => Figures.Rate(sample.PerSecond) + (sample.Complete ? "" : " (timed out)");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>One round of the steady runs: the raw baseline, our path, and our path with ten events per write.</summary>
    private sealed record SteadyRound(BusSample Raw, BusSample Ours, BusSample Batched);
}
