using ServiceVision.Domain.Training;

namespace ServiceVision.Domain.Tests.Training;

public sealed class RolloutProgressTests
{
    private static readonly DateTimeOffset Due = new(2030, 1, 31, 17, 0, 0, TimeSpan.Zero);

    private static RolloutMemberProgress Assigned => RolloutMemberProgress.Pending.Advance(RolloutMemberStatus.Assigned);

    private static RolloutMemberProgress Started => RolloutMemberProgress.Pending.Advance(RolloutMemberStatus.Started);

    private static RolloutMemberProgress Completed(int score) => RolloutMemberProgress.Pending.Advance(RolloutMemberStatus.Completed, score);

    [Fact]
    public void A_member_moves_forward_through_assigned_started_and_completed()
    {
        var progress = RolloutMemberProgress.Pending
            .Advance(RolloutMemberStatus.Assigned)
            .Advance(RolloutMemberStatus.Started)
            .Advance(RolloutMemberStatus.Completed, 87);

        Assert.Equal(new RolloutMemberProgress(RolloutMemberStatus.Completed, 87), progress);
    }

    [Theory]
    [InlineData(RolloutMemberStatus.Assigned)]
    [InlineData(RolloutMemberStatus.Started)]
    [InlineData(RolloutMemberStatus.Completed)]
    public void A_repeated_or_late_event_never_moves_a_completed_member_back_or_changes_the_first_score(RolloutMemberStatus late)
    {
        var completed = Completed(90);

        Assert.Equal(completed, completed.Advance(late, 10));
    }

    [Fact]
    public void A_completion_that_arrives_before_the_assignment_counts_and_the_assignment_after_it_changes_nothing()
    {
        var progress = RolloutMemberProgress.Pending.Advance(RolloutMemberStatus.Completed, 75).Advance(RolloutMemberStatus.Assigned);

        Assert.Equal(Completed(75), progress);
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(130, 100)]
    public void A_score_outside_0_to_100_is_clamped(int reported, int kept) =>
        Assert.Equal(kept, RolloutMemberProgress.Pending.Advance(RolloutMemberStatus.Completed, reported).Score);

    [Fact]
    public void Only_a_completion_keeps_a_score() =>
        Assert.Equal(0, RolloutMemberProgress.Pending.Advance(RolloutMemberStatus.Started, 55).Score);

    [Theory]
    [InlineData("P")]
    [InlineData("A")]
    [InlineData("S")]
    [InlineData("C0")]
    [InlineData("C87")]
    [InlineData("C100")]
    public void The_stored_form_reads_back_as_written(string encoded) =>
        Assert.Equal(encoded, RolloutMemberProgress.Decode(encoded).Encode());

    [Theory]
    [InlineData("X")]
    [InlineData("C")]
    [InlineData("C101")]
    [InlineData("C-1")]
    [InlineData("AA")]
    public void Anything_else_in_the_store_is_refused(string encoded) =>
        Assert.Throws<FormatException>(() => RolloutMemberProgress.Decode(encoded));

    [Fact]
    public void Counts_are_cumulative_and_the_average_is_over_completed_members_only()
    {
        RolloutMemberProgress[] members = [RolloutMemberProgress.Pending, Assigned, Started, Completed(80), Completed(95)];

        var progress = RolloutProgress.Of(members, Due, Due.AddDays(-1));

        Assert.Equal(new RolloutProgress(5, 4, 3, 2, 0, 87.5m, 40m), progress);
    }

    [Fact]
    public void Past_the_due_date_everyone_not_completed_is_overdue()
    {
        RolloutMemberProgress[] members = [RolloutMemberProgress.Pending, Assigned, Started, Completed(80)];

        Assert.Equal(0, RolloutProgress.Of(members, Due, Due).Overdue);
        Assert.Equal(3, RolloutProgress.Of(members, Due, Due.AddTicks(1)).Overdue);
    }

    [Fact]
    public void Nobody_completed_means_no_average_and_zero_percent()
    {
        var progress = RolloutProgress.Of([Assigned, Started], Due, Due.AddDays(-1));

        Assert.Null(progress.AverageScore);
        Assert.Equal(0m, progress.PercentComplete);
    }

    [Fact]
    public void Percent_complete_is_rounded_down_so_100_means_everyone()
    {
        var members = Enumerable.Repeat(Completed(100), 1999).Append(Assigned).ToList();

        Assert.Equal(99.9m, RolloutProgress.Of(members, Due, Due.AddDays(-1)).PercentComplete);
        Assert.Equal(100m, RolloutProgress.Of(members.Take(1999), Due, Due.AddDays(-1)).PercentComplete);
    }

    [Fact]
    public void The_average_score_has_one_decimal()
    {
        var progress = RolloutProgress.Of([Completed(90), Completed(85), Completed(81)], Due, Due.AddDays(-1));

        Assert.Equal(85.3m, progress.AverageScore);
    }

    [Theory]
    [InlineData(RolloutMemberFilter.Pending, "P")]
    [InlineData(RolloutMemberFilter.Assigned, "A")]
    [InlineData(RolloutMemberFilter.Started, "S")]
    [InlineData(RolloutMemberFilter.Completed, "C70")]
    public void A_status_filter_matches_exactly_that_status(RolloutMemberFilter filter, string matching)
    {
        string[] all = ["P", "A", "S", "C70"];

        Assert.Equal([matching], all.Where(e => RolloutMemberProgress.Decode(e).Matches(filter, Due, Due.AddDays(-1))));
    }

    [Fact]
    public void The_overdue_filter_matches_every_member_not_completed_once_past_due()
    {
        string[] all = ["P", "A", "S", "C70"];

        Assert.DoesNotContain(all, e => RolloutMemberProgress.Decode(e).Matches(RolloutMemberFilter.Overdue, Due, Due));
        Assert.Equal(["P", "A", "S"], all.Where(e => RolloutMemberProgress.Decode(e).Matches(RolloutMemberFilter.Overdue, Due, Due.AddMinutes(1))));
    }
}
