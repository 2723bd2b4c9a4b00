using ServiceVision.Domain.Training;
using Xunit;

namespace ServiceVision.Domain.Tests.Training;

public sealed class RefresherRulesTests
{
    private static readonly string[] Version = ["p1", "s1", "s2", "s3", "n1"];

    [Fact]
    public void A_member_is_re_trained_on_changed_items_their_training_covered_and_on_added_items()
    {
        var items = RefresherRules.ItemsFor(new HashSet<string> { "p1", "s1", "s2" }, hadVisionCourse: true, ["s2", "s1"], ["s3"], Version);

        Assert.Equal(["s1", "s2", "s3"], items);
    }

    [Fact]
    public void Changed_items_the_member_was_never_trained_on_give_nothing()
    {
        Assert.Empty(RefresherRules.ItemsFor(new HashSet<string> { "p1" }, hadVisionCourse: true, ["s1"], [], Version));
    }

    [Fact]
    public void Added_items_count_only_for_members_who_had_the_vision_course()
    {
        Assert.Empty(RefresherRules.ItemsFor(new HashSet<string>(), hadVisionCourse: false, ["s1"], ["s3"], Version));
    }

    [Fact]
    public void The_first_reminder_goes_out_two_days_before_the_due_date_and_the_second_at_it()
    {
        var now = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

        var reminders = RefresherRules.Reminders(now.AddDays(10), now);

        Assert.Equal([("BeforeDue", TimeSpan.FromDays(8)), ("Overdue", TimeSpan.FromDays(10))], reminders);
    }

    [Fact]
    public void Reminders_whose_time_is_past_fire_at_once()
    {
        var now = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal([("BeforeDue", TimeSpan.Zero), ("Overdue", TimeSpan.FromHours(1))], RefresherRules.Reminders(now.AddHours(1), now));
        Assert.Equal([("BeforeDue", TimeSpan.Zero), ("Overdue", TimeSpan.Zero)], RefresherRules.Reminders(now.AddHours(-1), now));
    }
}
