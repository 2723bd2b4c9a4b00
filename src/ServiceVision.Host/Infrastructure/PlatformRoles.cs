namespace ServiceVision.Host.Infrastructure;

/// <summary>
/// Which contexts this process runs (section "Roles"). By default one process runs them all; in
/// production the training service can run in processes of its own that share the store and the
/// broker (Roles__Organizations=false), and API processes without it (Roles__Training=false).
/// </summary>
public sealed class PlatformRoles
{
    public const string SectionName = "Roles";

    /// <summary>Organizations: sign-up, members, the vision workshop, service design, hiring, rollouts.</summary>
    public bool Organizations { get; set; } = true;

    /// <summary>The training service: courses, assignments, quizzes, reminders.</summary>
    public bool Training { get; set; } = true;

    /// <summary>The feedback-survey service: surveys, public links, results, service recovery.</summary>
    public bool Surveys { get; set; } = true;

    /// <summary>The recognition service: recognitions, feeds, statistics, celebrations.</summary>
    public bool Recognition { get; set; } = true;

    /// <summary>Partners on the bus: registry, provisioning, grants, outbound events, inbound commands.</summary>
    public bool Partners { get; set; } = true;

    public static PlatformRoles From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<PlatformRoles>() ?? new PlatformRoles();
}
