namespace ServiceVision.Domain.Surveys;

/// <summary>The headline scores of a set of responses; null where the survey has no such question or nobody answered it.</summary>
public sealed record ScoreSummary(decimal? Nps, decimal? CsatAverage, decimal? CsatPercent, decimal? PulsePercent);

/// <summary>The score formulas, each over the answers given (a skipped optional question does not count).</summary>
public static class SurveyScores
{
    /// <summary>Net promoter score: percent of promoters (9–10) minus percent of detractors (0–6), rounded to 0.1.</summary>
    public static decimal? Nps(IReadOnlyCollection<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var promoters = values.Count(v => v >= 9);
        var detractors = values.Count(v => v <= 6);
        return Math.Round(100m * (promoters - detractors) / values.Count, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>Average CSAT answer, rounded to 0.01.</summary>
    public static decimal? Average(IReadOnlyCollection<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count == 0 ? null : Math.Round((decimal)values.Sum() / values.Count, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Share of CSAT answers of 4 or 5, in percent rounded to 0.1.</summary>
    public static decimal? CsatPercent(IReadOnlyCollection<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count == 0 ? null : Math.Round(100m * values.Count(v => v >= 4) / values.Count, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>Average agreement with 1–5 statements as a percent of the scale (1 is 0 %, 5 is 100 %), rounded to 0.1.</summary>
    public static decimal? PulsePercent(IReadOnlyCollection<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count == 0 ? null : Math.Round(100m * values.Sum(v => v - 1) / (4m * values.Count), 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>The scores of <paramref name="responses"/> for the metric questions of <paramref name="questions"/>.</summary>
    public static ScoreSummary Summarize(IReadOnlyList<SurveyQuestion> questions, IEnumerable<SurveyResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(responses);
        var nps = new List<int>();
        var csat = new List<int>();
        var pulse = new List<int>();
        var metricOf = questions.Where(q => q.Metric != QuestionMetric.None).ToDictionary(q => q.Id, q => q.Metric, StringComparer.Ordinal);
        foreach (var response in responses)
        {
            foreach (var answer in response.Answers)
            {
                if (answer.Value is not { } value || !metricOf.TryGetValue(answer.QuestionId, out var metric))
                {
                    continue;
                }

                (metric switch
                {
                    QuestionMetric.Nps => nps,
                    QuestionMetric.Csat => csat,
                    _ => pulse,
                }).Add(value);
            }
        }

        var hasNps = metricOf.ContainsValue(QuestionMetric.Nps);
        var hasCsat = metricOf.ContainsValue(QuestionMetric.Csat);
        var hasPulse = metricOf.ContainsValue(QuestionMetric.Pulse);
        return new ScoreSummary(
            hasNps ? Nps(nps) : null,
            hasCsat ? Average(csat) : null,
            hasCsat ? CsatPercent(csat) : null,
            hasPulse ? PulsePercent(pulse) : null);
    }
}
