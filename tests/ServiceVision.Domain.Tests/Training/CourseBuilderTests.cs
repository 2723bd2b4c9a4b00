using ServiceVision.Domain.Training;
using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.Training;

public sealed class CourseBuilderTests
{
    private static readonly VisionDocument Vision = new(
        "We greet every guest by name and make each visit feel personal.",
        [
            new("p2", VisionItemKind.Pillar, null, "Above and beyond", 1),
            new("p1", VisionItemKind.Pillar, null, "Personal touch.", 0),
            new("sp1", VisionItemKind.SubPillar, "p1", "Use the guest's name", 0),
            new("sp2", VisionItemKind.SubPillar, "p1", "Remember their preferences", 1),
            new("s1", VisionItemKind.Standard, null, "Answer the phone within three rings", 2),
            new("s2", VisionItemKind.Standard, null, "Reply to every e-mail the same day", 3),
            new("n1", VisionItemKind.Never, null, "Say \"that's not my job\"", 4),
            new("a1", VisionItemKind.Always, null, "Thank the guest", 5),
        ]);

    private static Course Build() => CourseBuilder.FromVision(Vision, 3);

    [Fact]
    public void The_course_has_a_recall_module_a_module_per_pillar_in_order_an_attestation_and_scenarios()
    {
        var course = Build();

        Assert.Equal("vision", course.Id);
        Assert.Equal(3, course.VisionVersion);
        Assert.Equal(["recall", "pillar-p1", "pillar-p2", "attestation", "scenarios"], course.Modules.Select(m => m.Id));
        Assert.Equal(
            [ModuleKind.Recall, ModuleKind.Pillar, ModuleKind.Pillar, ModuleKind.Attestation, ModuleKind.Scenarios],
            course.Modules.Select(m => m.Kind));
        Assert.Equal("Personal touch", course.Modules[1].Title);
    }

    [Fact]
    public void Every_item_of_the_vision_is_covered_by_a_module()
    {
        Assert.Equal(Vision.Items.Select(i => i.Id).Order(), Build().ItemIds.Order());
    }

    [Fact]
    public void The_recall_quiz_hides_the_real_statement_among_three_different_distractors_built_from_it()
    {
        var question = Build().Modules[0].Questions.Single(q => q.Id == CourseBuilder.StatementQuestionId);

        Assert.Equal(QuestionKind.SingleChoice, question.Kind);
        Assert.Equal(4, question.Choices.Count);
        Assert.Equal(4, question.Choices.Select(c => c.Text).Distinct().Count());
        var right = Assert.Single(question.CorrectChoiceIds);
        Assert.Equal(Vision.Statement, question.Choices.Single(c => c.Id == right).Text);
        Assert.All(question.Choices.Where(c => c.Id != right), c => Assert.StartsWith("We ", c.Text, StringComparison.Ordinal));
        Assert.Contains(question.Choices, c => c.Text.Contains("almost every guest", StringComparison.Ordinal));
        Assert.Empty(question.ItemIds);
    }

    [Fact]
    public void The_fill_in_blanks_an_observable_action_of_the_statement()
    {
        var question = Build().Modules[0].Questions.Single(q => q.Id == CourseBuilder.KeywordQuestionId);

        Assert.Equal(QuestionKind.FillIn, question.Kind);
        Assert.Equal(["greet"], question.AcceptedAnswers);
        Assert.Contains("We _____ every guest by name", question.Text, StringComparison.Ordinal);
        Assert.Empty(question.Choices);
    }

    [Fact]
    public void A_pillar_question_asks_for_its_sub_pillars_among_others()
    {
        var module = Build().Modules.Single(m => m.Id == "pillar-p1");
        var question = Assert.Single(module.Questions);

        Assert.Equal(["p1", "sp1", "sp2"], module.ItemIds);
        Assert.Equal(["Personal touch", "Use the guest's name", "Remember their preferences"], module.Content.Select(c => c.Text));
        Assert.Equal(QuestionKind.MultipleChoice, question.Kind);
        Assert.Equal(["p1", "sp1", "sp2"], question.ItemIds);
        Assert.Equal(
            ["Remember their preferences", "Use the guest's name"],
            question.Choices.Where(c => question.CorrectChoiceIds.Contains(c.Id)).Select(c => c.Text).Order());
        Assert.Equal(4, question.Choices.Count);
    }

    [Fact]
    public void A_pillar_without_sub_pillars_is_picked_among_pillars_that_are_not_ours()
    {
        var question = Assert.Single(Build().Modules.Single(m => m.Id == "pillar-p2").Questions);

        Assert.Equal(QuestionKind.SingleChoice, question.Kind);
        Assert.Equal("Above and beyond", question.Choices.Single(c => c.Id == question.CorrectChoiceIds[0]).Text);
        Assert.Equal(4, question.Choices.Count);
        Assert.Equal(["p2"], question.ItemIds);
    }

    [Fact]
    public void The_attestation_lists_every_standard_never_and_always_item_to_acknowledge()
    {
        var module = Build().Modules.Single(m => m.Kind == ModuleKind.Attestation);

        Assert.Equal(["s1", "s2", "n1", "a1"], module.Acknowledgements.Select(a => a.ItemId));
        Assert.Equal("I will never: Say \"that's not my job\"", module.Acknowledgements[2].Text);
        Assert.Equal("I will always: Thank the guest", module.Acknowledgements[3].Text);
        Assert.Empty(module.Questions);
        Assert.Equal(["s1", "s2", "n1", "a1"], module.ItemIds);
    }

    [Fact]
    public void Each_standard_gets_a_scenario_whose_right_choice_applies_it()
    {
        var module = Build().Modules.Single(m => m.Kind == ModuleKind.Scenarios);

        Assert.Equal(["scenario-s1", "scenario-s2"], module.Questions.Select(q => q.Id));
        var question = module.Questions[0];
        Assert.Equal(["s1"], question.ItemIds);
        Assert.EndsWith("What do you do?", question.Text, StringComparison.Ordinal);
        Assert.Equal("Answer the phone within three rings.", question.Choices.Single(c => c.Id == Assert.Single(question.CorrectChoiceIds)).Text);
        Assert.Contains(question.Choices, c => c.Text.StartsWith("Answer the phone within three rings, ", StringComparison.Ordinal));
        Assert.Equal(4, question.Choices.Select(c => c.Text).Distinct().Count());
    }

    [Fact]
    public void The_same_vision_always_gives_the_same_course_and_choice_letters_do_not_give_the_answer_away()
    {
        var first = Build();
        var second = CourseBuilder.FromVision(Vision with { Items = [.. Vision.Items] }, 3);

        Assert.Equal(Json(first), Json(second));
        var choiceQuestions = first.Modules.SelectMany(m => m.Questions).Where(q => q.Kind == QuestionKind.SingleChoice).ToList();
        Assert.All(choiceQuestions, q => Assert.Equal(["a", "b", "c", "d"], q.Choices.Select(c => c.Id)));
        Assert.True(choiceQuestions.Select(q => q.CorrectChoiceIds[0]).Distinct().Count() > 1, "the right answer is not always the same letter");
    }

    [Fact]
    public void A_vision_without_statement_or_standards_has_only_the_modules_it_can_fill()
    {
        var course = CourseBuilder.FromVision(new VisionDocument("", [new("p1", VisionItemKind.Pillar, null, "Personal touch", 0)]), 1);

        Assert.Equal(["pillar-p1"], course.Modules.Select(m => m.Id));
    }

    [Fact]
    public void A_refresher_covers_exactly_the_given_items()
    {
        var refresher = CourseBuilder.Refresher(Build(), ["s2", "a1"], 3);

        Assert.Equal("refresher-v3", refresher.Id);
        Assert.Equal(["attestation", "scenarios"], refresher.Modules.Select(m => m.Id));
        Assert.Equal(["s2", "a1"], refresher.Modules[0].Acknowledgements.Select(a => a.ItemId));
        Assert.Equal(["scenario-s2"], refresher.Modules[1].Questions.Select(q => q.Id));
        Assert.Equal(["s2", "a1"], refresher.ItemIds);
    }

    [Fact]
    public void A_refresher_on_a_sub_pillar_takes_its_pillar_module_and_no_recall()
    {
        var refresher = CourseBuilder.Refresher(Build(), ["sp2"], 3);

        var module = Assert.Single(refresher.Modules);
        Assert.Equal("pillar-p1", module.Id);
        Assert.Equal(["sp2"], module.ItemIds);
        Assert.Single(module.Questions);
    }

    [Fact]
    public void Leader_edits_survive_a_rebuild_while_their_items_are_unchanged()
    {
        var previous = Build();
        var edited = previous with
        {
            Title = "Our way",
            Modules = [.. previous.Modules.Select(m => m with
            {
                Title = m.Title + " (edited)",
                Edited = true,
                Questions = [.. m.Questions.Select(q => q with { Text = "Edited: " + q.Text, Edited = true })],
            })],
        };

        var rebuilt = CourseBuilder.CarryOverEdits(edited, CourseBuilder.FromVision(Vision, 4), ["s1", "sp2"]);

        Assert.Equal("Our way", rebuilt.Title);
        Assert.Equal(4, rebuilt.VisionVersion);
        var questions = rebuilt.Modules.SelectMany(m => m.Questions).ToDictionary(q => q.Id);
        Assert.StartsWith("Edited: ", questions["scenario-s2"].Text, StringComparison.Ordinal);
        Assert.StartsWith("Edited: ", questions["pillar-p2"].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Edited", questions["scenario-s1"].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Edited", questions["pillar-p1"].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Edited", questions[CourseBuilder.StatementQuestionId].Text, StringComparison.Ordinal);
        Assert.Equal("Above and beyond (edited)", rebuilt.Modules.Single(m => m.Id == "pillar-p2").Title);
        Assert.Equal("Personal touch", rebuilt.Modules.Single(m => m.Id == "pillar-p1").Title);
    }

    private static string Json(Course course) => System.Text.Json.JsonSerializer.Serialize(course);
}
