using ServiceVision.Domain.Members;
using ServiceVision.Domain.Plan;
using ServiceVision.Domain.Training;

namespace ServiceVision.Domain.Tests.Plan;

public sealed class AnnouncementRulesTests
{
    private static AnnouncementInput Valid(AnnouncementAudienceInput? audience = null) =>
        new("Our vision", "Read it.", null, ["email", "Huddle"], audience ?? new AnnouncementAudienceInput("Everyone", null), null, null);

    private static readonly RolloutCandidate[] Members =
    [
        new("mem_ana", "dep_front", MemberRole.Employee, "loc_harbour"),
        new("mem_ben", "dep_kitchen", MemberRole.Employee, "loc_airport"),
        new("mem_cleo", "dep_front", MemberRole.Leader, null),
    ];

    private static IReadOnlyList<string> Fields(AnnouncementInput input) => [.. AnnouncementRules.Validate(input).Errors.Select(e => e.Field)];

    [Fact]
    public void A_valid_announcement_gets_parsed_channels_and_default_reminders()
    {
        var (draft, errors) = AnnouncementRules.Validate(Valid());

        Assert.Empty(errors);
        Assert.Equal([AnnouncementChannel.Email, AnnouncementChannel.Huddle], draft!.Channels);
        Assert.Equal(AnnouncementRules.DefaultRemindEveryHours, draft.RemindEveryHours);
        Assert.Equal(AnnouncementRules.DefaultMaxReminders, draft.MaxReminders);
    }

    [Fact]
    public void Every_missing_field_is_named() =>
        Assert.Equal(["title", "message", "channels", "audience"], Fields(new AnnouncementInput(null, null, null, null, null, null, null)));

    [Fact]
    public void A_message_is_at_most_4000_characters()
    {
        Assert.Empty(Fields(Valid() with { Message = new string('a', 4_000) }));
        Assert.Equal(["message"], Fields(Valid() with { Message = new string('a', 4_001) }));
    }

    [Fact]
    public void Channels_come_from_the_fixed_set_and_are_named_by_position() =>
        Assert.Equal(["channels[1]"], Fields(Valid() with { Channels = ["Email", "Pigeon"] }));

    [Theory]
    [InlineData(0, null, "remindEveryHours")]
    [InlineData(337, null, "remindEveryHours")]
    [InlineData(null, -1, "maxReminders")]
    [InlineData(null, 11, "maxReminders")]
    public void Reminder_settings_are_bounded(int? every, int? max, string field) =>
        Assert.Equal([field], Fields(Valid() with { RemindEveryHours = every, MaxReminders = max }));

    [Fact]
    public void Audience_kinds_and_ids_are_checked()
    {
        Assert.Equal(["audience.kind"], Fields(Valid(new("Planets", ["x"]))));
        Assert.Equal(["audience.ids"], Fields(Valid(new("Everyone", ["x"]))));
        Assert.Equal(["audience.ids"], Fields(Valid(new("Departments", []))));
        Assert.Equal(["audience.ids[1]"], Fields(Valid(new("Roles", ["Leader", "Boss"]))));
        Assert.Equal(["visionVersion"], Fields(Valid() with { VisionVersion = 0 }));
    }

    [Fact]
    public void Audiences_resolve_to_members_of_departments_locations_or_roles()
    {
        var departments = new HashSet<string> { "dep_front", "dep_kitchen" };
        var locations = new HashSet<string> { "loc_harbour", "loc_airport" };

        Assert.Equal(["mem_ana", "mem_cleo"], AnnouncementRules.Resolve(AnnouncementAudienceKind.Departments, ["dep_front"], Members, departments, locations).MemberIds);
        Assert.Equal(["mem_ben"], AnnouncementRules.Resolve(AnnouncementAudienceKind.Locations, ["loc_airport"], Members, departments, locations).MemberIds);
        Assert.Equal(["mem_cleo"], AnnouncementRules.Resolve(AnnouncementAudienceKind.Roles, ["Leader"], Members, departments, locations).MemberIds);
        Assert.Equal(3, AnnouncementRules.Resolve(AnnouncementAudienceKind.Everyone, [], Members, departments, locations).MemberIds.Count);
    }

    [Fact]
    public void Unknown_ids_and_empty_audiences_are_errors()
    {
        var unknown = AnnouncementRules.Resolve(AnnouncementAudienceKind.Locations, ["loc_harbour", "loc_moon"], Members, new HashSet<string>(), new HashSet<string> { "loc_harbour" });
        var empty = AnnouncementRules.Resolve(AnnouncementAudienceKind.Roles, ["Owner"], Members, new HashSet<string>(), new HashSet<string>());

        Assert.Equal(["audience.ids[1]"], unknown.Errors.Select(e => e.Field));
        Assert.Equal(["audience"], empty.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(0, 3, 5, true)]
    [InlineData(2, 3, 5, true)]
    [InlineData(3, 3, 5, false)]
    [InlineData(0, 3, 0, false)]
    [InlineData(0, 0, 5, false)]
    public void A_reminder_round_goes_out_while_rounds_are_left_and_someone_has_not_acknowledged(int rounds, int max, int pending, bool expected) =>
        Assert.Equal(expected, AnnouncementRules.ShouldRemind(rounds, max, pending));
}
