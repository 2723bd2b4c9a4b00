using ServiceVision.Domain.Alignment;

namespace ServiceVision.Domain.Networks;

/// <summary>
/// The numbers the alignment of one location of a franchise network is made of, each a percentage
/// 0-100 or null when there is nothing to measure. Build them with the helpers of
/// <see cref="NetworkAlignment"/> so every caller measures them the same way.
/// </summary>
/// <param name="AdoptionPercent">The location's adoption of the network vision (<see cref="NetworkAlignment.AdoptionPercent"/>).</param>
/// <param name="TrainingPercent">Members of the location in the newest rollout that reached them who completed it.</param>
/// <param name="CustomerPercent">What the location's customers say (<see cref="NetworkAlignment.CustomerPercent"/>).</param>
/// <param name="PulsePercent">The location's latest pulse score (employees' agreement with the vision).</param>
/// <param name="RecognitionCoveragePercent">Pillars of the current vision someone at the location was recognized for.</param>
/// <param name="AuditPercent">The score of the location's latest audit visit.</param>
public sealed record NetworkAlignmentComponents(
    decimal? AdoptionPercent,
    decimal? TrainingPercent,
    decimal? CustomerPercent,
    decimal? PulsePercent,
    decimal? RecognitionCoveragePercent,
    decimal? AuditPercent);

/// <summary>
/// The network alignment score of one location: how far a location of a franchise network follows the
/// network's vision, as a weighted mean (<see cref="WeightedMean"/>, the machinery of the organization's
/// <see cref="AlignmentScore"/>) of its components. Base weights, summing to 1:
/// <list type="bullet">
/// <item>audit 0.25: an auditor's visit is the only direct observation of the standards and never/always
/// items being lived at the location, so it weighs most;</item>
/// <item>training 0.20: every employee must know and understand the vision before they can live it;</item>
/// <item>adoption 0.15: the location took the network's current version on (a precondition, but a click, not behaviour);</item>
/// <item>customer 0.15: what customers of the location experience (CSAT, else NPS);</item>
/// <item>pulse 0.15: what employees of the location say about living the vision;</item>
/// <item>recognition coverage 0.10: every pillar shows up in someone's recognition (a weaker, volume-sensitive signal).</item>
/// </list>
/// A missing component does not count as 0: the weights of the present ones are scaled up to sum to 1,
/// so a location is judged only on what can be measured; with none the score is null. Components are
/// clamped to 0-100; the score has one decimal.
/// </summary>
public static class NetworkAlignment
{
    public const string Adoption = "adoptionPercent";
    public const string Training = "trainingPercent";
    public const string Customer = "customerPercent";
    public const string Pulse = "pulsePercent";
    public const string RecognitionCoverage = "recognitionCoveragePercent";
    public const string Audit = "auditPercent";

    /// <summary>Adopting a version older than the one offered (a re-adoption is pending) counts half.</summary>
    public const decimal OlderVersionAdopted = 50m;

    /// <summary>The base weights, by component name (as in the JSON of <see cref="NetworkAlignmentComponents"/>); they sum to 1.</summary>
    public static IReadOnlyDictionary<string, decimal> BaseWeights { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        [Adoption] = 0.15m,
        [Training] = 0.20m,
        [Customer] = 0.15m,
        [Pulse] = 0.15m,
        [RecognitionCoverage] = 0.10m,
        [Audit] = 0.25m,
    };

    public static AlignmentResult Compute(NetworkAlignmentComponents components)
    {
        ArgumentNullException.ThrowIfNull(components);
        return WeightedMean.Compute(BaseWeights, [
            (Adoption, components.AdoptionPercent),
            (Training, components.TrainingPercent),
            (Customer, components.CustomerPercent),
            (Pulse, components.PulsePercent),
            (RecognitionCoverage, components.RecognitionCoveragePercent),
            (Audit, components.AuditPercent),
        ]);
    }

    /// <summary>
    /// 100 when the location adopted the version offered (or a later one), 50 when it adopted an older
    /// version (a re-adoption is pending), 0 when it never adopted one; null when nothing was offered.
    /// </summary>
    public static decimal? AdoptionPercent(int? offeredVersion, int? adoptedVersion) => (offeredVersion, adoptedVersion) switch
    {
        (null, _) => null,
        (_, null) => 0m,
        ({ } offered, { } adopted) => adopted >= offered ? 100m : OlderVersionAdopted,
    };

    /// <summary>
    /// The CSAT percent (answers of 4 or 5) when the location has one, else the NPS mapped from -100..100
    /// onto 0..100 ((NPS + 100) / 2, one decimal); null when neither was measured.
    /// </summary>
    public static decimal? CustomerPercent(decimal? csatPercent, decimal? nps) => (csatPercent, nps) switch
    {
        ({ } csat, _) => Math.Clamp(csat, 0m, 100m),
        (null, { } score) => Math.Round((Math.Clamp(score, -100m, 100m) + 100m) / 2m, 1, MidpointRounding.AwayFromZero),
        _ => null,
    };

    /// <summary>
    /// Pillars of the current vision with at least one recognition at the location, out of all its pillars,
    /// in percent (one decimal); recognitions of pillars no longer in the vision do not count. Null when the
    /// vision has no pillar.
    /// </summary>
    public static decimal? RecognitionCoveragePercent(IReadOnlyCollection<string> pillarIds, IReadOnlyDictionary<string, int> recognitionsPerPillar)
    {
        ArgumentNullException.ThrowIfNull(pillarIds);
        ArgumentNullException.ThrowIfNull(recognitionsPerPillar);
        var covered = pillarIds.Distinct(StringComparer.Ordinal).Count(p => recognitionsPerPillar.GetValueOrDefault(p) > 0);
        return AlignmentScore.Percent(covered, pillarIds.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Completed out of the members a rollout reached at the location, one decimal; null when it reached nobody there.</summary>
    public static decimal? TrainingPercent(int completed, int members) => AlignmentScore.Percent(completed, members);
}
