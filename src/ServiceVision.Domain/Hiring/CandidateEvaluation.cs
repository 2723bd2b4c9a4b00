namespace ServiceVision.Domain.Hiring;

public enum Recommendation
{
    StrongHire,
    Hire,
    NoHire,
    Incomplete,
}

/// <param name="WeightedAverage">Over the valid scores given, rounded to 2 decimals; 0 when none.</param>
/// <param name="MissingCriteria">Ids of criteria without a score, in criteria order.</param>
/// <param name="Errors">Fields are <c>scores[{criterionId}]</c>, or <c>criteria</c> when there is nothing to score.</param>
public sealed record EvaluationResult(
    decimal WeightedAverage,
    Recommendation Recommendation,
    IReadOnlyList<string> MissingCriteria,
    IReadOnlyList<ValidationError> Errors);

public static class CandidateEvaluation
{
    public const int MinScore = 1;
    public const int MaxScore = 5;
    public const decimal StrongHireThreshold = 4.0m;
    public const decimal HireThreshold = 3.0m;

    /// <summary>
    /// Scores a candidate 1..5 per criterion and recommends, in this order:
    /// <list type="number">
    /// <item>Any error (a score outside 1..5, a score for an unknown criterion, no criteria) → <see cref="Recommendation.Incomplete"/>.</item>
    /// <item>A score of 1 on a non-negotiable criterion (standard, never &amp; always) → <see cref="Recommendation.NoHire"/>,
    /// even before every score is in: no other score can make up for it.</item>
    /// <item>Any criterion without a score → <see cref="Recommendation.Incomplete"/>.</item>
    /// <item>Weighted average ≥ <see cref="StrongHireThreshold"/> → StrongHire; ≥ <see cref="HireThreshold"/> → Hire; else NoHire.
    /// Thresholds apply to the rounded average, the number the interviewer sees.</item>
    /// </list>
    /// </summary>
    public static EvaluationResult Score(IReadOnlyList<HiringCriterion> criteria, IReadOnlyDictionary<string, int> scores)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(scores);

        var errors = new List<ValidationError>();
        if (criteria.Count == 0)
        {
            errors.Add(new("criteria", "There are no hiring criteria to score; add pillars or standards to the vision first."));
        }

        var known = criteria.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, score) in scores.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!known.Contains(id))
            {
                errors.Add(new($"scores[{id}]", $"There is no criterion '{id}'."));
            }
            else if (score is < MinScore or > MaxScore)
            {
                errors.Add(new($"scores[{id}]", $"A score must be between {MinScore} and {MaxScore}; got {score}."));
            }
        }

        var scored = criteria
            .Where(c => scores.TryGetValue(c.Id, out var s) && s is >= MinScore and <= MaxScore)
            .Select(c => (Criterion: c, Score: scores[c.Id]))
            .ToList();
        var missing = criteria.Where(c => !scores.ContainsKey(c.Id)).Select(c => c.Id).ToList();

        var totalWeight = scored.Sum(s => s.Criterion.Weight);
        var average = totalWeight == 0
            ? 0m
            : Math.Round((decimal)scored.Sum(s => s.Criterion.Weight * s.Score) / totalWeight, 2, MidpointRounding.AwayFromZero);

        var recommendation =
            errors.Count > 0 ? Recommendation.Incomplete
            : scored.Exists(s => s.Criterion.IsNonNegotiable && s.Score == MinScore) ? Recommendation.NoHire
            : missing.Count > 0 ? Recommendation.Incomplete
            : average >= StrongHireThreshold ? Recommendation.StrongHire
            : average >= HireThreshold ? Recommendation.Hire
            : Recommendation.NoHire;

        return new EvaluationResult(average, recommendation, missing, errors);
    }
}
