using ServiceVision.Domain.Surveys;

namespace ServiceVision.Domain.Tests.Surveys;

public sealed class SurveyCsvAndPainPointsTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    public void Text_cells_are_quoted_as_RFC_4180_says_and_never_run_as_formulas(string value, string cell) =>
        Assert.Equal(cell, SurveyCsv.Text(value));

    [Fact]
    public void Numbers_stay_numbers_even_when_negative()
    {
        Assert.Equal("-12.5", SurveyCsv.Number(-12.5m));
        Assert.Equal("", SurveyCsv.Number(null));
    }

    [Fact]
    public void The_export_has_a_row_for_the_view_and_one_per_shown_group()
    {
        var questions = SurveyRules.SeedQuestions(SurveyKind.CustomerFeedback);
        var responses = Enumerable.Range(0, 6).Select(i => new SurveyResponse($"r{i}", DateTimeOffset.UnixEpoch, "loc", null, null, "=cmd", [new("csat", 5, [], null), new("nps", 0, [], null)], [])).ToList();
        var results = SurveyResults.Compute(questions, responses, ResultsFilter.None, ResultDimension.Touchpoint, AnonymityThresholds.Default);

        var lines = SurveyCsv.Export(questions, results).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("dimension,group,responses,nps,csatAverage,csatPercent,pulsePercent,", lines[0], StringComparison.Ordinal);
        Assert.Equal("Organization,,6,-100,5,100,,5,0", lines[1]);
        Assert.StartsWith("Touchpoint,'=cmd,6,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Free_text_is_tagged_by_whole_keywords_ignoring_case()
    {
        Assert.Equal(["Waiting", "Attitude"], PainPoints.TagsOf("We WAITED ages and the clerk was rude."));
        Assert.Empty(PainPoints.TagsOf("Waitress was lovely"));
        Assert.Empty(PainPoints.TagsOf(null));
    }

    [Fact]
    public void Low_scores_without_a_keyword_count_as_low_score_and_leader_tags_count_too()
    {
        var questions = SurveyRules.SeedQuestions(SurveyKind.CustomerFeedback);
        SurveyResponse R(int csat, string? comment, params string[] tags) =>
            new("r", DateTimeOffset.UnixEpoch, null, null, null, null, comment is null ? [new("csat", csat, [], null)] : [new("csat", csat, [], null), new("comment", null, [], comment)], tags);

        var counts = PainPoints.Count(questions, [R(1, null), R(2, "so slow"), R(5, "rude"), R(5, null, "Parking"), R(5, "lovely")]);

        Assert.Equal(["Attitude:1", "Low score:1", "Parking:1", "Waiting:1"], counts.Select(c => $"{c.Tag}:{c.Count}"));
    }
}
