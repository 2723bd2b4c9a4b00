namespace ServiceVision.Domain.Hiring;

/// <summary>How the panel scored one criterion: the mean of the interviewers who scored it.</summary>
public sealed record CriterionAverage(string CriterionId, decimal Average, int Evaluations);

/// <param name="WeightedAverage">Weighted by criterion over the per-criterion means, rounded to 2 decimals; 0 when nothing is scored.</param>
/// <param name="Criteria">Per-criterion means, in criteria order, for the criteria someone scored.</param>
/// <param name="MissingCriteria">Criteria no interviewer scored, in criteria order.</param>
/// <param name="VetoedCriteria">Non-negotiable criteria some interviewer scored 1, in criteria order.</param>
public sealed record OverallResult(
    decimal WeightedAverage,
    Recommendation Recommendation,
    int EvaluationCount,
    IReadOnlyList<CriterionAverage> Criteria,
    IReadOnlyList<string> MissingCriteria,
    IReadOnlyList<string> VetoedCriteria);

/// <summary>Combines the evaluations of every interviewer of one candidate into one recommendation.</summary>
public static class OverallRecommendation
{
    /// <summary>
    /// <list type="number">
    /// <item>Per criterion, the mean of the scores the interviewers gave it (an interviewer who did not
    /// score a criterion does not pull its mean down). Scores for unknown criteria or outside
    /// 1..5 are ignored: evaluations are validated with <see cref="CandidateEvaluation.Score"/> when given.</item>
    /// <item>The weighted average of those means, with the criteria's weights, rounded to 2 decimals
    /// as <see cref="CandidateEvaluation"/> rounds.</item>
    /// <item>A veto stays a veto: if any interviewer gave a non-negotiable criterion (standard,
    /// never &amp; always) a 1, the candidate is <see cref="Recommendation.NoHire"/>, whatever the others
    /// scored and even before every criterion is scored. Averaging would otherwise let two
    /// enthusiastic interviewers outvote one who saw a standard broken.</item>
    /// <item>Otherwise a criterion nobody scored, or no evaluation at all, is <see cref="Recommendation.Incomplete"/>.</item>
    /// <item>Otherwise the thresholds of <see cref="CandidateEvaluation"/>: ≥ 4 StrongHire, ≥ 3 Hire, else NoHire.</item>
    /// </list>
    /// </summary>
    public static OverallResult Combine(IReadOnlyList<HiringCriterion> criteria, IReadOnlyList<IReadOnlyDictionary<string, int>> evaluations)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(evaluations);

        var averages = new List<(HiringCriterion Criterion, decimal Mean, int Count)>();
        var missing = new List<string>();
        var vetoed = new List<string>();
        foreach (var criterion in criteria)
        {
            var scores = evaluations
                .Select(e => e.TryGetValue(criterion.Id, out var s) ? s : (int?)null)
                .Where(s => s is >= CandidateEvaluation.MinScore and <= CandidateEvaluation.MaxScore)
                .Select(s => s!.Value)
                .ToList();
            if (scores.Count == 0)
            {
                missing.Add(criterion.Id);
                continue;
            }

            averages.Add((criterion, (decimal)scores.Sum() / scores.Count, scores.Count));
            if (criterion.IsNonNegotiable && scores.Contains(CandidateEvaluation.MinScore))
            {
                vetoed.Add(criterion.Id);
            }
        }

        var totalWeight = averages.Sum(a => a.Criterion.Weight);
        var weighted = totalWeight == 0
            ? 0m
            : Math.Round(averages.Sum(a => a.Criterion.Weight * a.Mean) / totalWeight, 2, MidpointRounding.AwayFromZero);

        var recommendation =
            vetoed.Count > 0 ? Recommendation.NoHire
            : evaluations.Count == 0 || criteria.Count == 0 || missing.Count > 0 ? Recommendation.Incomplete
            : weighted >= CandidateEvaluation.StrongHireThreshold ? Recommendation.StrongHire
            : weighted >= CandidateEvaluation.HireThreshold ? Recommendation.Hire
            : Recommendation.NoHire;

        return new OverallResult(
            weighted,
            recommendation,
            evaluations.Count,
            [.. averages.Select(a => new CriterionAverage(a.Criterion.Id, Math.Round(a.Mean, 2, MidpointRounding.AwayFromZero), a.Count))],
            missing,
            vetoed);
    }
}
