using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.Visions;

public sealed class VisionWorkshopRulesTests
{
    [Fact]
    public void Purpose_texts_are_required_but_may_be_empty()
    {
        Assert.Empty(VisionWorkshopRules.ValidatePurpose("", "Purpose is the Why that wins over everything else."));
        Assert.Equal(["aspirationalPurpose", "commonPurpose"], VisionWorkshopRules.ValidatePurpose(null, null).Select(e => e.Field));
    }

    [Fact]
    public void Purpose_texts_are_bounded()
    {
        var tooLong = new string('a', VisionWorkshopRules.MaxPurposeLength + 1);

        Assert.Equal(["commonPurpose"], VisionWorkshopRules.ValidatePurpose("ok", tooLong).Select(e => e.Field));
    }

    [Theory]
    [InlineData(null, null, "text")]
    [InlineData("   ", null, "text")]
    [InlineData("Calls wait on hold while we look things up.", "area-that-is-far-too-long-area-that-is-far-too-long-area-that-is-far-too-long-area-that-is-far-too-long", "area")]
    public void An_observation_needs_text_and_a_short_area(string? text, string? area, string field)
    {
        Assert.Equal(field, Assert.Single(VisionWorkshopRules.ValidateObservation(text, area)).Field);
    }

    [Fact]
    public void An_observation_text_is_bounded_after_trimming()
    {
        var atLimit = " " + new string('a', VisionWorkshopRules.MaxObservationLength) + " ";

        Assert.Empty(VisionWorkshopRules.ValidateObservation(atLimit, "Front desk"));
        Assert.Single(VisionWorkshopRules.ValidateObservation(atLimit.Trim() + "a", null));
    }

    [Theory]
    [InlineData("Approve", ReviewVerdict.Approve)]
    [InlineData("requestchanges", ReviewVerdict.RequestChanges)]
    public void A_verdict_is_a_name_in_any_case(string verdict, ReviewVerdict expected)
    {
        Assert.Empty(VisionWorkshopRules.ValidateReview(verdict, null, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("Reject")]
    public void Anything_else_is_not_a_verdict(string? verdict)
    {
        Assert.Equal("verdict", Assert.Single(VisionWorkshopRules.ValidateReview(verdict, "fine", out _)).Field);
    }

    [Fact]
    public void A_comment_verdict_needs_a_comment_and_comments_are_bounded()
    {
        Assert.Equal("comment", Assert.Single(VisionWorkshopRules.ValidateReview("Comment", "  ", out _)).Field);
        Assert.Equal("comment", Assert.Single(VisionWorkshopRules.ValidateReview("Approve", new string('a', VisionWorkshopRules.MaxReviewCommentLength + 1), out _)).Field);
    }

    [Fact]
    public void A_publish_rule_in_hours_becomes_a_rule()
    {
        Assert.Empty(VisionWorkshopRules.ParsePublishRule(2, 0, false, out var rule));
        Assert.Equal(new PublishRule(2, TimeSpan.Zero, BlockOnChangesRequested: false), rule);
    }

    [Fact]
    public void Every_field_of_a_publish_rule_is_required()
    {
        var errors = VisionWorkshopRules.ParsePublishRule(null, null, null, out var rule);

        Assert.Null(rule);
        Assert.Equal(["requiredApprovals", "restPeriodHours", "blockOnChangesRequested"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(-1, 0, "requiredApprovals")]
    [InlineData(PublishRule.MaxRequiredApprovals + 1, 0, "requiredApprovals")]
    [InlineData(0, -1, "restPeriodHours")]
    [InlineData(0, 721, "restPeriodHours")]
    [InlineData(0, int.MaxValue, "restPeriodHours")]
    public void Publish_rule_limits_name_the_field(int approvals, int hours, string field)
    {
        Assert.Equal(field, Assert.Single(VisionWorkshopRules.ParsePublishRule(approvals, hours, true, out _)).Field);
    }

    [Fact]
    public void The_longest_rest_is_thirty_days()
    {
        Assert.Empty(VisionWorkshopRules.ParsePublishRule(0, 720, true, out _));
    }

    [Fact]
    public void A_vision_without_a_statement_can_not_be_published()
    {
        Assert.Equal(["the statement is empty"], VisionWorkshopRules.PublishBlockers(new VisionDocument(" ", []), null, null));
    }

    [Fact]
    public void A_draft_based_on_an_older_version_must_be_based_on_the_current_one_first()
    {
        var document = new VisionDocument("We greet every guest by name.", []);

        Assert.Empty(VisionWorkshopRules.PublishBlockers(document, 2, 2));
        Assert.Empty(VisionWorkshopRules.PublishBlockers(document, null, 2));
        Assert.Contains("version 3 is current", Assert.Single(VisionWorkshopRules.PublishBlockers(document, 2, 3)), StringComparison.Ordinal);
    }
}
