using ServiceVision.Domain.Training;
using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.Training;

public sealed class QuizGradingTests
{
    private static readonly Course Course = CourseBuilder.FromVision(
        new VisionDocument(
            "We greet every guest by name within a minute.",
            [
                new("p1", VisionItemKind.Pillar, null, "Personal touch", 0),
                new("sp1", VisionItemKind.SubPillar, "p1", "Use the guest's name", 0),
                new("p2", VisionItemKind.Pillar, null, "Above and beyond", 1),
                new("sp2", VisionItemKind.SubPillar, "p2", "Walk the guest there", 0),
                new("s1", VisionItemKind.Standard, null, "Answer within three rings", 0),
                new("a1", VisionItemKind.Always, null, "Thank the guest", 0),
            ]),
        1);

    private static CourseModule Recall => Course.FindModule("recall")!;

    private static CourseModule Attestation => Course.FindModule("attestation")!;

    private static AnswerInput Right(Question q) => q.Kind == QuestionKind.FillIn
        ? new(q.Id, null, q.AcceptedAnswers[0])
        : new(q.Id, [.. q.CorrectChoiceIds], null);

    private static AnswerInput Wrong(Question q) => q.Kind == QuestionKind.FillIn
        ? new(q.Id, null, "nonsense")
        : new(q.Id, [q.Choices.First(c => !q.CorrectChoiceIds.Contains(c.Id)).Id], null);

    [Fact]
    public void Right_answers_score_100_and_wrong_ones_are_graded_wrong()
    {
        var all = QuizGrading.Grade(Recall, [.. Recall.Questions.Select(Right)], null);
        var half = QuizGrading.Grade(Recall, [Right(Recall.Questions[0]), Wrong(Recall.Questions[1])], null);

        Assert.Empty(all.Errors);
        Assert.Equal(100, all.Grade!.ScorePercent);
        Assert.Equal(2, all.Grade.CorrectCount);
        Assert.Equal(50, half.Grade!.ScorePercent);
        Assert.Equal([true, false], half.Grade.Questions.Select(q => q.Correct));
    }

    [Theory]
    [InlineData("GREET")]
    [InlineData("  greet. ")]
    public void A_fill_in_ignores_case_spacing_and_punctuation(string text)
    {
        var keyword = Recall.Questions.Single(q => q.Kind == QuestionKind.FillIn);

        var result = QuizGrading.Grade(Recall, [Right(Recall.Questions[0]), new AnswerInput(keyword.Id, null, text)], null);

        Assert.True(result.Grade!.Questions[1].Correct);
    }

    [Fact]
    public void A_multiple_choice_answer_is_right_only_with_every_right_choice_and_no_other()
    {
        var module = Course.FindModule("pillar-p1")!;
        var question = module.Questions[0];
        var wrong = question.Choices.First(c => !question.CorrectChoiceIds.Contains(c.Id)).Id;

        var partial = QuizGrading.Grade(module, [new AnswerInput(question.Id, [.. question.CorrectChoiceIds, wrong], null)], null);

        Assert.False(partial.Grade!.Questions[0].Correct);
    }

    [Fact]
    public void Invalid_answers_name_the_field_at_fault()
    {
        var choice = Recall.Questions[0];
        var result = QuizGrading.Grade(
            Recall,
            [
                new AnswerInput(choice.Id, ["zz", "a"], null),
                new AnswerInput("unknown", null, "x"),
                null,
                new AnswerInput(Recall.Questions[1].Id, null, "  "),
            ],
            null);

        Assert.Null(result.Grade);
        Assert.Equal(
            ["answers[0].choiceIds", "answers[0].choiceIds[0]", "answers[1].questionId", "answers[2]", "answers[3].text"],
            result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Every_question_must_be_answered_once()
    {
        var first = Recall.Questions[0];

        Assert.Equal("answers", Assert.Single(QuizGrading.Grade(Recall, [Right(first)], null).Errors).Field);
        Assert.Equal("answers[1].questionId", Assert.Single(QuizGrading.Grade(Recall, [Right(first), Right(first)], null).Errors).Field);
        Assert.Equal("answers", Assert.Single(QuizGrading.Grade(Recall, null, null).Errors).Field);
    }

    [Fact]
    public void An_attestation_needs_every_item_acknowledged()
    {
        var ok = QuizGrading.Grade(Attestation, null, ["a1", "s1"]);
        var missing = QuizGrading.Grade(Attestation, null, ["s1"]);
        var unknown = QuizGrading.Grade(Attestation, null, ["s1", "a1", "p1"]);
        var none = QuizGrading.Grade(Attestation, null, null);

        Assert.Empty(ok.Errors);
        Assert.Equal(100, ok.Grade!.ScorePercent);
        Assert.Contains("a1", Assert.Single(missing.Errors).Message, StringComparison.Ordinal);
        Assert.Equal("acknowledgedItemIds[2]", Assert.Single(unknown.Errors).Field);
        Assert.Equal("acknowledgedItemIds", Assert.Single(none.Errors).Field);
    }

    [Fact]
    public void Answers_and_acknowledgements_go_to_the_right_kind_of_module()
    {
        Assert.Contains(QuizGrading.Grade(Attestation, [Right(Recall.Questions[0])], ["s1", "a1"]).Errors, e => e.Field == "answers");
        Assert.Contains(QuizGrading.Grade(Recall, [.. Recall.Questions.Select(Right)], ["s1"]).Errors, e => e.Field == "acknowledgedItemIds");
    }

    [Theory]
    [InlineData(0, 0, 100)]
    [InlineData(1, 3, 33)]
    [InlineData(2, 3, 67)]
    [InlineData(1, 8, 13)]
    public void Percentages_round_half_up(int correct, int total, int percent) =>
        Assert.Equal(percent, QuizGrading.Percent(correct, total));

    [Fact]
    public void Progress_shows_100_only_when_every_module_is_done()
    {
        Assert.Equal(66, QuizGrading.Progress(2, 3));
        Assert.Equal(99, QuizGrading.Progress(199, 200));
        Assert.Equal(100, QuizGrading.Progress(3, 3));
    }
}
