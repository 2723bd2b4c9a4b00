using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace ServiceVision.Bench.Reporting;

/// <summary>The machine the figures come from.</summary>
internal sealed record MachineInfo(int Cores, string Cpu, string Memory, string OperatingSystem, string Runtime, string GarbageCollector)
{
    /// <summary>The 1-minute load average (other work on a shared machine shows here), or "?".</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }

    public static MachineInfo Current()
    {
        var cpu = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return new MachineInfo(
            Environment.ProcessorCount,
            cpu,
            memory.ToString("0.#", CultureInfo.InvariantCulture) + " GiB",
            RuntimeInformation.OSDescription,
            $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})",
            GCSettings.IsServerGC ? "server" : "workstation" + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent"));
    }
}

/// <summary>Writes docs/performance.md and its SVG images from one run's sections.</summary>
internal static class PerformanceDocument
{
    public const string RatiosImage = "performance-ratios.svg";
    public const string ScaleImage = "performance-scale.svg";
    public const string RolloutImage = "performance-rollout.svg";

    private static readonly Dictionary<string, string> Method = new(StringComparer.Ordinal)
    {
        ["grains"] = """
            A counter grain with in-memory state (no store) is called through the runtime as the host composes it
            (`AddGrainRuntime`, a `DispatchProxy` reference per grain held by the caller, one activation per key).
            A *read* is a `[ReadOnly]` method returning the value, a *write* adds to it. Each scenario is measured
            for three designs in rotating order: the **grain runtime**; **direct + lock**, the same work on an object
            found by key in a `ConcurrentDictionary` and done under a `lock` (what the runtime costs in total); and the
            **bare mailbox**, a `Channel` per key read by one loop plus a `TaskCompletionSource` per call (the least a
            turn-based design pays). *1 caller* awaits every call before the next; *64 callers* run that loop
            concurrently. With many grains each caller walks them from its own offset. B/call is
            `GC.GetTotalAllocatedBytes` over the window divided by the calls.
            """,
        ["memory"] = """
            Every activation gets one read call and is then left idle; memory is `GC.GetTotalMemory` after a forced,
            compacting full collection before and after, divided by the number of activations (retained), and
            `GC.GetTotalAllocatedBytes` over the same span (allocated, including short-lived garbage). The same is done
            for the two baselines of the grain calls section.
            """,
        ["http"] = """
            The real host (`src/ServiceVision.Host`, Release) runs as its own process on a loopback port with the
            embedded SQLite store and the in-memory bus (PostgreSQL when `SV_BENCH_POSTGRES` names a server). The
            benchmark signs an organization up (`POST /api/v1/signup`), publishes its vision the way the tests do, and
            then drives `GET /api/v1/vision` with the owner's session cookie and `GET /health/live` (the baseline:
            the same host with no authentication and no grain; `GET /`, a minimal JSON endpoint, is measured too
            for reference) from a C# load loop: a fixed number of workers
            sharing one `SocketsHttpHandler`, each sending the next request when the last one is read, for a fixed
            time after a warm-up, alternating endpoints in two rounds. Client and server share the two cores.
            """,
        ["scale"] = """
            Organizations sign up one after the other through `POST /api/v1/signup` on the same host process (after
            the HTTP section), from a few concurrent clients; the time is taken at every checkpoint. A flat rate
            means time grows linearly with the number of organizations; the dashed line in the plot is that linear
            growth extrapolated from the first checkpoint.
            """,
        ["bus"] = """
            Needs RabbitMQ and PostgreSQL (`SV_TEST_RABBITMQ`, `SV_TEST_RABBITMQ_MANAGEMENT`, `SV_TEST_POSTGRES`); every
            run gets a virtual host and a database of its own, deleted afterwards. **Ours**: 64 grains, each called by
            its own caller, change their state, `Publish` one event and `WriteStateAsync` (concurrent writes go
            to PostgreSQL together, their state updates and outbox rows in one statement, the rows claimed for this
            host's relay as they are inserted); the `OutboxRelay` of the
            host reads batches of up to 500 and publishes them as
            `AddMessaging` sets it up on RabbitMQ: the stored JSON as it is, with RabbitMQ.Client on the relay's own
            connection, publisher confirms, 500 in flight, to MassTransit's exchange for the contract
            (`RabbitMqOutboxPublisher`), to a MassTransit 8.4.0 consumer that counts (raw JSON deserializer, tenant
            header filter, retries, prefetch 256). **Raw**: RabbitMQ.Client 7.1.2, persistent
            messages to a durable queue, publisher confirms awaited in windows of 500 in flight, a consumer on the
            same queue acknowledging each message; once straight to the queue (the baseline of the goal) and once
            over the route our messages take: a fanout exchange for the message type bound to a fanout exchange
            for the consumer's endpoint bound to its queue (MassTransit's topology, which lets any service
            subscribe to a contract), with the message id and the headers the relay sets. Figures run from the
            first event sent to the last one consumed. *Cold* is the first run of the process; *steady* follows a
            warm-up (the JIT keeps compiling our path for about a hundred thousand events). The steady figures
            come from five rounds, each running the four steady paths back to back in rotating order; ratios are
            taken within a round and the median counts, since the machine's load moves every figure from second
            to second. *10 events per state write* is the same path with each grain call publishing ten events in
            one write: it shows what the relay and the bus carry when the store is not the limit. The CPU table
            reads the user and system time of the broker, of PostgreSQL and of the benchmark's process from /proc
            before and after each run: what one event costs each of them, whatever the wall clock did.
            """,
        ["rollout"] = """
            Needs RabbitMQ and PostgreSQL like the bus section (a virtual host and a database of its own). The
            organizations and training contexts run in the benchmark's process, composed as the host composes them
            with every role (grains on PostgreSQL, durable outbox and relay, MassTransit on RabbitMQ, the consumers of
            both contexts), without HTTP. For each size an organization with that many employees is **written straight
            into the store** through `IGrainStorage` (creating members is what the sign-up section measures), its vision
            is published through the vision grain and the benchmark waits until the training service has built the
            course. Then the clock starts: `IRolloutsGrain.StartRollout` to the Employee role (the call the HTTP endpoint
            makes), and the rollout's progress is read until every member is *assigned*: the training service consumed
            the AssignTraining commands, created each member's assignment, and its TrainingAssigned events were
            recorded in the rollout's progress shards. A rollout of 200 members runs first as a warm-up. The ratio is
            the time per member at each size ÷ that at 1,000 in the same run: flat at 1.0 means time grows linearly
            with the members; the dashed line in the plot is that linear growth extrapolated from 1,000. A size that
            does not finish within its time limit (90 s for 10,000, 3 minutes for 100,000) is reported with what it
            reached, where members waited (queue depths and outbox rows, sampled every 10 s) and the size of the
            states that grow with the organization (the organization grain, the training catalog).
            """,
        ["network"] = """
            Same composition as the rollout section. For each size a network with that many locations (and no
            employees: the rollout section covers them) is written straight into the store and publishes version 1,
            offered to every location before the clock starts. Then version 2 is published through the vision grain
            and every location's vision grain is read (32 at a time, every 100 ms, only those still waiting) until
            each shows version 2 pending adoption: the network's VisionPublished went through the outbox and
            RabbitMQ to the organizations service, whose consumer offered it to each location. A network of 50
            locations runs first as a warm-up. The ratio is the time per location at each size ÷ that at 500.
            """,
    };

    /// <summary>Before/after figures of changes made because of this benchmark (measured once, kept as text).</summary>
    private const string History = """
        **Grain runtime hot path (2026-11-25).** The first runs showed the runtime at 0.16–0.46× the bare mailbox,
        with 750–800 bytes allocated per call and 3.6 KB per idle activation. Per call it paid a timer and a
        second task (`Task.WaitAsync(timeout)`), an async state machine for the call, a closure and a reflection
        invoke of the grain method; per activation a `ConcurrentExclusiveSchedulerPair` (with a finalizable
        `ThreadLocal`), and per wake-up of an activation a task of the pair. Now calls share one cancellation
        token per slice of time for their timeouts (`CallTimeouts`: no timer per call; a call times out at most a
        sixteenth of the timeout, at most 1 s, after its due time), the proxy compiles an invoker per method
        (no reflection, no closure per call), the call returns its completion's task directly, and each
        activation has its own small serial `ActivationScheduler` (one task at a time, in order, inlining only
        on its own thread, as the exclusive scheduler did). Same machine, alternating runs of
        `--only grains,memory`, two pairs:

        | scenario | runtime ÷ mailbox before | after | runtime B/call before | after |
        | --- | ---: | ---: | ---: | ---: |
        | read, 1 grain, 1 caller | 0.30, 0.28 | 0.45, 0.45 | 768 | 352 |
        | write, 1 grain, 1 caller | 0.28, 0.27 | 0.47, 0.45 | 800 | 384 |
        | read, 1 grain, 64 callers | 0.30, 0.42 | 0.53, 0.51 | 715–718 | 289 |
        | write, 1 grain, 64 callers | 0.33, 0.46 | 0.62, 0.61 | 746–751 | 321 |
        | read, 1,000 grains, 1 caller | 0.31, 0.22 | 0.51, 0.50 | 768 | 352 |
        | write, 1,000 grains, 1 caller | 0.31, 0.25 | 0.52, 0.44 | 800 | 384 |
        | read, 1,000 grains, 64 callers | 0.22, 0.31 | 0.50, 0.43 | 768 | 299–302 |
        | write, 1,000 grains, 64 callers | 0.32, 0.34 | 0.39, 0.38 | 800 | 333–340 |
        | idle activation, bytes retained (allocated) | 3,626 (4,834–4,854) | 1,965 (2,709–2,715) | | |

        What is left of the gap: every wake-up of an idle activation still goes through a `TaskScheduler`
        (a task per wake-up: the pump and every continuation of grain code must run on the activation's
        scheduler), a call registers and unregisters its timeout, `DispatchProxy` boxes the arguments, and the
        grain's own result is a second task. Many grains with many callers, where almost every call wakes an
        activation, is therefore the weakest scenario.

        **Bus path: group commit, prepared statements, prefetch (2026-11-25).** The bus section showed our path at
        0.12× raw RabbitMQ, with the grain writes alone at 0.20× and the relay alone at 0.27×: every state write
        was its own round trip, parsed and planned again by PostgreSQL, and consumers held 16 messages ahead.
        Now concurrent writes travel together (`PostgresWriteBatcher`: one `NpgsqlBatch`, one commit, at most two
        batches in flight), Npgsql prepares the store's statements (`Max Auto Prepare`), and RabbitMQ endpoints
        prefetch `Messaging:PrefetchCount` (256). Two full runs on this machine, both with a load average of 3–8:

        | figure | before | after |
        | --- | ---: | ---: |
        | ours (RabbitMQ, steady) events/s | 2,855 | 8,442 |
        | ours ÷ raw RabbitMQ | 0.12 | 0.31 |
        | 10 events per state write ÷ raw | 0.25 | 0.41 |
        | in-memory transport, steady events/s | 4,623 | 18,141 |
        | grain writes alone (relay off) events/s | 4,765 | 17,101 |
        | relay draining a full outbox events/s | 6,451 | 11,693 |

        The goal of 0.5 is still not met. What is left per event is the outbox row's insert, claim and delete in
        PostgreSQL and MassTransit's envelope serialization on both sides, all on the same two cores as the
        broker; the next steps are a raw JSON serializer on single-type queues (measured at +0.1–0.2 in the
        architecture notes) and claiming and deleting outbox rows in one transaction instead of a lease update.

        **Bus path: the relay publishes with RabbitMQ.Client (2026-11-26).** MassTransit's own publish of the
        bench event to the same consumer, with no store and no relay at all, reached only 0.47–0.50× the raw
        client, so no relay built on it could reach 0.5 end to end. The relay now sends each outbox row's stored
        JSON as it is, with RabbitMQ.Client and publisher confirms, to MassTransit's exchange for the contract
        (`RabbitMqOutboxPublisher`); consumers read it with MassTransit's raw JSON deserializer, type header
        checked. A prototype of that publish straight to a MassTransit consumer, without store or relay, reached
        0.75–0.85× the raw client. Full runs with a warm-up of 40,000 events, before (2026-11-25) and after:

        | figure | before | after |
        | --- | ---: | ---: |
        | ours (RabbitMQ, steady) events/s | 7,244 | 11,061 |
        | ours ÷ raw RabbitMQ | 0.29 | 0.39 |
        | 10 events per state write ÷ raw | 0.40 | 0.54 |
        | relay draining a full outbox ÷ raw | 0.44 | 0.55 |
        | grain writes alone (relay off) ÷ raw | 0.62 | 0.62 |

        With the warm-up at 120,000 events (the JIT had not finished), two runs of the bus section alone gave 0.43
        and 0.43 (the full run's figure is in section 5 above).
        The goal of 0.5 is still not met, and what is left is not the bus: with the relay off, the grain writes
        alone (state UPDATE and outbox INSERT, PostgreSQL using 41 % of the two cores and our process 35 %)
        reach 0.6–0.7× the raw client, and the end-to-end run shares the same two cores between those writes,
        the relay's claim and delete, the broker and the consumer. Handing freshly written rows to the relay in
        memory (no claim query), tried as a throw-away prototype without its failure handling, gained 13 %
        (0.45×): not enough to justify the lease bookkeeping it needs, so it was not built. A write that carries
        one message (most do) now inserts it with plain parameters instead of unnesting six arrays: end to end
        0.37 → 0.41 of the raw client (mean of the last five of eight runs in one process, two rounds each way).

        **Bus path: fewer notices, claims at insert, CPU per event (2026-11-26, later).** Single runs of the
        raw client moved between 17,000 and 35,000 events/s within one run of the section, so the steady
        figures now come from five rounds of all steady paths back to back, ratios taken within each round;
        and the section reads how much CPU each event costs the broker, PostgreSQL and the process. That
        showed where the rest of the gap is. (1) Every state write was announced to the other hosts in a
        notice of its own whenever no publish was in flight (`GrainStateChangesNotice`, hundreds a second):
        the publisher now gathers changes for `Messaging:StateChanges:Linger` (20 ms), so a busy host sends at
        most about 50 notices a second; end to end 0.36 → 0.42 in the run after. (2) The relay claimed every
        row with an UPDATE before publishing it; now a host's writes insert their rows already claimed for its
        own relay, which reads them with a plain SELECT (rows no live host holds are still claimed, at most
        once a second): PostgreSQL's CPU per relayed event 15 → 8 µs, end to end about +5 %. (3) Tried, not
        kept: no exchange for the `ITenantMessage` marker, a prefetch of 1,000, no thread-pool spinning, no
        tiered compilation: none moved the ratio beyond the noise.

        What is left, per event (µs of CPU, bus section runs after these changes): the raw client straight to
        a queue costs about 55 (34 in the broker, 21 in the process); the same client over our route — the
        contract's exchange bound to the consumer's exchange bound to its queue, with a message id and the
        headers — about 74, which by itself caps any path on that route at about 0.75× the goal's baseline;
        our path about 140: the broker 52, the process 52 (the grain write about 22, the relay and the
        MassTransit consumer about 30, as much as the raw client's own publish and consume over the same
        route) and PostgreSQL 35 (the state UPDATE with the outbox INSERT about 27, the relay's read and
        delete about 8). Reaching 0.5 against the queue baseline needs our path at about 110 µs, so the
        store's write (state and outbox row in one statement, about 50 µs of PostgreSQL and process CPU
        together) would have to get much cheaper; against the raw client over the same route our path is
        at about 0.55.

        **Outbox vacuum, message ids, grain references (2026-11-26, third session).** (1) Counting system
        calls per event (perf) and reading `pg_stat_user_tables` during a bus run showed the outbox table
        with 220,000 dead rows and 1,264 pages for about 100 live rows: autovacuum visits a table about once
        a minute, and until then every relay read walked the dead entries at the head of the `seq` index.
        The store now vacuums the table itself after every 10,000 deleted rows (2–10 ms each): PostgreSQL CPU
        per relayed event 38–44 → 30–33 µs, end to end about +8 % (0.42–0.44 → 0.45–0.46 in bus-only runs).
        (2) Outbox message ids came from `Guid.CreateVersion7`, one `read` system call per message; they now
        take their random bits from `Random.Shared`. (3) Tried, not kept: reading the relay's next batch while
        the current one publishes and deleting it meanwhile (the relay alone drained no faster beyond the
        noise, end to end unchanged: 13,600–14,900 events/s either way), filling the store with 100,000 rows
        of another grain type so PostgreSQL uses the primary key instead of scanning the 64 bench rows
        (no change in the writes' CPU), batches of 200 and 2,000, and no thread-pool spinning (system calls
        per event 9.9 → 4.7, throughput unchanged). (4) Grain calls: a reference now queues straight into the
        activation it last reached (no lookup by id, which hashed two strings per call) and keeps the method
        it called last (no lookup by `MethodInfo`); activity is stamped from `Environment.TickCount64` instead
        of the wall clock; the running count is written by the activation alone (no interlocked operations);
        a call item is itself its caller's `TaskCompletionSource` and carries trace data only when traced
        (392 → 336 bytes per read call); call timeouts register on one `CancellationTokenSource` per slice
        and stripe of threads instead of one per slice. Runtime ÷ mailbox, two runs before and after:
        1 grain 1 caller 0.42–0.48 → 0.51–0.54, 1,000 grains 1 caller 0.44–0.53 → 0.49–0.58, 1 grain
        64 callers 0.52–0.63 → 0.58–0.67; 1,000 grains with 64 callers moves between 0.40 and 0.74 from run
        to run, before and after. Per-call timeouts are still the largest cost with many callers: without
        them the 64-caller scenarios reached 0.86–0.97, since every call registers on a shared token source
        from the caller's thread and unregisters from the activation's.

        **Set-based store writes, one writer, timeouts by sweep (2026-11-26, fourth session).** (1) The CPU
        table put the grain writes at about 48 µs per event (PostgreSQL 24, the process 23), more than a third
        of our path. With pgbench on the same server, one client, 32 grain updates with their outbox rows
        as statements of their own in one pipelined round trip ran at 1,680 batches/s, and the same updates
        as one set-based statement over arrays at 3,100/s: PostgreSQL spends more per statement than per row.
        The store now sends a batch's updates as one statement that answers which writes changed their row
        (`PostgresStateWrites.Updates`; first writes stay statements of their own). Grain writes alone:
        48 → 33–36 µs per event; end to end 0.48 and 0.44 in two bus-only runs, within the noise of before.
        (2) One batch in flight instead of two, so writes that arrive meanwhile leave together in a larger
        batch: grain writes alone 25–32 µs, end to end 0.53, 0.53 and 0.50 in three bus-only runs. But with a
        single writer the rollout to 100,000 members took 137 s instead of 98–106 s: an organization's grain
        there holds tens of megabytes, and every small write waited behind it. A state of 64 K characters or
        more is now written alone on a connection of its own at once: the rollout took 106.6 s (two writers:
        106.0 s), the bus stayed at 0.50. (3) Grain calls time out by a sweep: a call notes when it is due and
        joins its activation's list of pending calls with one atomic exchange, the activation drops completed
        calls from the front, and every sixteenth of the timeout a timer fails the overdue ones; no
        registration per call. Runtime ÷ mailbox, one run before and two after: single-caller scenarios
        0.49–0.56 → 0.51–0.62; with 64 callers 0.59–0.77 before and 0.57–0.81 after, the same within the noise.
        With timeouts switched off this session the 64-caller scenarios gave 0.65–1.00, but in a run where the
        machine ran at a third of its usual speed (the bare mailbox with one grain and 64 callers at 2.3–2.5
        million calls/s instead of 8–9): the 0.86–0.97 above overstated what timeouts cost. An idle
        activation holds 71 bytes more (its list and the list's sentinel): 2,037 bytes. (4) Tried, not kept:
        running the activations on the default task scheduler (not turn-based, a measurement only) lifted the
        single-caller scenarios to 0.60–0.74, so waking an activation through its `TaskScheduler` (a task and
        two locks per call) costs that much. An activation running on a `SynchronizationContext` of its own
        instead reached 0.60–0.67 with one caller and 0.63–0.87 with 64 in two runs, and passed every test,
        but one of three full benchmark runs after it stopped for good between two bus stages with the CPU
        idle, which had not happened before. Until that is understood the scheduler stays.

        **The HTTP section measured refusals; activations on a context of their own (2026-11-26, fifth
        session).** (1) Since the per-organization rate limit landed (30,000 requests a minute), the vision
        read answered 429 after its first second of load: every run since reported it at 0 to 249 requests/s
        beside some 220,000–300,000 errors, and nobody read the errors column. The bench host now keeps the
        limiter in the pipeline with permits a load test cannot use up, the load loop keeps the first failed
        status, and an endpoint that fails more than 1 % of its requests marks the section failed with it.
        (2) The activation's `SynchronizationContext` (`ActivationContext`) is back, its `Send` now the base
        behaviour (run on the caller's thread) instead of an exception. With `dotnet-stack` and
        `dotnet-dump` set to capture any run that stopped printing, 5 full runs and 10 bus-only runs of it
        all finished; no cause of the earlier stop was found, and none of them reproduced it. Runtime ÷
        mailbox in those 5 full runs: single caller 0.54–0.61 (0.48–0.56 with the scheduler), 64 callers
        0.54–0.86. (3) The bus, studied and left as it is: its 10 bus-only runs gave medians of 0.48–0.55 (8
        of 10 at 0.50 or better). `pg_stat_statements` over one run: the set-based write (44 writes per
        statement on average) costs PostgreSQL 11.8 µs of execution per event, the relay's read 2.9 µs and
        its delete 1.3 µs. With pgbench, the updates alone cost 5 µs a row and the outbox inserts 7 µs; the
        state updates are already 99.98 % HOT, and the message ids already time-ordered (random ids cost
        8.0 instead of 6.1 µs a row). `perf` put 61 % of the bench process's CPU in the kernel (thread
        hand-offs, socket sends, 16 % in idle pool threads spinning), 22 % in JIT-compiled code and 13 % in
        the runtime. Tried, not kept: `DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0` (raw client 22 → 15 µs
        of process CPU per event, ours 39 → 37: the ratio fell to 0.45 and 0.47); `DOTNET_GCgen0size` of
        64 MB (our process 44–47 → 37–40 µs, ratio 0.50–0.51 → 0.52–0.54, but the runtime does not support
        the setting). (4) Where the rollout's time goes, for whoever makes it linear: `pg_stat_statements` over one
        rollout-only run (1,000, 10,000 and 100,000 members, the last in 105.4 s) put 52.1 s of PostgreSQL execution in set-based updates
        of states under 64 K characters (98,717 rows, 0.53 ms a row), 34.0 s in reminder inserts (222,400
        statements of their own, two per assignment), 20.2 s in 314 large states written alone (64 ms each:
        mostly the training catalog, rewritten whole by each AssignTraining of 500, the part that grows with
        the square of the members) and 8.8 s in first writes. (5) So the training catalog now keeps who was
        assigned the vision course on coverage pages of about 500 members (`TrainingCoverageGrain`), naming a
        page before anything is written to it: an assignment rewrites one page, a new version reads every page
        once and writes its refresher plan as a page of its own, and a catalog stored before moves its members
        to pages on its next assignment or version. One rollout-only run: 100,000 members in 99.7 s, the time
        per member 1.11× that at 1,000 (1.41–1.69× before); the catalog's stored state 8,694 KB → 3 KB.
        Writing reminders in batches, as state writes are, is the next step.

        **Reminders in batches; the relay's read, measured and left (2026-11-26, sixth session).** (1)
        Concurrent reminder upserts now travel together as one set-based statement per batch, through the
        same group commit as state writes (`PostgresGroupCommit`; never two upserts of one reminder in the
        same statement). Rollout-only runs before and after, back to back: 1,000 members 0.9 → 0.8 s,
        10,000 members 9.9 → 7.4 s, 100,000 members 99.7 → 84.7 s (1,003 → 1,180 members/s). (2) Tried,
        not kept: handing each host's committed outbox rows to its relay in memory, so it no longer reads
        them back (the table read only at start, after memory filled, or when rows it was given were not
        deleted; a row committed around a table read skipped by its id). It removed the read from every
        steady batch, but three bus-only runs of each build, alternating, gave per-round ratios averaging
        0.502 against 0.515 without it (15 rounds each) and PostgreSQL 22–25 against 24–27 µs per event:
        no gain beyond the noise for the bookkeeping it needs. Server GC without dynamic adaptation
        (`DOTNET_gcServer=1`, `DOTNET_GCDynamicAdaptationMode=0`) gave 10 rounds averaging 0.54, median
        0.515: within the noise too. (3) Measured for whoever takes the bus further: the raw client over our
        route, with confirms counted by the caller from `BasicAcksAsync` instead of RabbitMQ.Client's own
        tracking, cost the broker 18–21 % more than the straight-to-queue baseline in the same run instead
        of 26–30 % (two runs each). The relay could publish that way, but so could the baseline: a fair
        comparison would move both.

        **The bus path's remaining cost, measured and left (2026-11-26, eighth session).** (1) Headers: the
        raw client over our route cost 70 µs of CPU per event with the relay's message id and three headers,
        62 with the message id alone and 61 with neither (broker 43 → 37, this process 28 → 24–26): the
        headers table costs about 8 µs an event, most of it in the broker. The three are part of the message
        contract (`MT-MessageType` for MassTransit's type check, the tenant header checked on consume,
        `sv-sent-at` for the lag metric), so they stay. (2) Allocations (`GC.GetTotalAllocatedBytes` over
        steady runs): raw 1.8 KB an event, raw over our route 3.3 KB, ours 17.7 KB, with 21–25 gen0 and 19–20
        gen1 collections and 80–89 ms of pauses per 20,000 events; the relay draining alone 14.4 KB, by allocation
        sampling mostly MassTransit's receive pipeline (contexts, a service scope and a headers dictionary
        per message) and waits on `System.Threading.Channels` inside the client libraries (a tenth of the bytes); the grain writes 3.4 KB, about 30 % of it
        continuations posted to the activations' synchronization context. `perf`: 19 % of this process's
        samples are thread-pool workers spinning before they sleep. (3) Tried, not kept, in bus-only runs
        (ours ÷ raw, median of 5 rounds; 0.49 in the run before them): relay batches of 1,000 with 1,000 in
        flight, 0.51; the relay not waiting for confirms at all (unsafe, an upper bound for overlapping its
        batches), 0.50: the drain alone rose from 0.57 to 0.66, but end to end the relay kept up, its
        batches fell to 59 messages on average and PostgreSQL's CPU per event rose from 23 to 31 µs; the
        same with a 10 ms pause after a partial batch, 0.51 (batches of 303). The path is bound by CPU on
        two shared cores: 119–134 µs an event against the raw client's 55–56, and the goal asks for no more
        than twice.

        **PostgreSQL's share, statement by statement (2026-11-26, ninth session).** (1) `pg_stat_statements`
        over 200,000 events of our path (ten steady runs after a warm-up): the set-based state and outbox
        write took 1.7–2.1 s of execution (8.5–10.3 µs an event, 43 writes a statement on average; alone on an
        idle server the same statement takes 5.7 µs a row, 2 for the update and 3 for the insert), the relay's
        `VACUUM` after every 10,000 rows 0.3–0.7 s, its reads 0.3–0.4 s and its deletes 0.2–0.3 s. And every
        time a connection went back to the pool (7,708 times, once every 26 events) Npgsql reset it on its next use
        with seven statements of their own (`SET SESSION AUTHORIZATION DEFAULT`, `RESET ALL`,
        `pg_advisory_unlock_all()`, `DISCARD TEMP`, `DISCARD SEQUENCES`, `CLOSE ALL`, `UNLISTEN *`). The store
        keeps no session state, so its data source now sets `No Reset On Close` (an open transaction is still
        rolled back). Bus-only runs back to back, alternating: CPU per event of our path 104–111 µs with the
        reset and 100 without (PostgreSQL 21–22 → 19, this process 39–41 → 37–38), ours ÷ raw 0.50–0.52 against
        0.51–0.52; fifteen bus-only runs that afternoon without it (load averages 3–8): 0.48–0.58, median 0.53, 14 of them at 0.50 or more. (2) Allocation sampling of the relay
        draining (14.6 KB an event): waits on `System.Threading.Channels` in the client libraries 11 %, strings
        11 %, byte arrays 6 %, then MassTransit's per-message contexts, observers and service-scope dictionaries;
        the tenant and lag consume filters, resolved from each message's scope, 0.8 KB an event, the retry
        filter 0.1 KB. (3) Tried, not kept: steady runs of 80,000 events instead of 20,000, alternating with the
        raw client (24 pairs each): ours ÷ raw averaged 0.515 against 0.508, so a run's fixed start and end cost
        about 1 %, well inside a round's spread; a pause of 1.5 s before each steady run, so that none starts
        while the broker or PostgreSQL still works off the one before: 0.52 and 0.53 against 0.57 and 0.53;
        thread-pool spinning off again lowered both sides (raw 31,506 → 35,323 events/s, ratio 0.47 → 0.46);
        hill climbing off (`DOTNET_HillClimbing_Disable`): the pool stayed at 2 workers instead of 9–12 and
        context switches fell from 4.4–8.5 to 3.0–3.8 an event on our path and from 5–7 to 3.5–4 on the raw
        client's, but both gained alike: 0.55 and 0.52 against 0.54 and 0.55. (4) The tenant and lag consume
        filters are now one instance per consumer and message type (`PlatformConsumeFilters`) instead of being
        resolved from each message's service scope: the relay draining allocates 14.2–14.3 KB an event instead
        of 14.7–14.8; three alternating pairs of bus-only runs, on a busier machine (our path 114–128 µs an
        event): ours ÷ raw 0.58, 0.51, 0.56 against 0.53, 0.51, 0.51.
        """;

    public static void Write(string folder, IReadOnlyList<SectionResult> sections, MachineInfo machine, BenchSettings settings, TimeSpan elapsed, string loadAtStart)
    {
        Directory.CreateDirectory(folder);
        var ratios = sections.SelectMany(s => s.Ratios).ToList();
        var scale = sections.FirstOrDefault(s => s.Key == "scale" && s.Skipped is null && s.Curve.Count > 1);
        if (ratios.Count > 0)
        {
            File.WriteAllText(Path.Combine(folder, RatiosImage), Svg.Bars(ratios, "Ratios against baselines measured in the same run (higher is better)"));
        }

        if (scale is not null)
        {
            File.WriteAllText(Path.Combine(folder, ScaleImage), Svg.Curve(scale.Curve, "Sign-ups: time against the number of organizations", "organizations signed up", "seconds"));
        }

        var rollout = sections.FirstOrDefault(s => s.Key == "rollout" && s.Skipped is null && s.Curve.Count > 1);
        if (rollout is not null)
        {
            File.WriteAllText(Path.Combine(folder, RolloutImage), Svg.Curve(rollout.Curve, "Rollouts: time until every member is assigned, against members", "members in the rollout", "seconds"));
        }

        var doc = new StringBuilder();
        doc.AppendLine("# Performance");
        doc.AppendLine();
        doc.AppendLine(Invariant($"Generated by `dotnet run -c Release --project bench/ServiceVision.Bench{(settings.Quick ? " -- --quick" : "")}` on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC ({(settings.Quick ? "quick smoke run, short windows: figures are rough" : "full run")}, {elapsed.TotalMinutes:0.0} minutes)."));
        doc.AppendLine("Every figure is set against a baseline measured in the same run on the same machine: read the **ratios**;");
        doc.AppendLine("absolute numbers move with the machine and whatever else runs on it. The file and its images are rewritten by");
        doc.AppendLine("every full run (the text lives in `bench/ServiceVision.Bench/Reporting/PerformanceDocument.cs`).");
        doc.AppendLine();

        doc.AppendLine("## Machine");
        doc.AppendLine();
        doc.AppendLine("| | |");
        doc.AppendLine("| --- | --- |");
        doc.AppendLine(Invariant($"| cores | {machine.Cores} (shared by the benchmark, the host, RabbitMQ and PostgreSQL) |"));
        doc.AppendLine(Invariant($"| CPU | {machine.Cpu} |"));
        doc.AppendLine(Invariant($"| memory | {machine.Memory} |"));
        doc.AppendLine(Invariant($"| OS | {machine.OperatingSystem} |"));
        doc.AppendLine(Invariant($"| .NET | {machine.Runtime}; benchmark GC: {machine.GarbageCollector} |"));
        doc.AppendLine(Invariant($"| load average (1 min) | {loadAtStart} at the start, {MachineInfo.LoadAverage()} at the end (above the core count, other work shared the machine) |"));
        foreach (var (name, value) in sections.SelectMany(s => s.Facts))
        {
            doc.AppendLine(Invariant($"| {name} | {value} |"));
        }

        doc.AppendLine();
        doc.AppendLine("## Goals at a glance");
        doc.AppendLine();
        var goals = ratios.Where(r => r.Goal is not null).ToList();
        if (goals.Count > 0)
        {
            doc.AppendLine("| ratio | goal | measured | |");
            doc.AppendLine("| --- | ---: | ---: | --- |");
            foreach (var goal in goals)
            {
                doc.AppendLine(Invariant($"| {goal.Label} | ≥ {Figures.Ratio(goal.Goal!.Value)} | {Figures.Ratio(goal.Ratio)} | {(goal.Ratio >= goal.Goal ? "met" : "**not met**")} |"));
            }

            doc.AppendLine();
        }

        if (ratios.Count > 0)
        {
            doc.AppendLine(Invariant($"![Ratios against baselines measured in the same run]({RatiosImage})"));
            doc.AppendLine();
        }

        var number = 0;
        foreach (var section in sections)
        {
            number++;
            doc.AppendLine(Invariant($"## {number}. {section.Title}"));
            doc.AppendLine();
            if (Method.TryGetValue(section.Key, out var method))
            {
                doc.AppendLine(method.Trim());
                doc.AppendLine();
            }

            if (section.Skipped is not null)
            {
                doc.AppendLine(Invariant($"**Skipped in this run:** {section.Skipped}"));
                doc.AppendLine();
            }

            foreach (var table in section.Tables)
            {
                doc.AppendLine(Invariant($"**{table.Title}**"));
                doc.AppendLine();
                doc.Append(table.ToMarkdown());
                doc.AppendLine();
            }

            foreach (var note in section.Notes)
            {
                doc.AppendLine("- " + note);
            }

            if (section.Notes.Count > 0)
            {
                doc.AppendLine();
            }

            if (section.Key == "scale")
            {
                if (section == scale)
                {
                    doc.AppendLine(Invariant($"![Sign-ups: time against the number of organizations]({ScaleImage})"));
                    doc.AppendLine();
                }

                doc.AppendLine(sections.Any(s => s.Key == "rollout")
                    ? "> This section covers sign-ups; rollouts to 1,000, 10,000 and 100,000 members are measured in the section \"Scale: rollouts\"."
                    : "> This section covers sign-ups; rollouts to 1,000, 10,000 and 100,000 members are measured by the rollout section (`--only rollout`), not run this time.");
                doc.AppendLine();
            }

            if (section == rollout)
            {
                doc.AppendLine(Invariant($"![Rollouts: time until every member is assigned, against members]({RolloutImage})"));
                doc.AppendLine();
            }

            if (section.Elapsed > TimeSpan.Zero)
            {
                doc.AppendLine(Invariant($"<sub>Section time: {section.Elapsed.TotalSeconds:0} s.</sub>"));
                doc.AppendLine();
            }
        }

        doc.AppendLine("## Changes measured with this benchmark");
        doc.AppendLine();
        doc.AppendLine(History.Trim());
        doc.AppendLine();
        doc.AppendLine("## Running it");
        doc.AppendLine();
        doc.AppendLine("```sh");
        doc.AppendLine("infra/local/services.sh start >/dev/null && eval \"$(infra/local/services.sh env)\"   # for the bus and rollout sections");
        doc.AppendLine("dotnet run -c Release --project bench/ServiceVision.Bench                 # full run, rewrites this file (about 5 minutes on 2 cores)");
        doc.AppendLine("dotnet run -c Release --project bench/ServiceVision.Bench -- --quick      # smoke run, writes artifacts/bench/performance.md");
        doc.AppendLine("dotnet run -c Release --project bench/ServiceVision.Bench -- --only grains,memory");
        doc.AppendLine("```");
        doc.AppendLine();
        doc.AppendLine("Without the service variables the bus and rollout sections are skipped with a line saying so. `SV_BENCH_POSTGRES` (a server");
        doc.AppendLine("connection string) runs the HTTP host on a fresh PostgreSQL database instead of SQLite. The harness is a");
        doc.AppendLine("hand-written `Stopwatch` loop rather than BenchmarkDotNet: what counts is the ratio of two figures taken minutes");
        doc.AppendLine("apart on the same machine, and the end-to-end runs (HTTP, bus) do not fit BenchmarkDotNet's model anyway.");
        File.WriteAllText(Path.Combine(folder, "performance.md"), doc.ToString().TrimEnd() + "\n");

        static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
