using ServiceVision.Domain.Surveys;

namespace ServiceVision.Domain.Tests.Surveys;

public sealed class SurveyScoresTests
{
    [Fact]
    public void Nps_is_the_percent_of_promoters_minus_the_percent_of_detractors()
    {
        // 3 promoters (9, 10, 10), 2 passives (7, 8), 3 detractors (0, 5, 6) of 8: 37.5 - 37.5 = 0; then one more promoter.
        Assert.Equal(0m, SurveyScores.Nps([9, 10, 10, 7, 8, 0, 5, 6]));
        Assert.Equal(11.1m, SurveyScores.Nps([9, 10, 10, 7, 8, 0, 5, 6, 9]));
        Assert.Equal(-100m, SurveyScores.Nps([0, 6]));
        Assert.Null(SurveyScores.Nps([]));
    }

    [Fact]
    public void Csat_is_the_average_and_the_share_of_fours_and_fives()
    {
        Assert.Equal(3.33m, SurveyScores.Average([5, 4, 1]));
        Assert.Equal(66.7m, SurveyScores.CsatPercent([5, 4, 1]));
        Assert.Null(SurveyScores.CsatPercent([]));
    }

    [Fact]
    public void Pulse_percent_maps_one_to_zero_and_five_to_a_hundred()
    {
        Assert.Equal(0m, SurveyScores.PulsePercent([1, 1]));
        Assert.Equal(100m, SurveyScores.PulsePercent([5]));
        Assert.Equal(62.5m, SurveyScores.PulsePercent([3, 4, 4, 3]));
    }

    [Fact]
    public void A_summary_has_only_the_scores_the_survey_asks_for()
    {
        var pulse = SurveyRules.SeedQuestions(SurveyKind.Pulse);
        var response = new SurveyResponse("1", DateTimeOffset.UnixEpoch, null, null, null, null, [new("know", 5, [], null), new("understand", 3, [], null), new("act", 1, [], null)], []);

        var summary = SurveyScores.Summarize(pulse, [response]);

        Assert.Null(summary.Nps);
        Assert.Null(summary.CsatAverage);
        Assert.Equal(50m, summary.PulsePercent);
    }
}
