using ServiceVision.Domain.Training;

namespace ServiceVision.Domain.Tests.Training;

public sealed class RolloutRulesTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static RolloutStartInput Valid(RolloutAudienceInput? audience = null) =>
        new("Our vision, every shift", null, Now.AddDays(14), audience ?? new RolloutAudienceInput("Everyone", null));

    private static IEnumerable<string> Fields(RolloutStartInput input) => RolloutRules.ValidateStart(input, Now).Select(e => e.Field);

    [Fact]
    public void A_rollout_to_everyone_with_a_title_and_a_due_date_is_valid() => Assert.Empty(Fields(Valid()));

    [Fact]
    public void Every_missing_field_is_named() =>
        Assert.Equal(["title", "dueAt", "audience"], Fields(new RolloutStartInput(null, null, null, null)));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Tab\there")]
    public void A_blank_title_or_one_with_control_characters_is_refused(string title) =>
        Assert.Equal(["title"], Fields(Valid() with { Title = title }));

    [Fact]
    public void A_title_has_at_most_200_characters()
    {
        Assert.Empty(Fields(Valid() with { Title = new string('t', RolloutRules.MaxTitleLength) }));
        Assert.Equal(["title"], Fields(Valid() with { Title = new string('t', RolloutRules.MaxTitleLength + 1) }));
    }

    [Theory]
    [InlineData("vision", true)]
    [InlineData("safety-101", true)]
    [InlineData("", false)]
    [InlineData("Vision", false)]
    [InlineData("-vision", false)]
    [InlineData("vision course", false)]
    public void A_course_id_is_lower_case_letters_digits_and_hyphens(string courseId, bool valid) =>
        Assert.Equal(valid ? [] : ["courseId"], Fields(Valid() with { CourseId = courseId }));

    [Fact]
    public void Without_a_course_id_the_rollout_is_of_the_vision_course()
    {
        Assert.Equal(RolloutRules.VisionCourseId, RolloutRules.CourseOf(Valid()));
        Assert.Equal("safety-101", RolloutRules.CourseOf(Valid() with { CourseId = "safety-101" }));
    }

    [Fact]
    public void The_due_date_is_in_the_future_and_at_most_a_year_ahead()
    {
        Assert.Equal(["dueAt"], Fields(Valid() with { DueAt = Now }));
        Assert.Equal(["dueAt"], Fields(Valid() with { DueAt = Now.AddDays(-1) }));
        Assert.Empty(Fields(Valid() with { DueAt = Now.AddMinutes(1) }));
        Assert.Empty(Fields(Valid() with { DueAt = Now + RolloutRules.MaxDueIn }));
        Assert.Equal(["dueAt"], Fields(Valid() with { DueAt = Now + RolloutRules.MaxDueIn + TimeSpan.FromSeconds(1) }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Everybody")]
    [InlineData("1")]
    public void An_unknown_audience_kind_is_refused(string? kind) =>
        Assert.Equal(["audience.kind"], Fields(Valid(new RolloutAudienceInput(kind, ["x"]))));

    [Fact]
    public void Locations_are_an_audience_of_location_ids_once_each()
    {
        var audience = new RolloutAudienceInput(" locations ", ["loc_1", "loc_2", "loc_1"]);

        Assert.Empty(Fields(Valid(audience)));
        Assert.Equal(["loc_1", "loc_2"], RolloutRules.IdsOf(audience));
    }

    [Fact]
    public void A_locations_audience_names_at_least_one_location_and_each_id_must_look_like_one()
    {
        Assert.Equal(["audience.ids"], Fields(Valid(new RolloutAudienceInput("Locations", []))));
        Assert.Equal(["audience.ids"], Fields(Valid(new RolloutAudienceInput("Locations", null))));
        Assert.Equal(["audience.ids[1]", "audience.ids[2]"], Fields(Valid(new RolloutAudienceInput("Locations", ["loc_1", " ", null]))));
    }

    [Theory]
    [InlineData("everyone")]
    [InlineData(" DEPARTMENTS ")]
    public void Audience_kinds_are_read_in_any_case(string kind) => Assert.True(RolloutRules.TryParseAudienceKind(kind, out _));

    [Fact]
    public void An_audience_of_everyone_takes_no_ids() =>
        Assert.Equal(["audience.ids"], Fields(Valid(new RolloutAudienceInput("Everyone", ["mem_1"]))));

    [Theory]
    [InlineData("Departments")]
    [InlineData("Roles")]
    [InlineData("Members")]
    public void Other_audiences_need_at_least_one_id(string kind)
    {
        Assert.Equal(["audience.ids"], Fields(Valid(new RolloutAudienceInput(kind, null))));
        Assert.Equal(["audience.ids"], Fields(Valid(new RolloutAudienceInput(kind, []))));
    }

    [Fact]
    public void Each_bad_id_is_named_by_its_position()
    {
        var audience = new RolloutAudienceInput("Members", ["mem_1", "", null, new string('m', 101), "mem_2"]);

        Assert.Equal(["audience.ids[1]", "audience.ids[2]", "audience.ids[3]"], Fields(Valid(audience)));
    }

    [Fact]
    public void Role_ids_are_role_names()
    {
        Assert.Empty(Fields(Valid(new RolloutAudienceInput("Roles", ["Employee", "leader"]))));
        Assert.Equal(["audience.ids[1]"], Fields(Valid(new RolloutAudienceInput("Roles", ["Employee", "Manager"]))));
    }

    [Fact]
    public void At_most_10000_ids()
    {
        var ids = Enumerable.Range(0, RolloutRules.MaxAudienceIds + 1).Select(i => (string?)$"mem_{i}").ToList();

        Assert.Equal(["audience.ids"], Fields(Valid(new RolloutAudienceInput("Members", ids))));
        Assert.Empty(Fields(Valid(new RolloutAudienceInput("Members", ids.Take(RolloutRules.MaxAudienceIds).ToList()))));
    }

    [Fact]
    public void Ids_are_kept_once_each_in_the_order_sent_and_roles_are_spelled_as_roles()
    {
        Assert.Equal(["mem_b", "mem_a"], RolloutRules.IdsOf(new RolloutAudienceInput("Members", ["mem_b", "mem_a", "mem_b"])));
        Assert.Equal(["Leader", "Owner"], RolloutRules.IdsOf(new RolloutAudienceInput("roles", ["leader", "OWNER", "Leader"])));
        Assert.Empty(RolloutRules.IdsOf(new RolloutAudienceInput("Everyone", null)));
    }
}
