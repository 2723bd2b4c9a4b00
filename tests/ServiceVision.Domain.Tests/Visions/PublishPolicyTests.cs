using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.Visions;

public sealed class PublishPolicyTests
{
    private const string Author = "m-author";
    private static readonly DateTimeOffset Edited = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterRest = Edited.AddDays(3);

    [Fact]
    public void By_default_a_draft_needs_two_approvals_and_48_hours_of_rest_and_a_change_request_blocks()
    {
        Assert.Equal(new PublishRule(2, TimeSpan.FromHours(48), BlockOnChangesRequested: true), PublishRule.Default);
        Assert.Empty(PublishRule.Default.Validate());
    }

    [Fact]
    public void A_rested_draft_with_enough_approvals_can_be_published()
    {
        var decision = Evaluate(AfterRest, Approve("m-1", 1), Approve("m-2", 2));

        Assert.True(decision.CanPublish);
        Assert.Empty(decision.Reasons);
    }

    [Fact]
    public void Approvals_given_before_the_last_edit_no_longer_count()
    {
        var decision = Evaluate(AfterRest, Approve("m-1", -1), Approve("m-2", 1));

        Assert.False(decision.CanPublish);
        Assert.Equal(["1 of 2 approvals since the last edit"], decision.Reasons);
    }

    [Fact]
    public void The_authors_own_approval_does_not_count()
    {
        var decision = Evaluate(AfterRest, Approve(Author, 1), Approve("m-2", 2));

        Assert.Equal(["1 of 2 approvals since the last edit"], decision.Reasons);
    }

    [Fact]
    public void A_reviewer_who_approves_twice_counts_once()
    {
        var decision = Evaluate(AfterRest, Approve("m-1", 1), Approve("m-1", 2));

        Assert.Equal(["1 of 2 approvals since the last edit"], decision.Reasons);
    }

    [Fact]
    public void A_reviewer_who_approved_and_then_requested_changes_blocks_publishing()
    {
        var decision = Evaluate(AfterRest, Approve("m-1", 1), Approve("m-2", 1), RequestChanges("m-1", 2));

        Assert.False(decision.CanPublish);
        Assert.Equal(["1 of 2 approvals since the last edit", "changes requested by m-1"], decision.Reasons);
    }

    [Fact]
    public void A_reviewer_who_requested_changes_and_then_approved_counts_as_an_approval()
    {
        var decision = Evaluate(AfterRest, RequestChanges("m-1", 1), Approve("m-1", 2), Approve("m-2", 1));

        Assert.True(decision.CanPublish);
    }

    [Fact]
    public void A_comment_after_an_approval_keeps_the_approval()
    {
        var decision = Evaluate(AfterRest, Approve("m-1", 1), Approve("m-2", 1), Comment("m-1", 2));

        Assert.True(decision.CanPublish);
    }

    [Fact]
    public void A_change_request_does_not_block_when_the_rule_allows_it()
    {
        var rule = PublishRule.Default with { BlockOnChangesRequested = false };

        var decision = PublishPolicy.Evaluate(rule, State(Approve("m-1", 1), Approve("m-2", 1), RequestChanges("m-3", 1)), AfterRest);

        Assert.True(decision.CanPublish);
    }

    [Fact]
    public void A_draft_still_resting_says_when_the_rest_period_ends()
    {
        var decision = Evaluate(Edited.AddHours(47), Approve("m-1", 1), Approve("m-2", 2));

        Assert.False(decision.CanPublish);
        Assert.Equal(["rest period ends at 2026-11-27T10:00Z"], decision.Reasons);
    }

    [Fact]
    public void The_rest_period_end_is_shown_in_utc_and_rounded_up_to_the_minute()
    {
        var editedInParis = new DateTimeOffset(2026, 11, 25, 11, 0, 30, TimeSpan.FromHours(1));

        var decision = PublishPolicy.Evaluate(PublishRule.Default, new DraftReviewState(editedInParis, [], Author), editedInParis);

        Assert.Contains("rest period ends at 2026-11-27T10:01Z", decision.Reasons);
    }

    [Fact]
    public void A_draft_can_be_published_the_moment_its_rest_period_ends()
    {
        var decision = Evaluate(Edited.AddHours(48), Approve("m-1", 1), Approve("m-2", 2));

        Assert.True(decision.CanPublish);
    }

    [Fact]
    public void Every_missing_condition_is_listed()
    {
        var decision = Evaluate(Edited.AddHours(1), RequestChanges("m-2", 0.5), RequestChanges("m-1", 0.5));

        Assert.Equal(
            ["0 of 2 approvals since the last edit", "changes requested by m-1, m-2", "rest period ends at 2026-11-27T10:00Z"],
            decision.Reasons);
    }

    [Theory]
    [InlineData(-1, 2, "requiredApprovals")]
    [InlineData(21, 2, "requiredApprovals")]
    [InlineData(2, -1, "restPeriod")]
    [InlineData(2, 31, "restPeriod")]
    public void A_rule_outside_its_limits_is_invalid(int approvals, int restDays, string field)
    {
        var error = Assert.Single(new PublishRule(approvals, TimeSpan.FromDays(restDays), true).Validate());

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(20, 30)]
    public void A_rule_at_its_limits_is_valid(int approvals, int restDays)
    {
        Assert.Empty(new PublishRule(approvals, TimeSpan.FromDays(restDays), true).Validate());
    }

    [Fact]
    public void An_invalid_rule_never_allows_publishing()
    {
        var decision = PublishPolicy.Evaluate(new PublishRule(-1, TimeSpan.Zero, false), State(), AfterRest);

        Assert.False(decision.CanPublish);
        Assert.Contains("publish rule is invalid", Assert.Single(decision.Reasons), StringComparison.Ordinal);
    }

    private static PublishDecision Evaluate(DateTimeOffset now, params Review[] reviews) =>
        PublishPolicy.Evaluate(PublishRule.Default, State(reviews), now);

    private static DraftReviewState State(params Review[] reviews) => new(Edited, reviews, Author);

    private static Review Approve(string member, double hoursAfterEdit) => new(member, ReviewVerdict.Approve, Edited.AddHours(hoursAfterEdit));

    private static Review RequestChanges(string member, double hoursAfterEdit) => new(member, ReviewVerdict.RequestChanges, Edited.AddHours(hoursAfterEdit));

    private static Review Comment(string member, double hoursAfterEdit) => new(member, ReviewVerdict.Comment, Edited.AddHours(hoursAfterEdit));
}
