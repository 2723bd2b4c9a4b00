using ServiceVision.Domain.Hiring;
using Xunit;

namespace ServiceVision.Domain.Tests.Hiring;

public sealed class CandidateEvaluationTests
{
    // Weights as the builder assigns them: pillars 3, standards 2.
    private static readonly HiringCriterion Personal = Criterion("pillar-p1", 3, HiringCriterionKind.Pillar);
    private static readonly HiringCriterion Beyond = Criterion("pillar-p2", 3, HiringCriterionKind.Pillar);
    private static readonly HiringCriterion ThreeRings = Criterion("standard-s1", 2, HiringCriterionKind.Standard);
    private static readonly HiringCriterion[] Criteria = [Personal, Beyond, ThreeRings];

    [Fact]
    public void Top_scores_everywhere_are_a_strong_hire()
    {
        var result = Score(5, 5, 5);

        Assert.Equal(5.00m, result.WeightedAverage);
        Assert.Equal(Recommendation.StrongHire, result.Recommendation);
        Assert.Empty(result.MissingCriteria);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void The_average_is_weighted_by_criterion()
    {
        // Unweighted this would be 3.33; pillars weigh 3 and the standard 2: (12 + 12 + 4) / 8.
        var result = Score(4, 4, 2);

        Assert.Equal(3.50m, result.WeightedAverage);
        Assert.Equal(Recommendation.Hire, result.Recommendation);
    }

    [Theory]
    [InlineData(4, 4, 4, Recommendation.StrongHire)]
    [InlineData(3, 3, 3, Recommendation.Hire)]
    [InlineData(3, 2, 4, Recommendation.NoHire)]
    public void Thresholds_are_4_for_a_strong_hire_and_3_for_a_hire(int personal, int beyond, int rings, Recommendation expected)
    {
        Assert.Equal(expected, Score(personal, beyond, rings).Recommendation);
    }

    [Fact]
    public void A_1_on_a_standard_is_no_hire_however_good_the_rest()
    {
        var result = Score(5, 5, 1);

        Assert.Equal(4.00m, result.WeightedAverage);
        Assert.Equal(Recommendation.NoHire, result.Recommendation);
    }

    [Fact]
    public void A_1_on_a_standard_decides_before_every_score_is_in()
    {
        var result = CandidateEvaluation.Score(Criteria, new Dictionary<string, int> { ["standard-s1"] = 1 });

        Assert.Equal(Recommendation.NoHire, result.Recommendation);
        Assert.Equal(["pillar-p1", "pillar-p2"], result.MissingCriteria);
    }

    [Fact]
    public void A_1_on_a_pillar_is_weighed_not_vetoed()
    {
        // (3 + 15 + 10) / 8 = 3.5
        Assert.Equal(Recommendation.Hire, Score(1, 5, 5).Recommendation);
    }

    [Fact]
    public void Missing_scores_make_the_evaluation_incomplete_and_are_listed()
    {
        var result = CandidateEvaluation.Score(Criteria, new Dictionary<string, int> { ["pillar-p1"] = 5, ["standard-s1"] = 5 });

        Assert.Equal(Recommendation.Incomplete, result.Recommendation);
        Assert.Equal(["pillar-p2"], result.MissingCriteria);
        Assert.Equal(5.00m, result.WeightedAverage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void A_score_outside_1_to_5_is_an_error_on_that_score(int score)
    {
        var result = Score(5, score, 5);

        var error = Assert.Single(result.Errors);
        Assert.Equal("scores[pillar-p2]", error.Field);
        Assert.Equal(Recommendation.Incomplete, result.Recommendation);
    }

    [Fact]
    public void A_score_for_an_unknown_criterion_is_an_error()
    {
        var scores = new Dictionary<string, int> { ["pillar-p1"] = 5, ["pillar-p2"] = 5, ["standard-s1"] = 5, ["pillar-gone"] = 4 };

        var result = CandidateEvaluation.Score(Criteria, scores);

        Assert.Equal("scores[pillar-gone]", Assert.Single(result.Errors).Field);
        Assert.Equal(Recommendation.Incomplete, result.Recommendation);
    }

    [Fact]
    public void Without_criteria_there_is_nothing_to_recommend()
    {
        var result = CandidateEvaluation.Score([], new Dictionary<string, int>());

        Assert.Equal("criteria", Assert.Single(result.Errors).Field);
        Assert.Equal(Recommendation.Incomplete, result.Recommendation);
    }

    private static EvaluationResult Score(int personal, int beyond, int rings) =>
        CandidateEvaluation.Score(
            Criteria,
            new Dictionary<string, int> { [Personal.Id] = personal, [Beyond.Id] = beyond, [ThreeRings.Id] = rings });

    private static HiringCriterion Criterion(string id, int weight, HiringCriterionKind kind) =>
        new(id, id, id, ["Tell me about a time you ...", "Tell me about a time you ..."], weight, kind);
}
