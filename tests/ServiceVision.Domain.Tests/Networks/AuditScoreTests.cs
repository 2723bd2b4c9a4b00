using ServiceVision.Domain.Networks;

namespace ServiceVision.Domain.Tests.Networks;

public sealed class AuditScoreTests
{
    private static AuditItemOutcome Passed(int weight = 1, bool critical = false) => new(weight, critical, true);

    private static AuditItemOutcome Failed(int weight = 1, bool critical = false) => new(weight, critical, false);

    [Fact]
    public void Every_item_passed_scores_100_and_none_passed_scores_0()
    {
        Assert.Equal(100m, AuditScore.Compute([Passed(3), Passed(1, critical: true)]).Score);
        Assert.Equal(0m, AuditScore.Compute([Failed(3), Failed(1)]).Score);
    }

    [Fact]
    public void The_score_is_the_weighted_share_of_passed_items()
    {
        // 100 × (5 + 1) / (5 + 1 + 2) = 75
        var result = AuditScore.Compute([Passed(5), Passed(1), Failed(2)]);

        Assert.Equal(75m, result.Score);
        Assert.Equal(0, result.FailedCriticalItems);
        Assert.False(result.Capped);
    }

    [Theory]
    [InlineData(2, 3, 66.7)]
    [InlineData(1, 3, 33.3)]
    [InlineData(1, 8, 12.5)]
    [InlineData(1, 16, 6.3)]
    [InlineData(3, 16, 18.8)]
    [InlineData(5, 16, 31.3)]
    public void The_score_has_one_decimal_rounded_half_away_from_zero(int passed, int total, double expected)
    {
        var items = Enumerable.Range(0, total).Select(i => i < passed ? Passed() : Failed()).ToList();

        Assert.Equal((decimal)expected, AuditScore.Compute(items).Score);
    }

    [Fact]
    public void A_failed_critical_item_caps_the_score_at_50_however_much_else_passed()
    {
        var items = Enumerable.Range(0, 19).Select(_ => Passed(5)).Append(Failed(1, critical: true)).ToList();

        var result = AuditScore.Compute(items);

        Assert.Equal(AuditScore.CriticalFailureCap, result.Score);
        Assert.Equal(99m, result.WeightedPercent);
        Assert.Equal(1, result.FailedCriticalItems);
        Assert.True(result.Capped);
    }

    [Fact]
    public void Below_the_cap_a_critical_failure_keeps_the_weighted_score_so_worse_visits_still_rank_lower()
    {
        var result = AuditScore.Compute([Failed(2, critical: true), Failed(2, critical: true), Passed(1)]);

        Assert.Equal(20m, result.Score);
        Assert.Equal(2, result.FailedCriticalItems);
        Assert.False(result.Capped);
    }

    [Fact]
    public void A_passed_critical_item_counts_like_any_other()
    {
        var result = AuditScore.Compute([Passed(2, critical: true), Failed(2)]);

        Assert.Equal(50m, result.Score);
        Assert.Equal(0, result.FailedCriticalItems);
    }

    [Fact]
    public void No_items_or_a_weight_outside_1_to_5_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => AuditScore.Compute([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => AuditScore.Compute([Passed(0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => AuditScore.Compute([Passed(6)]));
    }
}
