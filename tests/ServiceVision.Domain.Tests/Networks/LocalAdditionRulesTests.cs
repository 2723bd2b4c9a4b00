using ServiceVision.Domain.Networks;
using ServiceVision.Domain.Visions;

namespace ServiceVision.Domain.Tests.Networks;

public sealed class LocalAdditionRulesTests
{
    private static readonly IReadOnlyList<VisionItem> Core =
    [
        new("p-personal", VisionItemKind.Pillar, null, "Personal touch", 0),
        new("sp-name", VisionItemKind.SubPillar, "p-personal", "Use the guest's name", 0),
        new("s-phone", VisionItemKind.Standard, null, "Answer within three rings", 1),
        new("n-job", VisionItemKind.Never, null, "Say that's not my job", 2),
    ];

    private static IEnumerable<string> Fields(string? kind, string? pillarId, string? text) =>
        LocalAdditionRules.Validate(kind, pillarId, text, out _).Select(e => e.Field);

    [Theory]
    [InlineData("PillarExample", "p-personal", LocalItemKind.PillarExample)]
    [InlineData("standard", "p-personal", LocalItemKind.Standard)]
    [InlineData(" NEVER ", null, LocalItemKind.Never)]
    [InlineData("Always", "", LocalItemKind.Always)]
    public void A_kind_name_in_any_case_with_its_pillar_when_it_needs_one_is_valid(string kind, string? pillarId, LocalItemKind expected)
    {
        Assert.Empty(LocalAdditionRules.Validate(kind, pillarId, "Offer the local paper", out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("Pillar")]
    [InlineData("SubPillar")]
    [InlineData("0")]
    [InlineData("1")]
    public void A_missing_core_only_or_numeric_kind_is_refused(string? kind) => Assert.Equal(["kind"], Fields(kind, null, "Text"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Line\nbreak")]
    [InlineData("Nul\u0000")]
    public void A_missing_blank_or_control_character_text_is_refused(string? text) => Assert.Equal(["text"], Fields("Never", null, text));

    [Fact]
    public void Text_has_the_core_item_text_limit_once_trimmed()
    {
        Assert.Equal(VisionDocumentValidator.MaxItemTextLength, LocalAdditionRules.MaxTextLength);
        Assert.Empty(Fields("Never", null, "  " + new string('t', LocalAdditionRules.MaxTextLength) + "  "));
        Assert.Equal(["text"], Fields("Never", null, new string('t', LocalAdditionRules.MaxTextLength + 1)));
    }

    [Theory]
    [InlineData("PillarExample", null)]
    [InlineData("Standard", "  ")]
    [InlineData("Standard", "not an id!")]
    [InlineData("Never", "p-personal")]
    [InlineData("Always", "p-personal")]
    public void A_pillar_is_required_for_examples_and_standards_and_refused_for_never_and_always(string kind, string? pillarId) =>
        Assert.Equal(["pillarId"], Fields(kind, pillarId, "Text"));

    [Fact]
    public void Every_invalid_field_is_named_at_once() =>
        Assert.Equal(["kind", "text"], Fields("Slogan", "p-personal", ""));

    [Theory]
    [InlineData("p-personal")]
    [InlineData("sp-name")]
    public void An_example_may_belong_to_a_pillar_or_sub_pillar_of_the_offered_core(string pillarId) =>
        Assert.Null(LocalAdditionRules.CheckPillar(LocalItemKind.PillarExample, pillarId, Core));

    [Theory]
    [InlineData("s-phone")]
    [InlineData("n-job")]
    [InlineData("p-gone")]
    public void A_standard_under_a_core_item_that_is_no_pillar_or_no_item_is_refused_on_pillar_id(string pillarId) =>
        Assert.Equal("pillarId", LocalAdditionRules.CheckPillar(LocalItemKind.Standard, pillarId, Core)?.Field);

    [Fact]
    public void Without_an_offered_core_there_is_no_pillar_to_add_to_but_never_and_always_items_are_fine()
    {
        Assert.Equal("pillarId", LocalAdditionRules.CheckPillar(LocalItemKind.PillarExample, "p-personal", null)?.Field);
        Assert.Null(LocalAdditionRules.CheckPillar(LocalItemKind.Never, null, null));
    }

    [Fact]
    public void Items_whose_pillar_the_offered_core_no_longer_has_are_orphaned_and_the_others_are_not()
    {
        var kept = new LocalItem("lci_1", LocalItemKind.PillarExample, "p-personal", "Local paper");
        var lost = new LocalItem("lci_2", LocalItemKind.Standard, "p-speed", "Coffee in two minutes");
        var free = new LocalItem("lci_3", LocalItemKind.Always, null, "Say goodbye");

        Assert.Equal([lost], LocalAdditionRules.Orphans([kept, lost, free], Core));
        Assert.False(LocalAdditionRules.IsOrphaned(free, null));
    }

    [Fact]
    public void A_pillar_that_became_a_standard_orphans_its_examples()
    {
        var example = new LocalItem("lci_1", LocalItemKind.PillarExample, "p-personal", "Local paper");
        IReadOnlyList<VisionItem> next = [new("p-personal", VisionItemKind.Standard, null, "Personal touch", 0)];

        Assert.True(LocalAdditionRules.IsOrphaned(example, next));
    }

    [Fact]
    public void An_id_of_any_given_core_version_is_a_core_item()
    {
        IReadOnlyList<VisionItem> older = [new("p-old", VisionItemKind.Pillar, null, "Old", 0)];

        Assert.True(LocalAdditionRules.IsCoreItem("s-phone", Core, null));
        Assert.True(LocalAdditionRules.IsCoreItem("p-old", Core, older));
        Assert.False(LocalAdditionRules.IsCoreItem("lci_1", Core, older));
        Assert.False(LocalAdditionRules.IsCoreItem("S-PHONE", Core));
    }

    [Fact]
    public void A_location_holds_at_most_fifty_local_items()
    {
        Assert.True(LocalAdditionRules.HasRoom(LocalAdditionRules.MaxLocalItems - 1));
        Assert.False(LocalAdditionRules.HasRoom(LocalAdditionRules.MaxLocalItems));
        Assert.Equal(50, LocalAdditionRules.MaxLocalItems);
    }
}
