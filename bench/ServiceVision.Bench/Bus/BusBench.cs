using ServiceVision.Bench.Harness;
using ServiceVision.Bench.Reporting;

namespace ServiceVision.Bench.Bus;

/// <summary>
/// Section "bus": events per second end to end through our publish path (grain Publish +
/// WriteStateAsync, durable outbox in PostgreSQL, OutboxRelay, RabbitMQ, a MassTransit consumer)
/// against raw RabbitMQ.Client with publisher confirms on the same broker, and the same path on the
/// in-memory transport. Cold (the first messages of the process) and steady (after a warm-up), with
/// the CPU each event costs the broker, PostgreSQL and this process.
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
        Measured writeOnly, drainCpu;
        var rounds = new List<SteadyRound>(settings.BusRounds);
        (long Batches, long Messages) steadyBatches = (0, 0), drainBatches;
        await using (var raw = await RawRabbit.StartAsync(infrastructure.AmqpUri, RawRoute.Queue))
        await using (var routed = await RawRabbit.StartAsync(infrastructure.AmqpUri, RawRoute.Exchanges))
        {
            rawCold = await raw.RunAsync(cold);
            log($"bus: raw cold {Figures.Rate(rawCold.PerSecond)}/s");

            await using (var ours = await PlatformBus.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString, "bench_rabbit", producers))
            {
                oursCold = await ours.RunAsync(cold);
                log($"bus: ours cold {Figures.Rate(oursCold.PerSecond)}/s");

                await raw.RunAsync(settings.BusRawWarmupMessages);
                await routed.RunAsync(settings.BusRawWarmupMessages);
                log($"bus: warming our path up with {warm:N0} events");
                await ours.RunAsync(warm);
                await ours.RunAsync(warm / 10, EventsPerBatchedWrite);

                // The machine's load moves every figure: each round measures the four steady paths back to
                // back and the ratios are taken within a round, the order rotating from round to round.
                Func<Task<Measured>>[] paths =
                [
                    () => MeasureAsync(() => raw.RunAsync(steady), steady),
                    () => MeasureAsync(() => routed.RunAsync(steady), steady),
                    async () =>
                    {
                        ours.TakeRelayBatches();
                        var measured = await MeasureAsync(() => ours.RunAsync(steady), steady);
                        var taken = ours.TakeRelayBatches();
                        steadyBatches = (steadyBatches.Batches + taken.Batches, steadyBatches.Messages + taken.Messages);
                        return measured;
                    },
                    () => MeasureAsync(() => ours.RunAsync(steady, EventsPerBatchedWrite), steady),
                ];
                for (var round = 0; round < settings.BusRounds; round++)
                {
                    var results = new Measured[paths.Length];
                    for (var turn = 0; turn < paths.Length; turn++)
                    {
                        var path = (round + turn) % paths.Length;
                        results[path] = await paths[path]();
                    }

                    var measured = new SteadyRound(results[0], results[1], results[2], results[3]);
                    rounds.Add(measured);
                    log($"bus: round {round + 1}: raw {Figures.Rate(measured.Raw.Sample.PerSecond)}/s, raw over our route {Figures.Rate(measured.Routed.Sample.PerSecond)}/s, " +
                        $"ours {Figures.Rate(measured.Ours.Sample.PerSecond)}/s ({Figures.Ratio(measured.Ours.Sample.PerSecond / measured.Raw.Sample.PerSecond)}), " +
                        $"{EventsPerBatchedWrite} per write {Figures.Rate(measured.Batched.Sample.PerSecond)}/s");
                }
            }
        }

        // Where the time goes: the grain writes alone (relay off), then a relay draining the full outbox.
        await using (var split = await PlatformBus.StartAsync(infrastructure.AmqpUri, infrastructure.ConnectionString, "bench_split", producers, relay: false))
        {
            // One untimed pass of each, so both run as warm as the end-to-end path.
            await split.WriteOnlyAsync(steady);
            await split.DrainAsync(steady);

            var start = ProcessCpu.Now();
            var writing = await split.WriteOnlyAsync(steady);
            writeOnly = new Measured(new BusSample(steady, steady, writing, Complete: true), ProcessCpu.PerEvent(start, steady));
            split.TakeRelayBatches();
            drainCpu = await MeasureAsync(() => split.DrainAsync(steady), steady);
            drain = drainCpu.Sample;
            drainBatches = split.TakeRelayBatches();
            log($"bus: writes alone {Figures.Rate(writeOnly.Sample.PerSecond)}/s, relay drain {Figures.Rate(drain.PerSecond)}/s");

            // What the relay's own publisher saves: the same events through MassTransit's publish pipeline.
            await split.PublishThroughMassTransitAsync(steady);
            massTransit = await split.PublishThroughMassTransitAsync(steady);
            log($"bus: MassTransit publish, no store {Figures.Rate(massTransit.PerSecond)}/s");
        }

        await using (var memory = await PlatformBus.StartAsync(rabbit: null, infrastructure.ConnectionString, "bench_memory", producers))
        {
            memoryCold = await memory.RunAsync(cold);
            await memory.RunAsync(warm / 2);
            memorySteady = await memory.RunAsync(steady);
            log($"bus: in-memory transport cold {Figures.Rate(memoryCold.PerSecond)}/s, steady {Figures.Rate(memorySteady.PerSecond)}/s");
        }

        var rawSteady = Throughput.Median(rounds.Select(r => r.Raw.Sample.PerSecond));
        var oursRatio = Throughput.Median(rounds.Select(r => r.Ours.Sample.PerSecond / r.Raw.Sample.PerSecond));
        var oursRoutedRatio = Throughput.Median(rounds.Select(r => r.Ours.Sample.PerSecond / r.Routed.Sample.PerSecond));
        var batchedRatio = Throughput.Median(rounds.Select(r => r.Batched.Sample.PerSecond / r.Raw.Sample.PerSecond));
        var oursSteady = Throughput.Median(rounds.Select(r => r.Ours.Sample.PerSecond));
        var rawCpu = Median(rounds.Select(r => r.Raw.Cpu));
        var routedCpu = Median(rounds.Select(r => r.Routed.Cpu));
        var oursCpu = Median(rounds.Select(r => r.Ours.Cpu));
        var table = new ReportTable(
            $"Events per second, first event sent to last event consumed; cold = the first {cold:N0} of the process; steady = {steady:N0} events per run " +
            $"after a warm-up of {warm:N0}, {rounds.Count} rounds of the four steady paths back to back: medians, ratios taken within each round",
            "path", "cold events/s", "steady events/s", "steady ÷ raw RabbitMQ", "steady ÷ raw over our route");
        table.Add(
            $"raw RabbitMQ.Client 7.1.2, confirms, windows of {RawRabbit.Window}, straight to the queue (baseline; rounds: {Rates(rounds.Select(r => r.Raw))})",
            Figures.Rate(rawCold.PerSecond), Figures.Rate(rawSteady), "1.00", "");
        table.Add(
            $"raw RabbitMQ.Client over our route: type exchange → endpoint exchange → queue, with the relay's headers (rounds: {Rates(rounds.Select(r => r.Routed))})",
            "", Figures.Rate(Throughput.Median(rounds.Select(r => r.Routed.Sample.PerSecond))), Figures.Ratio(Throughput.Median(rounds.Select(r => r.Routed.Sample.PerSecond / r.Raw.Sample.PerSecond))), "1.00");
        table.Add(
            $"ours: grain Publish + WriteStateAsync → outbox (PostgreSQL) → OutboxRelay → RabbitMQ → MassTransit consumer ({producers} grains publishing; " +
            $"÷ raw per round: {string.Join(", ", rounds.Select(r => Figures.Ratio(r.Ours.Sample.PerSecond / r.Raw.Sample.PerSecond)))})",
            Rate(oursCold), Figures.Rate(oursSteady), Figures.Ratio(oursRatio), Figures.Ratio(oursRoutedRatio));
        table.Add(
            $"ours, {EventsPerBatchedWrite} events per state write (one grain call publishes {EventsPerBatchedWrite}; steady only)",
            "", Figures.Rate(Throughput.Median(rounds.Select(r => r.Batched.Sample.PerSecond))), Figures.Ratio(batchedRatio),
            Figures.Ratio(Throughput.Median(rounds.Select(r => r.Batched.Sample.PerSecond / r.Routed.Sample.PerSecond))));
        table.Add(
            "ours on the in-memory transport (same store, same relay)",
            Rate(memoryCold), Rate(memorySteady), Figures.Ratio(memorySteady.PerSecond / rawSteady), "");
        section.Tables.Add(table);

        var writesAlone = writeOnly.Sample.PerSecond;
        var stages = new ReportTable(
            $"Where the time goes (steady, {steady:N0} events, RabbitMQ; ratios against the raw median above)",
            "stage", "events/s", "÷ raw RabbitMQ");
        stages.Add("grain calls that write state + outbox row, relay off (PostgreSQL only)", Figures.Rate(writesAlone), Figures.Ratio(writesAlone / rawSteady));
        stages.Add($"OutboxRelay draining a full outbox → RabbitMQ → MassTransit consumer ({AverageBatch(drainBatches)})", Rate(drain), Figures.Ratio(drain.PerSecond / rawSteady));
        stages.Add($"for comparison: MassTransit's IBus.Publish ({RawRabbit.Window} in flight, envelope) → RabbitMQ → the same consumer, no store, no relay", Rate(massTransit), Figures.Ratio(massTransit.PerSecond / rawSteady));
        stages.Add($"end to end (from the table above; {AverageBatch(steadyBatches)})", Figures.Rate(oursSteady), Figures.Ratio(oursRatio));
        section.Tables.Add(stages);

        if (ProcessCpu.Available)
        {
            var cpu = new ReportTable(
                "CPU per event, µs (user and system time from /proc over each run, with children reaped meanwhile; steady runs: median of the rounds)",
                "run", "RabbitMQ", "PostgreSQL", "this process", "total");
            AddCpu("raw RabbitMQ.Client, straight to the queue", rawCpu);
            AddCpu("raw RabbitMQ.Client over our route (two exchanges, headers)", routedCpu);
            AddCpu("ours end to end", oursCpu);
            AddCpu("grain writes alone (relay off)", writeOnly.Cpu);
            AddCpu("relay draining a full outbox", drainCpu.Cpu);
            section.Tables.Add(cpu);

            void AddCpu(string run, ProcessCpu perEvent) =>
                cpu.Add(run, Micros(perEvent.Broker), Micros(perEvent.Postgres), Micros(perEvent.Self), Micros(perEvent.Total));
        }

        section.Ratios.Add(new RatioFigure("Bus", "ours (RabbitMQ, steady) ÷ raw RabbitMQ", oursRatio, 0.5));
        section.Ratios.Add(new RatioFigure("Bus", "ours (RabbitMQ, steady) ÷ raw RabbitMQ over our route", oursRoutedRatio));
        section.Ratios.Add(new RatioFigure("Bus", $"ours, {EventsPerBatchedWrite} events per write (RabbitMQ) ÷ raw RabbitMQ", batchedRatio));
        section.Ratios.Add(new RatioFigure("Bus", "ours (in-memory, steady) ÷ raw RabbitMQ", memorySteady.PerSecond / rawSteady));
        section.Ratios.Add(new RatioFigure("Bus", "relay drain alone ÷ raw RabbitMQ", drain.PerSecond / rawSteady));
        section.Notes.Add(
            $"Our path delivers {Figures.Ratio(oursRatio)}× the raw client's events per second once warm " +
            $"(goal 0.5: {(oursRatio >= 0.5 ? "met" : "not met")}); cold it manages {Figures.Ratio(oursCold.PerSecond / rawCold.PerSecond)}× the raw client's cold figure. " +
            $"Against the raw client sending over the same route (the contract's exchange, the consumer's exchange, the same headers) it delivers {Figures.Ratio(oursRoutedRatio)}×.");
        section.Notes.Add(
            $"Every event of our path is also a state change: the grain calls' state UPDATEs and outbox INSERTs go to PostgreSQL together, one statement per batch of concurrent writes, " +
            $"then a read and a delete per batch of up to 500 in the relay. The grain side alone reaches {Figures.Ratio(writesAlone / rawSteady)}× the raw client, " +
            $"the relay alone {Figures.Ratio(drain.PerSecond / rawSteady)}×, ten events per write {Figures.Ratio(batchedRatio)}×; the raw client has no store at all " +
            "(the local PostgreSQL runs with fsync off)." +
            (ProcessCpu.Available
                ? $" All of them share two cores, so what counts is the CPU an event costs: {Micros(oursCpu.Total)} µs on our path " +
                  $"({Micros(oursCpu.Broker)} in RabbitMQ, {Micros(oursCpu.Postgres)} in PostgreSQL, {Micros(oursCpu.Self)} in the process), " +
                  $"{Micros(rawCpu.Total)} µs for the raw client straight to a queue and {Micros(routedCpu.Total)} µs over our route. " +
                  $"A ratio of 0.5 needs our path at twice the raw client's CPU per event."
                : ""));
        section.Notes.Add(
            $"The relay publishes with RabbitMQ.Client, not through MassTransit: MassTransit's own publish of the same events to the same consumer, " +
            $"with no store and no relay at all, reaches {Figures.Ratio(massTransit.PerSecond / rawSteady)}× the raw client; the relay draining the outbox reaches {Figures.Ratio(drain.PerSecond / rawSteady)}×.");
        var samples = new List<(string Name, BusSample Sample)> { ("raw cold", rawCold), ("ours cold", oursCold), ("relay drain", drain), ("MassTransit publish", massTransit), ("in-memory cold", memoryCold), ("in-memory steady", memorySteady) };
        foreach (var (round, index) in rounds.Select((r, i) => (r, i + 1)))
        {
            samples.AddRange([($"raw steady (round {index})", round.Raw.Sample), ($"raw over our route (round {index})", round.Routed.Sample), ($"ours steady (round {index})", round.Ours.Sample), ($"ours batched (round {index})", round.Batched.Sample)]);
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

        static string Rates(IEnumerable<Measured> runs) => string.Join(", ", runs.Select(r => Figures.Rate(r.Sample.PerSecond)));

        static string Micros(double value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Measured> MeasureAsync(Func<Task<BusSample>> run, long events)
    {
        var start = ProcessCpu.Now();
        var sample = await run();
        return new Measured(sample, ProcessCpu.PerEvent(start, events));
    }

    private static ProcessCpu Median(IEnumerable<ProcessCpu> values)
    {
        var all = values.ToList();
        return new ProcessCpu(Throughput.Median(all.Select(v => v.Broker)), Throughput.Median(all.Select(v => v.Postgres)), Throughput.Median(all.Select(v => v.Self)));
    }

    /// <summary>One run: its rate and the CPU each event cost.</summary>
    private sealed record Measured(BusSample Sample, ProcessCpu Cpu);

    /// <summary>One round of the steady runs: the raw baseline straight to a queue and over our route, our path, and our path with ten events per write.</summary>
    private sealed record SteadyRound(Measured Raw, Measured Routed, Measured Ours, Measured Batched);
}
