namespace ServiceVision.Domain.Alignment;

/// <summary>
/// The numbers alignment is made of, for one group (a department, a location, a franchise location),
/// each a percentage 0-100 or null when there is nothing to measure (no campaign reached the group,
/// no survey scored it, ...). Where the numbers come from is the caller's business: the
/// organization's alignment view and the franchise dashboard feed the same formula.
/// </summary>
/// <param name="AcknowledgementPercent">Members of the group in the latest announcement's audience who acknowledged it.</param>
/// <param name="TrainingPercent">Members of the group in the latest vision training rollout who completed it.</param>
/// <param name="PulsePercent">The group's latest pulse survey score (agreement with the vision statements).</param>
/// <param name="RecognitionCoveragePercent">Pillars of the published vision that someone of the group was recognized for lately.</param>
/// <param name="RecoveriesOnTimePercent">Complaints of the group answered by their deadline, of those answered or past it.</param>
public sealed record AlignmentComponents(
    decimal? AcknowledgementPercent,
    decimal? TrainingPercent,
    decimal? PulsePercent,
    decimal? RecognitionCoveragePercent,
    decimal? RecoveriesOnTimePercent);

/// <summary>The score of one group and how it was made: the weight each present component got after re-weighting.</summary>
/// <param name="Score">0-100, one decimal; null when no component could be measured.</param>
/// <param name="Weights">Component name (as in the JSON of <see cref="AlignmentComponents"/>) to the weight it carried; missing components carry none.</param>
public sealed record AlignmentResult(decimal? Score, IReadOnlyDictionary<string, decimal> Weights);

/// <summary>
/// The alignment score: a weighted mean of the components. Weights (sum 1): training 0.25 and pulse
/// 0.25 (knowing the vision and living it, as employees say), acknowledgement 0.20 (everyone heard
/// it), recognition coverage 0.15 and recoveries on time 0.15 (it shows with customers). A missing
/// component does not count as 0: the weights of the present ones are scaled up so they sum to 1
/// again, so a group is judged only on what can be measured. Inputs are clamped to 0-100. The
/// machinery is <see cref="WeightedMean"/>, shared with the network dashboard's alignment.
/// </summary>
public static class AlignmentScore
{
    public const string Acknowledgement = "acknowledgementPercent";
    public const string Training = "trainingPercent";
    public const string Pulse = "pulsePercent";
    public const string RecognitionCoverage = "recognitionCoveragePercent";
    public const string RecoveriesOnTime = "recoveriesOnTimePercent";

    /// <summary>The base weights, by component name; they sum to 1.</summary>
    public static IReadOnlyDictionary<string, decimal> BaseWeights { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        [Acknowledgement] = 0.20m,
        [Training] = 0.25m,
        [Pulse] = 0.25m,
        [RecognitionCoverage] = 0.15m,
        [RecoveriesOnTime] = 0.15m,
    };

    public static AlignmentResult Compute(AlignmentComponents components)
    {
        ArgumentNullException.ThrowIfNull(components);
        return WeightedMean.Compute(BaseWeights, [
            (Acknowledgement, components.AcknowledgementPercent),
            (Training, components.TrainingPercent),
            (Pulse, components.PulsePercent),
            (RecognitionCoverage, components.RecognitionCoveragePercent),
            (RecoveriesOnTime, components.RecoveriesOnTimePercent),
        ]);
    }

    /// <summary><paramref name="part"/> of <paramref name="whole"/> in percent, one decimal; null when <paramref name="whole"/> is 0.</summary>
    public static decimal? Percent(int part, int whole) =>
        whole <= 0 ? null : Math.Round(Math.Clamp(part, 0, whole) * 100m / whole, 1, MidpointRounding.AwayFromZero);
}

/// <summary>How members are grouped in breakdowns and the alignment view.</summary>
public enum GroupDimension
{
    Department,
    Location,
}
