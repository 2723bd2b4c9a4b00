using ServiceVision.Domain.Training;
using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.Training;

public sealed class CourseEditingTests
{
    private static readonly Course Course = CourseBuilder.FromVision(
        new VisionDocument(
            "We greet every guest by name within a minute.",
            [
                new("p1", VisionItemKind.Pillar, null, "Personal touch", 0),
                new("s1", VisionItemKind.Standard, null, "Answer within three rings", 0),
            ]),
        1);

    /// <summary>An edit that changes nothing: every module and question as it is.</summary>
    private static CourseEdit Unchanged() => new(
        Course.Title,
        [.. Course.Modules.Select(m => (ModuleEdit?)new ModuleEdit(
            m.Id,
            m.Title,
            [.. m.Questions.Select(q => (QuestionEdit?)new QuestionEdit(
                q.Id,
                q.Text,
                [.. q.Choices.Select(c => (ChoiceEdit?)new ChoiceEdit(c.Id, c.Text))],
                [.. q.CorrectChoiceIds],
                [.. q.AcceptedAnswers]))]))]);

    private static CourseEdit WithQuestion(string questionId, Func<QuestionEdit, QuestionEdit> change)
    {
        var edit = Unchanged();
        return edit with
        {
            Modules = [.. edit.Modules!.Select(m => m! with { Questions = [.. m.Questions!.Select(q => q!.Id == questionId ? change(q) : q)] })],
        };
    }

    [Fact]
    public void An_unchanged_edit_marks_nothing_as_edited()
    {
        var result = CourseEditing.Apply(Course, Unchanged());

        Assert.Empty(result.Errors);
        Assert.All(result.Course!.Modules, m => Assert.False(m.Edited));
        Assert.All(result.Course.Modules.SelectMany(m => m.Questions), q => Assert.False(q.Edited));
    }

    [Fact]
    public void A_leader_rewords_a_question_replaces_its_choices_and_moves_the_right_answer()
    {
        var result = CourseEditing.Apply(Course, WithQuestion("scenario-s1", q => q with
        {
            Text = "The phone rings while you serve a guest. What do you do?",
            Choices = [new ChoiceEdit("pick-up", "Excuse yourself and answer within three rings"), new ChoiceEdit("ignore", "Let it ring")],
            CorrectChoiceIds = ["pick-up"],
        }));

        Assert.Empty(result.Errors);
        var question = result.Course!.FindModule("scenarios")!.Questions[0];
        Assert.True(question.Edited);
        Assert.Equal("The phone rings while you serve a guest. What do you do?", question.Text);
        Assert.Equal(["pick-up", "ignore"], question.Choices.Select(c => c.Id));
        Assert.Equal(["pick-up"], question.CorrectChoiceIds);
        Assert.Equal(["s1"], question.ItemIds);
        Assert.False(result.Course.FindModule("recall")!.Questions[0].Edited);
    }

    [Fact]
    public void A_fill_in_takes_several_accepted_answers()
    {
        var result = CourseEditing.Apply(Course, WithQuestion(CourseBuilder.KeywordQuestionId, q => q with { AcceptedAnswers = ["greet", "welcome"] }));

        Assert.Equal(["greet", "welcome"], result.Course!.FindModule("recall")!.Questions[1].AcceptedAnswers);
    }

    [Fact]
    public void Invalid_edits_name_the_field_and_change_nothing()
    {
        var edit = WithQuestion("scenario-s1", q => q with
        {
            Text = " ",
            Choices = [new ChoiceEdit("a", "One"), new ChoiceEdit("a", "Two"), new ChoiceEdit("bad id!", "")],
            CorrectChoiceIds = ["zz"],
        });
        edit = edit with { Title = "" };

        var result = CourseEditing.Apply(Course, edit);

        Assert.Null(result.Course);
        var scenarios = Course.Modules.ToList().FindIndex(m => m.Id == "scenarios");
        var q = $"modules[{scenarios}].questions[0]";
        Assert.Equal(
            ["title", $"{q}.text", $"{q}.choices[1].id", $"{q}.choices[2].id", $"{q}.choices[2].text", $"{q}.correctChoiceIds[0]"],
            result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void A_single_choice_question_keeps_exactly_one_right_choice()
    {
        var result = CourseEditing.Apply(Course, WithQuestion(CourseBuilder.StatementQuestionId, q => q with { CorrectChoiceIds = ["a", "b"] }));

        Assert.Equal("modules[0].questions[0].correctChoiceIds", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Fill_in_and_choice_fields_do_not_mix()
    {
        var fillIn = CourseEditing.Apply(Course, WithQuestion(CourseBuilder.KeywordQuestionId, q => q with { Choices = [new ChoiceEdit("a", "x"), new ChoiceEdit("b", "y")], AcceptedAnswers = [] }));

        Assert.Equal(["modules[0].questions[1].choices", "modules[0].questions[1].acceptedAnswers"], fillIn.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Every_module_and_question_is_listed_once_by_an_existing_id()
    {
        var edit = Unchanged();
        var missingModule = edit with { Modules = [.. edit.Modules!.Skip(1)] };
        var unknownModule = edit with { Modules = [edit.Modules![0]! with { Id = "nope" }, .. edit.Modules.Skip(1)] };
        var missingQuestion = edit with { Modules = [edit.Modules![0]! with { Questions = [edit.Modules[0]!.Questions![0]] }, .. edit.Modules.Skip(1)] };
        var attestation = Course.Modules.ToList().FindIndex(m => m.Kind == ModuleKind.Attestation);
        var questionsOnAttestation = edit with
        {
            Modules = [.. edit.Modules!.Select((m, i) => i == attestation ? m! with { Questions = edit.Modules![0]!.Questions } : m)],
        };

        Assert.Equal("modules", Assert.Single(CourseEditing.Apply(Course, missingModule).Errors).Field);
        Assert.Equal("modules[0].id", Assert.Single(CourseEditing.Apply(Course, unknownModule).Errors).Field);
        Assert.Equal("modules[0].questions", Assert.Single(CourseEditing.Apply(Course, missingQuestion).Errors).Field);
        Assert.Equal($"modules[{attestation}].questions", Assert.Single(CourseEditing.Apply(Course, questionsOnAttestation).Errors).Field);
        Assert.Equal("modules", Assert.Single(CourseEditing.Apply(Course, edit with { Modules = null }).Errors).Field);
    }
}
