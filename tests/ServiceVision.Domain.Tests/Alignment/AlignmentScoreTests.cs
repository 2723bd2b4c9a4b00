using ServiceVision.Domain.Alignment;

namespace ServiceVision.Domain.Tests.Alignment;

public sealed class AlignmentScoreTests
{
    [Fact]
    public void The_base_weights_sum_to_one() =>
        Assert.Equal(1m, AlignmentScore.BaseWeights.Values.Sum());

    [Fact]
    public void With_every_component_the_score_is_the_weighted_mean()
    {
        var result = AlignmentScore.Compute(new AlignmentComponents(100m, 100m, 75m, 100m, 100m));

        Assert.Equal(93.8m, result.Score);
        Assert.Equal(AlignmentScore.BaseWeights, result.Weights);
    }

    [Fact]
    public void A_missing_component_is_left_out_and_the_others_are_reweighted_not_counted_as_zero()
    {
        var result = AlignmentScore.Compute(new AlignmentComponents(100m, 100m, null, 0m, 100m));

        Assert.Equal(80m, result.Score);
        Assert.False(result.Weights.ContainsKey(AlignmentScore.Pulse));
        Assert.Equal(1m, result.Weights.Values.Sum(), 3);
        Assert.Equal(0.3333m, result.Weights[AlignmentScore.Training]);
    }

    [Fact]
    public void A_single_component_is_the_score()
    {
        var result = AlignmentScore.Compute(new AlignmentComponents(null, null, 62.5m, null, null));

        Assert.Equal(62.5m, result.Score);
        Assert.Equal(1m, result.Weights[AlignmentScore.Pulse]);
    }

    [Fact]
    public void Without_any_component_there_is_no_score()
    {
        var result = AlignmentScore.Compute(new AlignmentComponents(null, null, null, null, null));

        Assert.Null(result.Score);
        Assert.Empty(result.Weights);
    }

    [Fact]
    public void Components_outside_0_to_100_are_clamped() =>
        Assert.Equal(100m, AlignmentScore.Compute(new AlignmentComponents(150m, null, null, null, null)).Score);

    [Theory]
    [InlineData(3, 4, 75)]
    [InlineData(1, 3, 33.3)]
    [InlineData(2, 3, 66.7)]
    [InlineData(5, 4, 100)]
    public void Percent_is_rounded_to_one_decimal(int part, int whole, decimal expected) =>
        Assert.Equal(expected, AlignmentScore.Percent(part, whole));

    [Fact]
    public void Percent_of_nothing_is_missing_not_zero() =>
        Assert.Null(AlignmentScore.Percent(0, 0));
}
