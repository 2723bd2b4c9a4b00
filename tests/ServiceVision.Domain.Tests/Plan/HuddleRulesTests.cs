using ServiceVision.Domain.Plan;

namespace ServiceVision.Domain.Tests.Plan;

public sealed class HuddleRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly (string, string)[] Pillars = [("pil_a", "Personal touch"), ("pil_b", "Above and beyond")];
    private static readonly (string, string)[] Standards = [("std_a", "Greet by name")];
    private static readonly RecognitionTopicSource[] Recognitions = [new("rcg_1", "Ana lived personal touch", Now)];

    private static HuddleInput Valid => new(new HuddleTeamInput("department", "dep_front"), ["mem_ana", "mem_ana", "mem_ben"], new HuddleTopicInput("Pillar", "pil_a", "Personal touch"), null, null);

    private static IReadOnlyList<string> Fields(HuddleInput input) => [.. HuddleRules.Validate(input, Now).Errors.Select(e => e.Field)];

    [Fact]
    public void A_valid_huddle_defaults_to_now_and_counts_each_attendee_once()
    {
        var (huddle, errors) = HuddleRules.Validate(Valid, Now);

        Assert.Empty(errors);
        Assert.Equal(HuddleTeamKind.Department, huddle!.TeamKind);
        Assert.Equal(Now, huddle.HeldAt);
        Assert.Equal(["mem_ana", "mem_ben"], huddle.AttendeeIds);
    }

    [Fact]
    public void Every_missing_field_is_named() =>
        Assert.Equal(["team", "attendeeIds", "topic"], Fields(new HuddleInput(null, null, null, null, null)));

    [Fact]
    public void Team_topic_and_attendees_are_checked()
    {
        Assert.Equal(["team.kind", "team.id"], Fields(Valid with { Team = new("Galaxy", " ") }));
        Assert.Equal(["attendeeIds[1]"], Fields(Valid with { AttendeeIds = ["mem_ana", ""] }));
        Assert.Equal(["topic.refId"], Fields(Valid with { Topic = new("Standard", null, "Greet") }));
        Assert.Equal(["topic.kind"], Fields(Valid with { Topic = new("Gossip", null, "Greet") }));
        Assert.Empty(Fields(Valid with { Topic = new("Other", null, "Our busiest weekend") }));
    }

    [Fact]
    public void A_huddle_is_recorded_once_held_and_at_most_60_days_back()
    {
        Assert.Equal(["heldAt"], Fields(Valid with { HeldAt = Now.AddHours(1) }));
        Assert.Equal(["heldAt"], Fields(Valid with { HeldAt = Now.AddDays(-61) }));
        Assert.Empty(Fields(Valid with { HeldAt = Now.AddDays(-59) }));
    }

    [Fact]
    public void Topics_rotate_through_pillars_standards_and_recognitions()
    {
        var topics = Enumerable.Range(0, 7).Select(n => HuddleRules.ProposeTopic(Pillars, Standards, Recognitions, n)!.RefId).ToList();

        Assert.Equal(["pil_a", "std_a", "rcg_1", "pil_b", "std_a", "rcg_1", "pil_a"], topics);
    }

    [Fact]
    public void Kinds_with_nothing_to_offer_are_skipped_and_nothing_proposes_nothing()
    {
        Assert.Equal(["pil_a", "pil_b", "pil_a"], Enumerable.Range(0, 3).Select(n => HuddleRules.ProposeTopic(Pillars, [], [], n)!.RefId));
        Assert.Null(HuddleRules.ProposeTopic([], [], [], 0));
    }

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(33, 50, false)]
    [InlineData(66, 100, true)]
    [InlineData(100, 100, true)]
    public void Habit_progress_counts_toward_66_repetitions(int repetitions, decimal percent, bool reached)
    {
        var habit = HuddleRules.Habit(repetitions);

        Assert.Equal(66, habit.Target);
        Assert.Equal(percent, habit.Percent);
        Assert.Equal(reached, habit.Reached);
    }

    [Fact]
    public void Weeks_are_iso_weeks()
    {
        Assert.Equal("2026-W48", HuddleRules.WeekOf(Now));
        Assert.Equal("2026-W53", HuddleRules.WeekOf(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }
}
