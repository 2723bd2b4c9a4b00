namespace ServiceVision.Bench;

/// <summary>What to run and how long: the full run (about five minutes on two cores) or a quick smoke run.</summary>
internal sealed class BenchSettings
{
    public static readonly string[] AllSections = ["grains", "memory", "http", "scale", "bus", "rollout", "network"];

    public bool Quick { get; private init; }

    /// <summary>Sections to run (all by default).</summary>
    public IReadOnlySet<string> Sections { get; private init; } = new HashSet<string>(AllSections, StringComparer.Ordinal);

    /// <summary>Where performance.md and its images go: docs/ for a full run, artifacts/bench/ for a quick one.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>Whether to build the host before the HTTP sections (off: use the dll that is there).</summary>
    public bool BuildHost { get; private init; } = true;

    public required string RepositoryRoot { get; init; }

    // Grain calls: each implementation runs this long per round; the median of the rounds counts.
    public TimeSpan GrainWindow => Quick ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromMilliseconds(300);

    /// <summary>How long each scenario runs once per design before anything is measured (JIT tiering).</summary>
    public TimeSpan GrainWarmup => Quick ? TimeSpan.FromMilliseconds(60) : TimeSpan.FromMilliseconds(150);

    public int GrainRounds => Quick ? 3 : 5;

    public int ManyGrains { get; init; } = 1_000;

    public int ConcurrentCallers { get; init; } = 64;

    public int IdleActivations => Quick ? 20_000 : 100_000;

    // HTTP: concurrent workers on loopback for a fixed time, after a warm-up.
    public int HttpWorkers { get; init; } = 16;

    public TimeSpan HttpWarmup => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    public TimeSpan HttpDuration => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(8);

    // Scale: sign-ups counted at each checkpoint.
    public int SignUpStep => Quick ? 50 : 100;

    public int SignUpTotal => Quick ? 200 : 1_000;

    public int SignUpWorkers { get; init; } = 4;

    // Bus: cold (first messages of the process), warm-up, then steady.
    public int BusColdMessages => Quick ? 2_000 : 10_000;

    public int BusWarmupMessages => Quick ? 3_000 : 120_000;

    public int BusRawWarmupMessages => Quick ? 3_000 : 20_000;

    public int BusSteadyMessages => Quick ? 5_000 : 20_000;

    /// <summary>Rounds of the steady runs (raw, ours, ours with ten events per write, back to back).</summary>
    public int BusRounds => Quick ? 1 : 5;

    /// <summary>Grains (and concurrent callers) that publish in the bus runs.</summary>
    public int BusProducers { get; init; } = 64;

    // Rollouts: members per rollout, in order (the first is the baseline of the ratios).
    public IReadOnlyList<int> RolloutSizes => Quick ? [1_000, 5_000] : [1_000, 10_000, 100_000];

    /// <summary>How long one rollout may take before it is reported as unfinished: 3 minutes for 100,000, 90 s for 10,000.</summary>
    public TimeSpan RolloutBudget(int members) => TimeSpan.FromSeconds(Math.Clamp(members / 100.0, Quick ? 45 : 60, 180));

    // Networks: locations offered a new version of the network's vision, in order (the first is the baseline).
    public IReadOnlyList<int> NetworkSizes => Quick ? [100, 500] : [500, 1_000, 2_500, 5_000];

    /// <summary>How long offering a version to every location may take before it is reported as unfinished.</summary>
    public TimeSpan NetworkBudget(int locations) => TimeSpan.FromSeconds(Math.Clamp(locations / 25.0, Quick ? 20 : 30, 240));

    public bool Runs(string section) => Sections.Contains(section);

    public static BenchSettings Parse(string[] args, string repositoryRoot)
    {
        var quick = false;
        var buildHost = true;
        string? output = null;
        HashSet<string>? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--no-host-build":
                    buildHost = false;
                    break;
                case "--out" when i + 1 < args.Length:
                    output = Path.GetFullPath(args[++i]);
                    break;
                case "--only" when i + 1 < args.Length:
                    only = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    var unknown = only.Except(AllSections).ToList();
                    if (unknown.Count > 0)
                    {
                        throw new ArgumentException($"Unknown section(s) {string.Join(", ", unknown)}; known: {string.Join(", ", AllSections)}.");
                    }

                    break;
                case "--help" or "-h":
                    throw new ArgumentException(Usage);
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }

        return new BenchSettings
        {
            Quick = quick,
            BuildHost = buildHost,
            RepositoryRoot = repositoryRoot,
            OutputFolder = output ?? (quick ? Path.Combine(repositoryRoot, "artifacts", "bench") : Path.Combine(repositoryRoot, "docs")),
            Sections = only ?? new HashSet<string>(AllSections, StringComparer.Ordinal),
        };
    }

    public const string Usage = """
        dotnet run -c Release --project bench/ServiceVision.Bench [-- options]
          --quick            a fast smoke run (about a minute); writes to artifacts/bench/ unless --out is given
          --only a,b         run only these sections: grains, memory, http, scale, bus, rollout, network
          --out <folder>     where performance.md and its SVG images go (default docs/, quick: artifacts/bench/)
          --no-host-build    use the host dll as built (do not build src/ServiceVision.Host first)
        Environment: SV_TEST_RABBITMQ, SV_TEST_RABBITMQ_MANAGEMENT, SV_TEST_POSTGRES for the bus and rollout sections
        (eval "$(infra/local/services.sh env)"); SV_BENCH_POSTGRES runs the HTTP host on PostgreSQL.
        """;
}
