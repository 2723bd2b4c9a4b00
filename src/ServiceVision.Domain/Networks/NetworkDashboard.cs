using ServiceVision.Domain.Locations;

namespace ServiceVision.Domain.Networks;

/// <summary>A location's adoption of the network vision as the dashboard shows it.</summary>
/// <param name="State">NotOffered (the network published nothing yet), Pending (a version was offered and not adopted) or Adopted.</param>
/// <param name="OfferedVersion">The latest version the network offered.</param>
/// <param name="AdoptedVersion">The version the location adopted last (older than the offered one while a re-adoption is pending).</param>
public sealed record NetworkAdoptionCell(string State, int? OfferedVersion, int? AdoptedVersion, DateTimeOffset? AdoptedAt)
{
    public const string NotOffered = "NotOffered";
    public const string Pending = "Pending";
    public const string Adopted = "Adopted";
}

/// <summary>The newest rollout that reached members of the location, counted over those members.</summary>
/// <param name="Members">Members of the location the rollout assigned its course to.</param>
/// <param name="Completed">Of those, members who completed it.</param>
/// <param name="Overdue">Of those, members not completed after the due date.</param>
/// <param name="PercentComplete">Completed out of members, rounded down to one decimal.</param>
public sealed record NetworkTrainingCell(string RolloutId, string Title, string CourseId, DateTimeOffset DueAt, int Members, int Completed, int Overdue, decimal PercentComplete);

/// <summary>Recognitions at a location for one pillar of the current vision, all time.</summary>
public sealed record PillarRecognitions(string PillarId, string Text, int Count);

/// <summary>A pillar of the current vision: the dashboard's recognition columns, in the vision's order.</summary>
public sealed record DashboardPillar(string Id, string Text);

/// <summary>The latest audit visit of a location.</summary>
/// <param name="Score">0-100, one decimal.</param>
public sealed record NetworkAuditCell(decimal Score, DateTimeOffset VisitedAt);

/// <summary>What the dashboard reads about one location, before anything is computed.</summary>
/// <param name="RecognitionsPerPillar">Pillar id to recognitions at the location, all time (any pillar, current or not).</param>
/// <param name="LatestRecognitionAt">When the latest recognition at the location was given.</param>
public sealed record NetworkLocationInput(
    string LocationId,
    string Name,
    string? Region,
    NetworkAdoptionCell Adoption,
    NetworkTrainingCell? Training,
    decimal? Nps,
    decimal? CsatPercent,
    decimal? PulsePercent,
    IReadOnlyDictionary<string, int> RecognitionsPerPillar,
    DateTimeOffset? LatestRecognitionAt,
    NetworkAuditCell? Audit);

/// <summary>One location on the network dashboard.</summary>
/// <param name="Recognitions">Every pillar of the current vision, in its order, with the location's recognitions for it (0 included).</param>
/// <param name="Alignment">The network alignment score (<see cref="NetworkAlignment"/>), null when nothing could be measured.</param>
/// <param name="Components">The components the score was computed from.</param>
public sealed record NetworkLocationRow(
    string LocationId,
    string Name,
    string? Region,
    NetworkAdoptionCell Adoption,
    NetworkTrainingCell? Training,
    decimal? Nps,
    decimal? CsatPercent,
    decimal? PulsePercent,
    IReadOnlyList<PillarRecognitions> Recognitions,
    DateTimeOffset? LatestRecognitionAt,
    NetworkAuditCell? Audit,
    decimal? Alignment,
    NetworkAlignmentComponents Components);

/// <summary>The network as a whole, over the rows shown (after the region filter and the caller's scope).</summary>
/// <param name="Locations">Rows counted.</param>
/// <param name="Adopted">Locations that adopted the latest version offered.</param>
/// <param name="Pending">Locations with an offered version not adopted yet (a first adoption or a re-adoption).</param>
/// <param name="NotOffered">Locations the network offered no version yet.</param>
/// <param name="Measured">Locations with an alignment score.</param>
/// <param name="AverageAlignment">The mean alignment of the measured locations, one decimal; null when none is measured.</param>
/// <param name="TrainingMembers">Members counted in the locations' training cells.</param>
/// <param name="TrainingCompleted">Of those, members who completed.</param>
/// <param name="TrainingOverdue">Of those, members overdue.</param>
public sealed record NetworkTotals(
    int Locations,
    int Adopted,
    int Pending,
    int NotOffered,
    int Measured,
    decimal? AverageAlignment,
    int TrainingMembers,
    int TrainingCompleted,
    int TrainingOverdue);

/// <summary>
/// The network dashboard's rules: a location's row (its alignment from <see cref="NetworkAlignment"/>),
/// the region filter, the order (lagging first) and the totals. Pure: the reader fetches, this decides.
/// </summary>
public static class NetworkDashboard
{
    /// <summary>The location's row: recognitions per pillar of the current vision, components and alignment.</summary>
    public static NetworkLocationRow Row(NetworkLocationInput input, IReadOnlyList<DashboardPillar> pillars)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pillars);
        var components = new NetworkAlignmentComponents(
            NetworkAlignment.AdoptionPercent(input.Adoption.OfferedVersion, input.Adoption.AdoptedVersion),
            input.Training is { } training ? NetworkAlignment.TrainingPercent(training.Completed, training.Members) : null,
            NetworkAlignment.CustomerPercent(input.CsatPercent, input.Nps),
            input.PulsePercent,
            NetworkAlignment.RecognitionCoveragePercent([.. pillars.Select(p => p.Id)], input.RecognitionsPerPillar),
            input.Audit?.Score);
        return new NetworkLocationRow(
            input.LocationId,
            input.Name,
            input.Region,
            input.Adoption,
            input.Training,
            input.Nps,
            input.CsatPercent,
            input.PulsePercent,
            [.. pillars.Select(p => new PillarRecognitions(p.Id, p.Text, input.RecognitionsPerPillar.GetValueOrDefault(p.Id)))],
            input.LatestRecognitionAt,
            input.Audit,
            NetworkAlignment.Compute(components).Score,
            components);
    }

    /// <summary>The items in <paramref name="region"/> (ignoring case and surrounding spaces); all of them when it is null or blank.</summary>
    public static IEnumerable<T> InRegion<T>(IEnumerable<T> items, Func<T, string?> regionOf, string? region)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(regionOf);
        return items.Where(item => LocationRules.InRegion(regionOf(item), region));
    }

    /// <summary>
    /// Lagging first: locations without an alignment score come first (nothing shows they follow the
    /// vision: a blind spot to look at before a low score), then by alignment ascending, then by name
    /// (ignoring case) and id, so equal scores keep a stable order.
    /// </summary>
    public static IReadOnlyList<NetworkLocationRow> LaggingFirst(IEnumerable<NetworkLocationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows
            .OrderBy(r => r.Alignment is not null)
            .ThenBy(r => r.Alignment)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.LocationId, StringComparer.Ordinal)];
    }

    public static NetworkTotals Totals(IReadOnlyCollection<NetworkLocationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scores = rows.Where(r => r.Alignment is not null).Select(r => r.Alignment!.Value).ToList();
        return new NetworkTotals(
            rows.Count,
            rows.Count(r => r.Adoption.State == NetworkAdoptionCell.Adopted),
            rows.Count(r => r.Adoption.State == NetworkAdoptionCell.Pending),
            rows.Count(r => r.Adoption.State == NetworkAdoptionCell.NotOffered),
            scores.Count,
            scores.Count == 0 ? null : Math.Round(scores.Average(), 1, MidpointRounding.AwayFromZero),
            rows.Sum(r => r.Training?.Members ?? 0),
            rows.Sum(r => r.Training?.Completed ?? 0),
            rows.Sum(r => r.Training?.Overdue ?? 0));
    }
}
