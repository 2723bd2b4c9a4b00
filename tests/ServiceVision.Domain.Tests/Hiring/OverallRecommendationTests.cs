using ServiceVision.Domain.Hiring;
using Xunit;

namespace ServiceVision.Domain.Tests.Hiring;

public sealed class OverallRecommendationTests
{
    private static readonly HiringCriterion Personal = Criterion("pillar-p1", 3, HiringCriterionKind.Pillar);
    private static readonly HiringCriterion Rings = Criterion("standard-s1", 2, HiringCriterionKind.Standard);
    private static readonly HiringCriterion NeverAlways = Criterion("never-always", 2, HiringCriterionKind.NeverAndAlways);
    private static readonly HiringCriterion[] Criteria = [Personal, Rings, NeverAlways];

    [Fact]
    public void One_evaluation_gives_what_candidate_evaluation_gives()
    {
        var scores = Scores(4, 3, 5);

        var overall = OverallRecommendation.Combine(Criteria, [scores]);
        var single = CandidateEvaluation.Score(Criteria, scores);

        Assert.Equal((single.WeightedAverage, single.Recommendation), (overall.WeightedAverage, overall.Recommendation));
        Assert.Equal(1, overall.EvaluationCount);
    }

    [Fact]
    public void Scores_are_averaged_per_criterion_then_weighted()
    {
        // Means: personal (5 + 3) / 2 = 4, rings 3, never-always (4 + 2) / 2 = 3; (12 + 6 + 6) / 7 = 3.43.
        var overall = OverallRecommendation.Combine(Criteria, [Scores(5, 3, 4), Scores(3, 3, 2)]);

        Assert.Equal(3.43m, overall.WeightedAverage);
        Assert.Equal(Recommendation.Hire, overall.Recommendation);
        Assert.Equal([4m, 3m, 3m], overall.Criteria.Select(c => c.Average));
    }

    [Fact]
    public void An_interviewer_who_skipped_a_criterion_does_not_pull_its_mean_down()
    {
        var partial = new Dictionary<string, int> { [Personal.Id] = 5 };

        var overall = OverallRecommendation.Combine(Criteria, [Scores(5, 5, 5), partial]);

        Assert.Equal(5.00m, overall.WeightedAverage);
        Assert.Equal(Recommendation.StrongHire, overall.Recommendation);
        Assert.Equal([2, 1, 1], overall.Criteria.Select(c => c.Evaluations));
    }

    [Fact]
    public void One_interviewers_1_on_a_standard_vetoes_however_the_others_scored()
    {
        var overall = OverallRecommendation.Combine(Criteria, [Scores(5, 5, 5), Scores(5, 5, 5), Scores(5, 1, 5)]);

        Assert.Equal(Recommendation.NoHire, overall.Recommendation);
        Assert.Equal([Rings.Id], overall.VetoedCriteria);
        Assert.True(overall.WeightedAverage >= 4m);
    }

    [Fact]
    public void A_1_on_a_pillar_is_averaged_not_a_veto()
    {
        var overall = OverallRecommendation.Combine(Criteria, [Scores(1, 5, 5), Scores(5, 5, 5)]);

        Assert.Empty(overall.VetoedCriteria);
        Assert.Equal(Recommendation.StrongHire, overall.Recommendation);
    }

    [Fact]
    public void A_criterion_nobody_scored_makes_it_incomplete_unless_vetoed()
    {
        var incomplete = OverallRecommendation.Combine(Criteria, [new Dictionary<string, int> { [Personal.Id] = 5, [Rings.Id] = 5 }]);
        var vetoed = OverallRecommendation.Combine(Criteria, [new Dictionary<string, int> { [NeverAlways.Id] = 1 }]);

        Assert.Equal(Recommendation.Incomplete, incomplete.Recommendation);
        Assert.Equal([NeverAlways.Id], incomplete.MissingCriteria);
        Assert.Equal(Recommendation.NoHire, vetoed.Recommendation);
        Assert.Equal([Personal.Id, Rings.Id], vetoed.MissingCriteria);
    }

    [Fact]
    public void Without_evaluations_the_result_is_incomplete()
    {
        var overall = OverallRecommendation.Combine(Criteria, []);

        Assert.Equal(Recommendation.Incomplete, overall.Recommendation);
        Assert.Equal(0m, overall.WeightedAverage);
        Assert.Equal(Criteria.Select(c => c.Id), overall.MissingCriteria);
    }

    [Fact]
    public void Invalid_scores_are_ignored()
    {
        var overall = OverallRecommendation.Combine(Criteria, [new Dictionary<string, int>(Scores(5, 5, 5)) { ["pillar-gone"] = 1, [Personal.Id] = 0 }, Scores(5, 5, 5)]);

        Assert.Equal(Recommendation.StrongHire, overall.Recommendation);
        Assert.Equal(1, overall.Criteria[0].Evaluations);
    }

    private static Dictionary<string, int> Scores(int personal, int rings, int neverAlways) =>
        new() { [Personal.Id] = personal, [Rings.Id] = rings, [NeverAlways.Id] = neverAlways };

    private static HiringCriterion Criterion(string id, int weight, HiringCriterionKind kind) =>
        new(id, id, id, ["Tell me about a time you ...", "Tell me about a time you ..."], weight, kind);
}
