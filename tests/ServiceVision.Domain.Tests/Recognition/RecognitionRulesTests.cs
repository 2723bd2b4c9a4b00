using ServiceVision.Domain.Recognition;
using Xunit;

namespace ServiceVision.Domain.Tests.Recognition;

public sealed class RecognitionRulesTests
{
    private static readonly HashSet<string> Pillars = ["p1", "p2"];
    private static readonly HashSet<string> Standards = ["s1"];

    private static RecognitionCheck Check(RecognitionInput input, string giver = "mem_giver") =>
        RecognitionRules.Validate(input, giver, id => id is "mem_ann" or "mem_giver", Pillars, Standards);

    private static string[] Fields(RecognitionCheck check) => [.. check.Errors.Select(e => e.Field)];

    [Fact]
    public void A_valid_recognition_is_trimmed_and_keeps_its_tags_in_order()
    {
        var check = Check(new RecognitionInput(" mem_ann ", "  She found the guest's lost ring.  ", ["p2", "p1"], ["s1"], " resp-1 "));

        Assert.Empty(check.Errors);
        var valid = check.Recognition!;
        Assert.Equal("mem_ann", valid.MemberId);
        Assert.Equal("She found the guest's lost ring.", valid.Story);
        Assert.Equal("resp-1", valid.FeedbackResponseId);
        Assert.Equal(["p2", "p1"], valid.PillarIds);
        Assert.Equal(["s1"], valid.StandardIds);
    }

    [Fact]
    public void Recognizing_yourself_is_refused_on_memberId()
    {
        Assert.Equal(["memberId"], Fields(Check(new RecognitionInput("mem_giver", "Story", ["p1"], null, null))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("mem_other_org")]
    [InlineData("not an id!")]
    public void A_missing_or_unknown_member_is_refused_on_memberId(string? memberId)
    {
        Assert.Equal(["memberId"], Fields(Check(new RecognitionInput(memberId, "Story", ["p1"], null, null))));
    }

    [Fact]
    public void The_story_is_required_and_at_most_1000_characters()
    {
        Assert.Equal(["story"], Fields(Check(new RecognitionInput("mem_ann", " ", ["p1"], null, null))));
        Assert.Equal(["story"], Fields(Check(new RecognitionInput("mem_ann", new string('a', 1001), ["p1"], null, null))));
        Assert.Empty(Check(new RecognitionInput("mem_ann", new string('a', 1000), ["p1"], null, null)).Errors);
    }

    [Fact]
    public void At_least_one_pillar_is_required_and_each_must_be_a_pillar_of_the_vision_once()
    {
        Assert.Equal(["pillarIds"], Fields(Check(new RecognitionInput("mem_ann", "Story", [], null, null))));
        Assert.Equal(["pillarIds"], Fields(Check(new RecognitionInput("mem_ann", "Story", null, null, null))));
        Assert.Equal(["pillarIds[1]", "pillarIds[2]"], Fields(Check(new RecognitionInput("mem_ann", "Story", ["p1", "nope", "p1"], null, null))));
        Assert.Equal(["pillarIds[0]"], Fields(Check(new RecognitionInput("mem_ann", "Story", ["s1"], null, null))));
    }

    [Fact]
    public void Standards_are_optional_but_must_be_standards_of_the_vision()
    {
        Assert.Equal(["standardIds[0]"], Fields(Check(new RecognitionInput("mem_ann", "Story", ["p1"], ["p1"], null))));
        Assert.Equal(["standardIds"], Fields(Check(new RecognitionInput("mem_ann", "Story", ["p1"], [.. Enumerable.Repeat("s1", 21)], null))));
    }

    [Fact]
    public void A_feedback_response_id_must_look_like_an_id()
    {
        Assert.Equal(["feedbackResponseId"], Fields(Check(new RecognitionInput("mem_ann", "Story", ["p1"], null, "a b"))));
    }

    [Fact]
    public void Every_broken_field_is_reported_at_once()
    {
        Assert.Equal(["memberId", "story", "pillarIds"], Fields(Check(new RecognitionInput(null, null, null, null, null))));
    }

    [Fact]
    public void Reaction_kinds_are_a_small_fixed_set_matched_without_case()
    {
        Assert.Equal("Heart", RecognitionRules.ReactionKind("heart"));
        Assert.Null(RecognitionRules.ReactionKind("ThumbsDown"));
        Assert.Null(RecognitionRules.ReactionKind(null));
    }

    [Fact]
    public void Comments_and_hide_reasons_are_required_and_bounded()
    {
        Assert.Equal(["text"], RecognitionRules.ValidateComment(new string('x', 501)).Select(e => e.Field));
        Assert.Empty(RecognitionRules.ValidateComment("Well done!"));
        Assert.Equal(["reason"], RecognitionRules.ValidateHideReason(" ").Select(e => e.Field));
    }
}
