using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.Visions;

public sealed class VisionQualityCheckTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    [InlineData(" — ! ")]
    public void A_statement_without_words_gets_a_single_empty_finding_and_fails_every_criterion(string statement)
    {
        var report = VisionQualityCheck.Evaluate(statement);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(VisionFindingCodes.Empty, finding.Code);
        Assert.False(report.MeetsAllCriteria);
        Assert.Equal(Enum.GetValues<VisionCriterion>(), report.Criteria.Select(c => c.Criterion));
        Assert.All(report.Criteria, c => Assert.False(c.Passed));
    }

    [Theory]
    [InlineData("We greet every customer by name and make each visit feel personal.")]
    [InlineData("Greet every guest with a smile, listen first, and leave them feeling cared for.")]
    public void A_short_concrete_statement_meets_all_criteria(string statement)
    {
        var report = VisionQualityCheck.Evaluate(statement);

        Assert.Empty(report.Findings);
        Assert.True(report.MeetsAllCriteria);
        Assert.All(report.Criteria, c => Assert.True(c.Passed));
    }

    [Fact]
    public void A_statement_over_25_words_is_too_long_to_remember()
    {
        const string statement =
            "We greet every guest by name, listen before we speak, solve each problem on the spot, " +
            "and make sure every guest leaves smiling and comes back soon.";

        var report = VisionQualityCheck.Evaluate(statement);

        var finding = Assert.Single(report.Findings, f => f.Code == VisionFindingCodes.TooLong);
        Assert.Equal("27 words: people remember statements of up to 25 words; cut 2.", finding.Message);
        Assert.Equal("back soon.", Highlighted(statement, finding));
        Assert.False(Passed(report, VisionCriterion.ConciseAndMemorable));
    }

    [Fact]
    public void A_statement_of_exactly_25_words_is_not_too_long()
    {
        const string statement =
            "We greet every guest by name and listen before we speak. " +
            "We solve each problem on the spot and make sure every guest leaves smiling.";

        Assert.DoesNotContain(VisionQualityCheck.Evaluate(statement).Findings, f => f.Code == VisionFindingCodes.TooLong);
    }

    [Fact]
    public void Hyphenated_and_slashed_words_count_once()
    {
        // 24 words as a reader counts them; splitting "follow-up" or "24/7" would push it over 25.
        const string statement =
            "We greet every guest by name, follow-up on every promise 24/7, solve each problem on the spot, " +
            "and make sure every guest leaves smiling.";

        Assert.DoesNotContain(VisionQualityCheck.Evaluate(statement).Findings, f => f.Code == VisionFindingCodes.TooLong);
    }

    [Fact]
    public void More_than_two_sentences_are_too_many_to_remember()
    {
        const string statement = "We greet every guest. We listen. We solve each problem.";

        var report = VisionQualityCheck.Evaluate(statement);

        var finding = Assert.Single(report.Findings, f => f.Code == VisionFindingCodes.TooManySentences);
        Assert.StartsWith("3 sentences", finding.Message, StringComparison.Ordinal);
        Assert.Equal("We solve each problem.", Highlighted(statement, finding));
        Assert.False(Passed(report, VisionCriterion.ConciseAndMemorable));
    }

    [Fact]
    public void Two_sentences_and_a_decimal_number_are_not_too_many()
    {
        const string statement = "We answer every call within 2.5 minutes. We solve each problem on the spot.";

        Assert.DoesNotContain(VisionQualityCheck.Evaluate(statement).Findings, f => f.Code == VisionFindingCodes.TooManySentences);
    }

    [Fact]
    public void A_sentence_over_20_words_is_hard_to_follow_even_when_the_statement_is_short_enough()
    {
        const string statement =
            "We greet every guest by name and listen before we speak and solve each problem on the spot so they leave smiling.";

        var report = VisionQualityCheck.Evaluate(statement);

        var finding = Assert.Single(report.Findings, f => f.Code == VisionFindingCodes.LongSentence);
        Assert.StartsWith("This sentence has 22 words", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Findings, f => f.Code == VisionFindingCodes.TooLong);
        Assert.False(Passed(report, VisionCriterion.EasyToUnderstand));
    }

    [Fact]
    public void Jargon_is_reported_word_by_word_with_its_position_whatever_its_case()
    {
        const string statement = "We leverage Synergy to greet every guest by name.";

        var report = VisionQualityCheck.Evaluate(statement);

        var jargon = report.Findings.Where(f => f.Code == VisionFindingCodes.Jargon).ToList();
        Assert.Equal(["leverage", "Synergy"], jargon.Select(f => Highlighted(statement, f)));
        Assert.Contains("\"Synergy\" is jargon", jargon[1].Message, StringComparison.Ordinal);
        Assert.False(Passed(report, VisionCriterion.EasyToUnderstand));
    }

    [Fact]
    public void Hyphenated_jargon_is_one_finding_and_its_words_are_not_reported_again_as_vague()
    {
        const string statement = "We deliver best-in-class service to every guest.";

        var report = VisionQualityCheck.Evaluate(statement);

        var finding = Assert.Single(report.Findings, f => f.Code == VisionFindingCodes.Jargon);
        Assert.Equal("best-in-class", Highlighted(statement, finding));
        Assert.DoesNotContain(report.Findings, f => f.Code == VisionFindingCodes.VagueWord);
    }

    [Fact]
    public void Words_match_whole_words_only()
    {
        // "good" is a vague word; "goodbye" is not.
        const string statement = "We say a warm goodbye to every guest and thank them by name.";

        Assert.DoesNotContain(VisionQualityCheck.Evaluate(statement).Findings, f => f.Code == VisionFindingCodes.VagueWord);
    }

    [Fact]
    public void A_vague_word_with_nothing_observable_is_reported_with_its_position()
    {
        const string statement = "We deliver excellent service.";

        var report = VisionQualityCheck.Evaluate(statement);

        var finding = Assert.Single(report.Findings, f => f.Code == VisionFindingCodes.VagueWord);
        Assert.Equal("excellent", Highlighted(statement, finding));
        Assert.Contains("nobody can see or measure it", finding.Message, StringComparison.Ordinal);
        Assert.False(Passed(report, VisionCriterion.MeasurableAndObservable));
    }

    [Fact]
    public void A_vague_word_tied_to_an_observable_action_in_its_sentence_is_not_reported()
    {
        const string statement = "Excellent service means we greet every guest by name.";

        var report = VisionQualityCheck.Evaluate(statement);

        Assert.DoesNotContain(report.Findings, f => f.Code == VisionFindingCodes.VagueWord);
        Assert.True(Passed(report, VisionCriterion.MeasurableAndObservable));
    }

    [Fact]
    public void An_observable_action_in_another_sentence_does_not_tie_a_vague_word()
    {
        const string statement = "We give great service. We greet every guest by name.";

        var finding = Assert.Single(VisionQualityCheck.Evaluate(statement).Findings, f => f.Code == VisionFindingCodes.VagueWord);
        Assert.Equal("great", Highlighted(statement, finding));
    }

    [Fact]
    public void A_quantifier_alone_does_not_make_a_vague_word_concrete()
    {
        const string statement = "We serve excellent food to every customer, every time.";

        var report = VisionQualityCheck.Evaluate(statement);

        Assert.Single(report.Findings, f => f.Code == VisionFindingCodes.VagueWord);
        Assert.DoesNotContain(report.Findings, f => f.Code == VisionFindingCodes.NotObservable);
    }

    [Fact]
    public void A_statement_that_only_describes_has_no_action_verb()
    {
        var report = VisionQualityCheck.Evaluate("Our customers are happy every time.");

        Assert.Single(report.Findings, f => f.Code == VisionFindingCodes.NoActionVerb);
        Assert.False(Passed(report, VisionCriterion.ActionableAndEmpowering));
    }

    [Theory]
    [InlineData("making")]
    [InlineData("creates")]
    [InlineData("delivered")]
    [InlineData("solving")]
    [InlineData("built")]
    [InlineData("replies")]
    [InlineData("Fixes")]
    public void Inflected_action_verbs_count_as_action_verbs(string verb)
    {
        var report = VisionQualityCheck.Evaluate($"Every guest, every visit: {verb}.");

        Assert.DoesNotContain(report.Findings, f => f.Code == VisionFindingCodes.NoActionVerb);
    }

    [Theory]
    [InlineData("We try to greet every guest by name.", "try to")]
    [InlineData("We strive to greet every guest by name.", "strive to")]
    [InlineData("We hope to greet every guest by name.", "hope")]
    [InlineData("We aim to greet every guest by name.", "aim to")]
    [InlineData("We may greet every guest by name.", "may")]
    [InlineData("We greet every guest by name where possible.", "where possible")]
    public void Hedges_weaken_the_statement(string statement, string hedge)
    {
        var report = VisionQualityCheck.Evaluate(statement);

        var finding = Assert.Single(report.Findings, f => f.Code == VisionFindingCodes.PassiveOrHedged);
        Assert.Equal(hedge, Highlighted(statement, finding));
        Assert.Contains("hedges", finding.Message, StringComparison.Ordinal);
        Assert.False(Passed(report, VisionCriterion.ActionableAndEmpowering));
    }

    [Theory]
    [InlineData("Every guest is greeted by name.", "is greeted")]
    [InlineData("Every guest is always greeted by name.", "is always greeted")]
    [InlineData("Every guest is made to feel at home.", "is made")]
    public void Passive_voice_hides_who_acts(string statement, string passive)
    {
        var report = VisionQualityCheck.Evaluate(statement);

        var finding = Assert.Single(report.Findings, f => f.Code == VisionFindingCodes.PassiveOrHedged);
        Assert.Equal(passive, Highlighted(statement, finding));
        Assert.Contains("passive", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_statement_with_no_behaviour_measure_or_number_is_not_observable()
    {
        var report = VisionQualityCheck.Evaluate("We are passionate about service.");

        var finding = Assert.Single(report.Findings, f => f.Code == VisionFindingCodes.NotObservable);
        Assert.Null(finding.Span);
        Assert.False(Passed(report, VisionCriterion.MeasurableAndObservable));
    }

    [Fact]
    public void A_number_makes_a_statement_measurable()
    {
        var report = VisionQualityCheck.Evaluate("We solve it in 2 steps.");

        Assert.DoesNotContain(report.Findings, f => f.Code == VisionFindingCodes.NotObservable);
    }

    [Fact]
    public void Many_long_words_make_a_statement_hard_to_understand_and_each_is_highlighted()
    {
        const string statement = "We personalize communication and demonstrate responsibility in every interaction.";

        var report = VisionQualityCheck.Evaluate(statement);

        var hard = report.Findings.Where(f => f.Code == VisionFindingCodes.HardWords).ToList();
        Assert.Equal(["personalize", "communication", "responsibility", "interaction"], hard.Select(f => Highlighted(statement, f)));
        Assert.Contains("4 of 9 words", hard[0].Message, StringComparison.Ordinal);
        Assert.False(Passed(report, VisionCriterion.EasyToUnderstand));
    }

    [Fact]
    public void A_single_long_word_in_a_short_statement_is_not_hard_to_understand()
    {
        var report = VisionQualityCheck.Evaluate("Personalized greetings, always.");

        Assert.DoesNotContain(report.Findings, f => f.Code == VisionFindingCodes.HardWords);
    }

    [Fact]
    public void Findings_are_ordered_by_criterion_then_by_position()
    {
        var report = VisionQualityCheck.Evaluate("We deliver synergy and excellent service. We try to help.");

        Assert.Equal(
            [VisionFindingCodes.Jargon, VisionFindingCodes.PassiveOrHedged, VisionFindingCodes.NotObservable, VisionFindingCodes.VagueWord],
            report.Findings.Select(f => f.Code));
    }

    private static string Highlighted(string statement, VisionFinding finding)
    {
        Assert.NotNull(finding.Span);
        return statement.Substring(finding.Span.Value.Start, finding.Span.Value.Length);
    }

    private static bool Passed(VisionQualityReport report, VisionCriterion criterion) =>
        report.Criteria.Single(c => c.Criterion == criterion).Passed;
}
