using ServiceVision.Domain.Hiring;
using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.Hiring;

public sealed class HiringCriteriaBuilderTests
{
    private static readonly VisionDocument Vision = new(
        "We greet every guest by name and make each visit feel personal.",
        [
            new("p2", VisionItemKind.Pillar, null, "Above and beyond", 1),
            new("p1", VisionItemKind.Pillar, null, "Personal touch.", 0),
            new("sp1", VisionItemKind.SubPillar, "p1", "Use the guest's name", 0),
            new("s1", VisionItemKind.Standard, null, "Answer within three rings", 2),
            new("n1", VisionItemKind.Never, null, "Say no without an alternative", 3),
            new("a1", VisionItemKind.Always, null, "Thank the guest", 4),
        ]);

    [Fact]
    public void Each_pillar_and_standard_becomes_a_criterion_and_never_and_always_share_one()
    {
        var criteria = HiringCriteriaBuilder.FromVision(Vision);

        Assert.Equal(["Personal touch", "Above and beyond", "Answer within three rings", "Never & Always"], criteria.Select(c => c.Title));
        Assert.Equal(["p1", "p2", "s1", ""], criteria.Select(c => c.SourceItemId));
    }

    [Fact]
    public void Without_never_or_always_items_there_is_no_never_and_always_criterion()
    {
        var vision = Vision with { Items = [.. Vision.Items.Where(i => i.Kind is not (VisionItemKind.Never or VisionItemKind.Always))] };

        Assert.DoesNotContain(HiringCriteriaBuilder.FromVision(vision), c => c.Kind == HiringCriterionKind.NeverAndAlways);
    }

    [Fact]
    public void Every_criterion_has_two_behavioural_questions_that_quote_its_item()
    {
        var criteria = HiringCriteriaBuilder.FromVision(Vision).Where(c => c.Kind != HiringCriterionKind.NeverAndAlways);

        Assert.All(criteria, c =>
        {
            Assert.Equal(2, c.InterviewQuestions.Count);
            Assert.Equal(2, c.InterviewQuestions.Distinct().Count());
            Assert.All(c.InterviewQuestions, q =>
            {
                Assert.StartsWith("Tell me about a time you", q, StringComparison.Ordinal);
                Assert.Contains($"\"{c.Title}\"", q, StringComparison.Ordinal);
            });
        });
    }

    [Fact]
    public void The_never_and_always_questions_ask_about_one_list_each()
    {
        var criterion = HiringCriteriaBuilder.FromVision(Vision).Single(c => c.Kind == HiringCriterionKind.NeverAndAlways);

        Assert.Equal(2, criterion.InterviewQuestions.Count);
        Assert.Contains("\"Thank the guest\"", criterion.InterviewQuestions[0], StringComparison.Ordinal);
        Assert.Contains("\"Say no without an alternative\"", criterion.InterviewQuestions[1], StringComparison.Ordinal);
    }

    [Fact]
    public void With_only_never_items_both_questions_ask_about_them_from_different_angles()
    {
        var vision = Vision with { Items = [.. Vision.Items.Where(i => i.Kind != VisionItemKind.Always)] };

        var questions = HiringCriteriaBuilder.FromVision(vision).Single(c => c.Kind == HiringCriterionKind.NeverAndAlways).InterviewQuestions;

        Assert.Equal(2, questions.Distinct().Count());
        Assert.All(questions, q => Assert.Contains("\"Say no without an alternative\"", q, StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_always_list_is_quoted_up_to_three_items_so_the_question_stays_speakable()
    {
        var vision = new VisionDocument(
            "We greet every guest by name.",
            [
                new("a1", VisionItemKind.Always, null, "Smile", 0),
                new("a2", VisionItemKind.Always, null, "Use their name", 1),
                new("a3", VisionItemKind.Always, null, "Thank them", 2),
                new("a4", VisionItemKind.Always, null, "Walk them to the door", 3),
            ]);

        var question = HiringCriteriaBuilder.FromVision(vision).Single().InterviewQuestions[0];

        Assert.Contains("\"Smile\", \"Use their name\" or \"Thank them\"", question, StringComparison.Ordinal);
        Assert.DoesNotContain("Walk them to the door", question, StringComparison.Ordinal);
    }

    [Fact]
    public void Quotes_inside_an_item_do_not_break_the_question()
    {
        var vision = Vision with { Items = [new("s9", VisionItemKind.Standard, null, "Never say \"that's not my job\"", 0)] };

        var questions = HiringCriteriaBuilder.FromVision(vision).Single().InterviewQuestions;

        Assert.All(questions, q => Assert.Contains("\"Never say 'that's not my job'\"", q, StringComparison.Ordinal));
    }

    [Fact]
    public void Rewording_an_item_keeps_its_criterion_id_so_scores_stay_attached()
    {
        var reworded = Vision with
        {
            Items = [.. Vision.Items.Select(i => i.Id == "s1" ? i with { Text = "Answer within two rings" } : i)],
        };

        Assert.Equal(
            HiringCriteriaBuilder.FromVision(Vision).Select(c => c.Id),
            HiringCriteriaBuilder.FromVision(reworded).Select(c => c.Id));
    }

    [Fact]
    public void Standards_and_never_and_always_are_non_negotiable_but_pillars_are_not()
    {
        var criteria = HiringCriteriaBuilder.FromVision(Vision);

        Assert.Equal([false, false, true, true], criteria.Select(c => c.IsNonNegotiable));
    }
}
