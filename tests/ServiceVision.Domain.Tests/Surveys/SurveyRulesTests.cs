using ServiceVision.Domain.Surveys;

namespace ServiceVision.Domain.Tests.Surveys;

public sealed class SurveyRulesTests
{
    private static readonly IReadOnlyList<SurveyQuestion> Customer = SurveyRules.SeedQuestions(SurveyKind.CustomerFeedback);

    [Fact]
    public void Each_kind_starts_with_its_questions()
    {
        Assert.Equal(SurveyRules.EmployeeInputQuestion, SurveyRules.SeedQuestions(SurveyKind.EmployeeInput).Single().Text);
        Assert.Equal(["know", "understand", "act"], SurveyRules.SeedQuestions(SurveyKind.Pulse).Select(q => q.Id));
        Assert.Equal([QuestionMetric.Csat, QuestionMetric.Nps, QuestionMetric.None], Customer.Select(q => q.Metric));
    }

    [Fact]
    public void Questions_get_ids_and_each_rule_names_the_field_at_fault()
    {
        var ok = SurveyRules.CheckQuestions([new QuestionInput(null, QuestionType.SingleChoice, "Which?", true, null, null, [new(null, "A"), new(null, "B")], null)]);
        Assert.Empty(ok.Errors);
        Assert.Equal("q1", ok.Questions[0].Id);
        Assert.Equal(["c1", "c2"], ok.Questions[0].Choices.Select(c => c.Id));

        var bad = SurveyRules.CheckQuestions(
        [
            new QuestionInput("x", null, "No type", null, null, null, null, null),
            new QuestionInput("x", QuestionType.Scale, "", null, 3, 2, null, null),
            new QuestionInput(null, QuestionType.Scale, "CSAT", null, 0, 10, null, QuestionMetric.Csat),
            new QuestionInput(null, QuestionType.MultipleChoice, "Pick", null, null, null, [new("a", "A")], null),
            new QuestionInput(null, QuestionType.FreeText, "Say", null, null, null, null, QuestionMetric.Nps),
        ]);
        Assert.Equal(
            ["questions[0].type", "questions[1].id", "questions[1].text", "questions[1].max", "questions[2].metric", "questions[3].choices", "questions[4].metric"],
            bad.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Too_many_questions_or_choices_are_refused()
    {
        var many = Enumerable.Range(0, SurveyRules.MaxQuestions + 1).Select(i => (QuestionInput?)new QuestionInput(null, QuestionType.FreeText, $"Q{i}", null, null, null, null, null)).ToList();
        Assert.Equal("questions", SurveyRules.CheckQuestions(many).Errors.Single().Field);
        var choices = Enumerable.Range(0, SurveyRules.MaxChoices + 1).Select(i => (ChoiceInput?)new ChoiceInput(null, $"C{i}")).ToList();
        Assert.Equal("questions[0].choices", SurveyRules.CheckQuestions([new QuestionInput(null, QuestionType.SingleChoice, "Q", null, null, null, choices, null)]).Errors.Single().Field);
    }

    [Fact]
    public void A_response_must_answer_questions_of_the_survey_within_their_range()
    {
        var check = SurveyRules.CheckResponse(Customer,
        [
            new AnswerInput("csat", 6, null, null),
            new AnswerInput("nps", 3, ["x"], null),
            new AnswerInput("nope", 1, null, null),
            new AnswerInput("comment", null, null, new string('a', SurveyRules.MaxAnswerTextLength + 1)),
        ]);

        Assert.Equal(["answers[0].value", "answers[1].choiceIds", "answers[2].questionId", "answers[3].text"], check.Errors.Select(e => e.Field));
        Assert.Empty(check.Answers);
    }

    [Fact]
    public void A_required_question_left_out_is_named_and_a_question_answered_twice_is_refused()
    {
        Assert.Equal("answers", SurveyRules.CheckResponse(Customer, [new AnswerInput("csat", 5, null, null)]).Errors.Single().Field);
        Assert.Equal("answers[1].questionId", SurveyRules.CheckResponse(Customer, [new AnswerInput("csat", 5, null, null), new AnswerInput("csat", 4, null, null)]).Errors.Single().Field);
        var ok = SurveyRules.CheckResponse(Customer, [new AnswerInput("nps", 9, null, null), new AnswerInput("csat", 5, null, null)]);
        Assert.Empty(ok.Errors);
        Assert.Equal(["csat", "nps"], ok.Answers.Select(a => a.QuestionId));
    }

    [Fact]
    public void A_low_score_on_a_named_touchpoint_needs_a_recovery()
    {
        Assert.True(SurveyRules.NeedsRecovery(2, 9, "Checkout"));
        Assert.True(SurveyRules.NeedsRecovery(5, 6, "Checkout"));
        Assert.False(SurveyRules.NeedsRecovery(3, 7, "Checkout"));
        Assert.False(SurveyRules.NeedsRecovery(1, 0, null));
    }

    [Fact]
    public void Recurring_surveys_start_a_round_per_period()
    {
        var start = new DateTimeOffset(2026, 1, 31, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(start.AddDays(7), SurveyRules.NextRoundAt(SurveyRecurrence.Weekly, start));
        Assert.Equal(start.AddDays(14), SurveyRules.NextRoundAt(SurveyRecurrence.Biweekly, start));
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 9, 0, 0, TimeSpan.Zero), SurveyRules.NextRoundAt(SurveyRecurrence.Monthly, start));
        Assert.Equal(start.AddMonths(3), SurveyRules.NextRoundAt(SurveyRecurrence.Quarterly, start));
        Assert.Null(SurveyRules.NextRoundAt(SurveyRecurrence.None, start));
    }
}
