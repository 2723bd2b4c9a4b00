namespace ServiceVision.Domain.Alignment;

/// <summary>
/// The machinery of every alignment score (<see cref="AlignmentScore"/> for departments and locations,
/// ServiceVision.Domain.Networks.NetworkAlignment for a network's locations): a weighted mean of
/// percentages in which a missing component does not count as 0. The base weights of the present
/// components are scaled up so they sum to 1 again, so a group is judged only on what can be
/// measured. Values are clamped to 0-100; the score has one decimal and each weight four (both
/// rounded half away from zero); the score is computed from the unrounded weights.
/// </summary>
public static class WeightedMean
{
    /// <summary>
    /// The weighted mean of <paramref name="components"/> (name and value, null when not measured) under
    /// <paramref name="baseWeights"/>; a name without a base weight is a programming error.
    /// </summary>
    public static AlignmentResult Compute(IReadOnlyDictionary<string, decimal> baseWeights, IEnumerable<(string Name, decimal? Value)> components)
    {
        ArgumentNullException.ThrowIfNull(baseWeights);
        ArgumentNullException.ThrowIfNull(components);
        var present = new List<(string Name, decimal Weight, decimal Value)>();
        foreach (var (name, value) in components)
        {
            if (!baseWeights.TryGetValue(name, out var weight))
            {
                throw new ArgumentException($"The component '{name}' has no base weight.", nameof(components));
            }

            if (value is { } v)
            {
                present.Add((name, weight, Math.Clamp(v, 0m, 100m)));
            }
        }

        var total = present.Sum(p => p.Weight);
        if (present.Count == 0 || total <= 0m)
        {
            return new AlignmentResult(null, new Dictionary<string, decimal>(StringComparer.Ordinal));
        }

        var weights = present.ToDictionary(p => p.Name, p => Math.Round(p.Weight / total, 4, MidpointRounding.AwayFromZero), StringComparer.Ordinal);
        var score = present.Sum(p => p.Weight * p.Value) / total;
        return new AlignmentResult(Math.Round(score, 1, MidpointRounding.AwayFromZero), weights);
    }
}
