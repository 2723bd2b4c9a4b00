using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.ServiceDesign;

public sealed class JourneyRulesTests
{
    private static readonly Dictionary<string, VisionItemKind> Published = new()
    {
        ["p1"] = VisionItemKind.Pillar,
        ["sp1"] = VisionItemKind.SubPillar,
        ["s1"] = VisionItemKind.Standard,
        ["n1"] = VisionItemKind.Never,
        ["a1"] = VisionItemKind.Always,
    };

    private static readonly JourneyContext NewJourney = new(new HashSet<string>(), Published, new HashSet<string> { "dep_bar", "dep_kitchen" });

    private static TouchpointInput Touchpoint(string? id = null, string? channel = "InPerson", IReadOnlyList<string?>? standards = null, IReadOnlyList<AffectedByInput?>? affectedBy = null) =>
        new(id, "Order at the counter", channel, 0, affectedBy ?? [new("dep_bar", "barista")], standards ?? ["s1", "n1", "a1"]);

    private static IReadOnlyList<ValidationError> Validate(params TouchpointInput?[] touchpoints) =>
        JourneyRules.Validate(new JourneyInput("Morning coffee", null, touchpoints), NewJourney);

    [Fact]
    public void A_journey_linking_standards_never_and_always_is_valid()
    {
        Assert.Empty(Validate(Touchpoint(), Touchpoint(channel: "web", affectedBy: [new(null, "web team")])));
    }

    [Fact]
    public void Normalizing_trims_and_parses_the_channel_case_insensitively()
    {
        var journey = JourneyRules.Normalize(new JourneyInput(" Morning ", "  ", [Touchpoint(channel: "inperson") with { Name = " Counter " }]));

        Assert.Equal("Morning", journey.Name);
        Assert.Null(journey.Description);
        var touchpoint = Assert.Single(journey.Touchpoints);
        Assert.Equal(("Counter", TouchpointChannel.InPerson), (touchpoint.Name, touchpoint.Channel));
        Assert.Null(touchpoint.Id);
    }

    [Theory]
    [InlineData("p1", "a Pillar")]
    [InlineData("sp1", "a SubPillar")]
    [InlineData("unknown", "not an item")]
    public void Linking_a_pillar_or_an_unknown_item_is_an_error_on_that_id(string itemId, string expected)
    {
        var error = Assert.Single(Validate(Touchpoint(), Touchpoint(standards: ["s1", itemId])));

        Assert.Equal("touchpoints[1].standardItemIds[1]", error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_nothing_published_any_item_id_is_an_error()
    {
        var context = NewJourney with { PublishedItems = null };

        var errors = JourneyRules.Validate(new JourneyInput("J", null, [Touchpoint(standards: ["s1"])]), context);

        Assert.Equal("touchpoints[0].standardItemIds[0]", Assert.Single(errors).Field);
        Assert.Empty(JourneyRules.Validate(new JourneyInput("J", null, [Touchpoint(standards: [])]), context));
    }

    [Fact]
    public void An_item_listed_twice_on_a_touchpoint_is_an_error()
    {
        Assert.Equal("touchpoints[0].standardItemIds[2]", Assert.Single(Validate(Touchpoint(standards: ["s1", "n1", "s1"]))).Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Fax")]
    [InlineData("3")]
    public void A_missing_or_unknown_channel_is_an_error_on_channel(string? channel)
    {
        Assert.Equal("touchpoints[0].channel", Assert.Single(Validate(Touchpoint(channel: channel))).Field);
    }

    [Fact]
    public void Order_is_required_and_not_negative()
    {
        var errors = Validate(Touchpoint() with { Order = null }, Touchpoint() with { Order = -1 });

        Assert.Equal(["touchpoints[0].order", "touchpoints[1].order"], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_touchpoint_id_must_be_one_of_the_journey_and_used_once()
    {
        var context = NewJourney with { ExistingTouchpointIds = new HashSet<string> { "tp_1" } };

        var errors = JourneyRules.Validate(new JourneyInput("J", null, [Touchpoint(id: "tp_1"), Touchpoint(id: "tp_2"), Touchpoint(id: "tp_1")]), context);

        Assert.Equal(["touchpoints[1].id", "touchpoints[2].id"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Affected_by_names_a_role_and_optionally_a_department_of_the_organization()
    {
        var errors = Validate(Touchpoint(affectedBy: [new("dep_bar", null), new("dep_unknown", "barista"), new("dep bar", "barista"), new(null, "manager")]));

        Assert.Equal(["touchpoints[0].affectedBy[0].role", "touchpoints[0].affectedBy[1].departmentId", "touchpoints[0].affectedBy[2].departmentId"], errors.Select(e => e.Field));
    }

    [Fact]
    public void When_departments_cannot_be_checked_only_their_format_is()
    {
        var context = NewJourney with { Departments = null };

        Assert.Empty(JourneyRules.Validate(new JourneyInput("J", null, [Touchpoint(affectedBy: [new("dep_anything", "barista")])]), context));
    }

    [Fact]
    public void The_same_department_and_role_twice_is_an_error()
    {
        Assert.Equal("touchpoints[0].affectedBy[1]", Assert.Single(Validate(Touchpoint(affectedBy: [new("dep_bar", "Barista"), new("dep_bar", "barista ")]))).Field);
    }

    [Fact]
    public void Limits_are_50_touchpoints_20_affected_by_and_50_items()
    {
        var many = Enumerable.Range(0, 51).Select(_ => (TouchpointInput?)Touchpoint()).ToArray();
        var roles = Enumerable.Range(0, 21).Select(i => (AffectedByInput?)new AffectedByInput(null, $"role {i}")).ToList();
        var items = Enumerable.Range(0, 51).Select(_ => (string?)"s1").ToList();

        Assert.Equal("touchpoints", Assert.Single(Validate(many)).Field);
        Assert.Empty(Validate(many[..50]));
        Assert.Equal("touchpoints[0].affectedBy", Assert.Single(Validate(Touchpoint(affectedBy: roles))).Field);
        Assert.Empty(Validate(Touchpoint(affectedBy: roles[..20])));
        Assert.Equal("touchpoints[0].standardItemIds", Assert.Single(Validate(Touchpoint(standards: items))).Field);
    }

    [Fact]
    public void The_journey_needs_a_name_and_a_short_enough_description()
    {
        var errors = JourneyRules.Validate(new JourneyInput(null, new string('d', 2001), null), NewJourney);

        Assert.Equal(["name", "description"], errors.Select(e => e.Field));
    }
}
