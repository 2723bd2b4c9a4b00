using ServiceVision.Domain.Alignment;
using ServiceVision.Domain.Networks;

namespace ServiceVision.Domain.Tests.Networks;

public sealed class NetworkAlignmentTests
{
    private static readonly NetworkAlignmentComponents Nothing = new(null, null, null, null, null, null);

    [Fact]
    public void The_base_weights_sum_to_one_and_the_audit_weighs_most()
    {
        Assert.Equal(1m, NetworkAlignment.BaseWeights.Values.Sum());
        Assert.Equal(NetworkAlignment.Audit, NetworkAlignment.BaseWeights.MaxBy(w => w.Value).Key);
    }

    [Fact]
    public void With_every_component_the_score_is_the_weighted_mean()
    {
        // .15*100 + .20*50 + .15*80 + .15*60 + .10*50 + .25*90 = 15 + 10 + 12 + 9 + 5 + 22.5
        var result = NetworkAlignment.Compute(new NetworkAlignmentComponents(100m, 50m, 80m, 60m, 50m, 90m));

        Assert.Equal(73.5m, result.Score);
        Assert.Equal(NetworkAlignment.BaseWeights, result.Weights);
    }

    [Fact]
    public void A_missing_component_does_not_count_as_zero_the_others_are_reweighted()
    {
        // Only adoption (.15) and audit (.25): (15 + 0) / .40.
        var result = NetworkAlignment.Compute(Nothing with { AdoptionPercent = 100m, AuditPercent = 0m });

        Assert.Equal(37.5m, result.Score);
        Assert.Equal(0.375m, result.Weights[NetworkAlignment.Adoption]);
        Assert.Equal(0.625m, result.Weights[NetworkAlignment.Audit]);
        Assert.Equal(2, result.Weights.Count);
    }

    [Fact]
    public void A_single_component_is_the_score_and_none_gives_no_score()
    {
        Assert.Equal(64.2m, NetworkAlignment.Compute(Nothing with { PulsePercent = 64.2m }).Score);
        var none = NetworkAlignment.Compute(Nothing);
        Assert.Null(none.Score);
        Assert.Empty(none.Weights);
    }

    [Fact]
    public void Components_outside_0_to_100_are_clamped()
    {
        Assert.Equal(100m, NetworkAlignment.Compute(Nothing with { AuditPercent = 180m }).Score);
        Assert.Equal(0m, NetworkAlignment.Compute(Nothing with { TrainingPercent = -20m }).Score);
    }

    [Fact]
    public void The_score_is_rounded_half_away_from_zero_to_one_decimal()
    {
        // .20*33.3 + .25*33.4 = 6.66 + 8.35 = 15.01 over .45 = 33.3555...
        Assert.Equal(33.4m, NetworkAlignment.Compute(Nothing with { TrainingPercent = 33.3m, AuditPercent = 33.4m }).Score);

        // .15*10.5 + .15*10.6 over .30 = 10.55 exactly: away from zero.
        Assert.Equal(10.6m, NetworkAlignment.Compute(Nothing with { PulsePercent = 10.5m, CustomerPercent = 10.6m }).Score);
    }

    [Theory]
    [InlineData(3, 3, 100)]
    [InlineData(3, 4, 100)]
    [InlineData(3, 2, 50)]
    [InlineData(3, null, 0)]
    [InlineData(null, null, null)]
    [InlineData(null, 2, null)]
    public void Adoption_is_full_for_the_offered_version_half_for_an_older_one_zero_for_none(int? offered, int? adopted, int? expected) =>
        Assert.Equal(expected is null ? null : (decimal)expected, NetworkAlignment.AdoptionPercent(offered, adopted));

    [Fact]
    public void Customer_is_the_csat_percent_when_present_else_the_nps_mapped_onto_0_to_100()
    {
        Assert.Equal(82m, NetworkAlignment.CustomerPercent(82m, -50m));
        Assert.Equal(25m, NetworkAlignment.CustomerPercent(null, -50m));
        Assert.Equal(50m, NetworkAlignment.CustomerPercent(null, 0m));
        Assert.Equal(100m, NetworkAlignment.CustomerPercent(null, 100m));
        Assert.Equal(66.7m, NetworkAlignment.CustomerPercent(null, 33.3m));
        Assert.Equal(0m, NetworkAlignment.CustomerPercent(null, -250m));
        Assert.Null(NetworkAlignment.CustomerPercent(null, null));
    }

    [Fact]
    public void Recognition_coverage_counts_the_current_pillars_with_at_least_one_recognition()
    {
        var counts = new Dictionary<string, int> { ["care"] = 4, ["speed"] = 0, ["retired"] = 9 };

        Assert.Equal(33.3m, NetworkAlignment.RecognitionCoveragePercent(["care", "speed", "wow"], counts));
        Assert.Equal(0m, NetworkAlignment.RecognitionCoveragePercent(["speed", "wow"], counts));
        Assert.Null(NetworkAlignment.RecognitionCoveragePercent([], counts));
    }

    [Fact]
    public void Training_is_completed_out_of_the_members_reached_and_missing_when_nobody_was_reached()
    {
        Assert.Equal(66.7m, NetworkAlignment.TrainingPercent(2, 3));
        Assert.Null(NetworkAlignment.TrainingPercent(0, 0));
    }

    [Fact]
    public void It_shares_the_weighted_mean_of_the_organizations_alignment_score()
    {
        var weights = new Dictionary<string, decimal> { ["a"] = 0.5m, ["b"] = 0.5m };

        Assert.Equal(AlignmentScore.Compute(new AlignmentComponents(null, 80m, null, null, null)).Score, WeightedMean.Compute(weights, [("a", 80m), ("b", null)]).Score);
        Assert.Throws<ArgumentException>(() => WeightedMean.Compute(weights, [("c", 1m)]));
    }
}
