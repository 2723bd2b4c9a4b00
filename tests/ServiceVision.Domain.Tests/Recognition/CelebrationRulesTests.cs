using ServiceVision.Domain.Recognition;
using Xunit;

namespace ServiceVision.Domain.Tests.Recognition;

public sealed class CelebrationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static string[] Fields(CelebrationInput input) => [.. CelebrationRules.Validate(input, Now).Errors.Select(e => e.Field)];

    [Fact]
    public void A_valid_celebration_is_trimmed_and_its_reminders_sorted_largest_first()
    {
        var (celebration, errors) = CelebrationRules.Validate(new CelebrationInput(" Lived the vision ", " ", Now.AddDays(3), [60, 1440]), Now);

        Assert.Empty(errors);
        Assert.Equal("Lived the vision", celebration!.Title);
        Assert.Null(celebration.Description);
        Assert.Equal([1440, 60], celebration.RemindMinutesBefore);
    }

    [Fact]
    public void Title_and_a_future_time_are_required()
    {
        Assert.Equal(["title", "at"], Fields(new CelebrationInput(null, null, null, null)));
        Assert.Equal(["at"], Fields(new CelebrationInput("T", null, Now, null)));
        Assert.Equal(["at"], Fields(new CelebrationInput("T", null, Now.AddDays(800), null)));
        Assert.Equal(["title"], Fields(new CelebrationInput(new string('t', 201), null, Now.AddDays(1), null)));
        Assert.Equal(["description"], Fields(new CelebrationInput("T", new string('d', 2001), Now.AddDays(1), null)));
    }

    [Fact]
    public void Reminders_are_at_most_five_distinct_lead_times_of_a_minute_to_thirty_days()
    {
        Assert.Equal(["remindMinutesBefore[0]", "remindMinutesBefore[2]"], Fields(new CelebrationInput("T", null, Now.AddDays(1), [0, 60, 60])));
        Assert.Equal(["remindMinutesBefore[0]"], Fields(new CelebrationInput("T", null, Now.AddDays(1), [43201])));
        Assert.Equal(["remindMinutesBefore"], Fields(new CelebrationInput("T", null, Now.AddDays(1), [1, 2, 3, 4, 5, 6])));
    }

    [Fact]
    public void A_reminder_is_due_its_lead_time_before_the_event_or_at_once_when_that_has_passed()
    {
        var reminders = CelebrationRules.Reminders(Now.AddHours(2), [1440, 60], Now);

        Assert.Equal([(1440, TimeSpan.Zero), (60, TimeSpan.FromHours(1))], reminders);
    }

    [Fact]
    public void Goals_are_bounded_and_a_score_beats_a_goal_only_when_strictly_above_it()
    {
        Assert.Equal(["npsAbove", "csatPercentAbove"], CelebrationRules.ValidateGoals(new CelebrationGoals(101, -1)).Select(e => e.Field));
        var goals = new CelebrationGoals(50, 90);

        Assert.Equal(["NPS", "CSAT"], CelebrationRules.GoalsBeaten(goals, 51, 90.5m));
        Assert.Empty(CelebrationRules.GoalsBeaten(goals, 50, 90));
        Assert.Empty(CelebrationRules.GoalsBeaten(new CelebrationGoals(null, null), 100, 100));
        Assert.Equal(["CSAT"], CelebrationRules.GoalsBeaten(goals, null, 95));
    }
}
