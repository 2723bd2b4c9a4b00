namespace ServiceVision.Domain.Networks;

/// <summary>One checklist item as a visit answered it.</summary>
/// <param name="Weight">How much the item counts, 1 to 5.</param>
/// <param name="Critical">Whether failing it alone makes the visit a failing one.</param>
public sealed record AuditItemOutcome(int Weight, bool Critical, bool Passed);

/// <param name="Score">0 to 100, one decimal.</param>
/// <param name="WeightedPercent">The weighted share of passed items before the critical cap, one decimal.</param>
/// <param name="FailedCriticalItems">Critical items that failed; each one raises an alert.</param>
/// <param name="Capped">Whether a critical failure lowered the score to <see cref="AuditScore.CriticalFailureCap"/>.</param>
public sealed record AuditScoreResult(decimal Score, decimal WeightedPercent, int FailedCriticalItems, bool Capped);

/// <summary>
/// The score of a location audit visit:
/// <code>
/// score = 100 × Σ weight of passed items / Σ weight of all items      (one decimal, midpoint away from zero)
/// score = min(score, 50)                                              when any critical item failed
/// </code>
/// Weights (1 to 5) let a checklist say that greeting every guest matters more than a tidy notice board.
/// The cap exists because a critical item is a non-negotiable standard (a "never" or "always"): a visit
/// that breaks one must show as failing however much else passed, so 19 tidy items out of 20 can never
/// hide that the location, say, left the fire exit locked. 50 keeps the score informative below the cap
/// (a visit that failed a critical item and half of everything else still ranks below one that failed
/// only the critical item) while no such visit can ever read above half marks.
/// </summary>
public static class AuditScore
{
    /// <summary>The highest score of a visit that failed a critical item.</summary>
    public const decimal CriticalFailureCap = 50m;

    public const int MinWeight = 1;
    public const int MaxWeight = 5;

    public static AuditScoreResult Compute(IReadOnlyList<AuditItemOutcome> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("A visit scores at least one item.", nameof(items));
        }

        if (items.Any(i => i.Weight is < MinWeight or > MaxWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(items), $"Weights are {MinWeight} to {MaxWeight}.");
        }

        decimal total = items.Sum(i => i.Weight);
        decimal passed = items.Where(i => i.Passed).Sum(i => i.Weight);
        var percent = Math.Round(100m * passed / total, 1, MidpointRounding.AwayFromZero);
        var failedCritical = items.Count(i => i.Critical && !i.Passed);
        var capped = failedCritical > 0 && percent > CriticalFailureCap;
        return new AuditScoreResult(capped ? CriticalFailureCap : percent, percent, failedCritical, capped);
    }
}
