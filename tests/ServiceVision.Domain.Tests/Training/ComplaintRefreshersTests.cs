using ServiceVision.Domain.Members;
using ServiceVision.Domain.Training;

namespace ServiceVision.Domain.Tests.Training;

public sealed class ComplaintRefreshersTests
{
    private static readonly RolloutCandidate[] Members =
    [
        new("mem_ana", null, MemberRole.Employee, "loc_north"),
        new("mem_ben", null, MemberRole.Leader, "loc_north"),
        new("mem_cai", null, MemberRole.Employee, "loc_south"),
        new("mem_dee", null, MemberRole.Employee),
        new("mem_ana", null, MemberRole.Employee, "loc_north"),
    ];

    [Fact]
    public void Without_location_or_role_every_member_is_in_the_audience_once() =>
        Assert.Equal(["mem_ana", "mem_ben", "mem_cai", "mem_dee"], ComplaintRefreshers.Audience(Members, null, null));

    [Fact]
    public void A_location_takes_only_its_members() =>
        Assert.Equal(["mem_ana", "mem_ben"], ComplaintRefreshers.Audience(Members, "loc_north", null));

    [Fact]
    public void A_role_takes_only_members_with_it_at_every_location() =>
        Assert.Equal(["mem_ana", "mem_cai", "mem_dee"], ComplaintRefreshers.Audience(Members, null, MemberRole.Employee));

    [Fact]
    public void Location_and_role_together_narrow_to_both() =>
        Assert.Equal(["mem_ben"], ComplaintRefreshers.Audience(Members, "loc_north", MemberRole.Leader));

    [Fact]
    public void A_location_nobody_works_at_is_an_empty_audience() =>
        Assert.Empty(ComplaintRefreshers.Audience(Members, "loc_east", null));

    [Fact]
    public void The_refresher_is_due_seven_days_after_the_mapping()
    {
        var mappedAt = new DateTimeOffset(2030, 3, 1, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2030, 3, 8, 10, 0, 0, TimeSpan.Zero), ComplaintRefreshers.DueAt(mappedAt));
    }

    [Fact]
    public void The_reason_names_the_location_when_there_is_one()
    {
        Assert.Equal("A customer complaint at Downtown broke these parts of our vision", ComplaintRefreshers.Reason(" Downtown "));
        Assert.Equal("A customer complaint broke these parts of our vision", ComplaintRefreshers.Reason(null));
    }

    [Fact]
    public void A_reason_is_never_longer_than_the_limit() =>
        Assert.Equal(ComplaintRefreshers.MaxReasonLength, ComplaintRefreshers.Reason(new string('x', 300)).Length);

    [Fact]
    public void Usable_item_ids_are_well_formed_once_each_in_order() =>
        Assert.Equal(["s-phone", "n-job"], ComplaintRefreshers.UsableItemIds(["s-phone", null, "", "bad id", "n-job", "s-phone"]));

    [Fact]
    public void Usable_item_ids_are_at_most_the_limit() =>
        Assert.Equal(ComplaintRefreshers.MaxItems, ComplaintRefreshers.UsableItemIds([.. Enumerable.Range(0, 300).Select(i => $"i{i}")]).Count);

    [Theory]
    [InlineData("  A complaint at Downtown ", "A complaint at Downtown")]
    [InlineData("Line\nbreak", "Line break")]
    [InlineData("   ", "A refresher on our vision")]
    [InlineData(null, "A refresher on our vision")]
    public void A_reason_becomes_a_clean_course_title(string? reason, string title) =>
        Assert.Equal(title, ComplaintRefreshers.TitleFrom(reason));

    [Fact]
    public void Members_are_sent_in_batches_of_at_most_the_limit()
    {
        var members = Enumerable.Range(0, 1001).Select(i => $"mem_{i}").ToList();

        var batches = ComplaintRefreshers.Batches(members, 500);

        Assert.Equal([500, 500, 1], batches.Select(b => b.Count));
        Assert.Equal(members, batches.SelectMany(b => b));
    }
}
