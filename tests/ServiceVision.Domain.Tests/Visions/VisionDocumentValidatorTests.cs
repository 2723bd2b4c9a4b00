using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.Visions;

public sealed class VisionDocumentValidatorTests
{
    private static readonly VisionItem Pillar = new("p1", VisionItemKind.Pillar, null, "Personal touch", 0);
    private static readonly VisionItem SubPillar = new("sp1", VisionItemKind.SubPillar, "p1", "Use the guest's name", 0);
    private static readonly VisionItem Standard = new("s1", VisionItemKind.Standard, null, "Answer within three rings", 1);
    private static readonly VisionItem Never = new("n1", VisionItemKind.Never, null, "Say \"that's not my job\"", 2);
    private static readonly VisionItem Always = new("a1", VisionItemKind.Always, null, "Thank the guest", 3);

    [Fact]
    public void A_well_formed_vision_has_no_errors()
    {
        Assert.Empty(VisionDocumentValidator.Validate(Document(Pillar, SubPillar, Standard, Never, Always)));
    }

    [Fact]
    public void A_repeated_id_is_reported_on_the_later_item()
    {
        var errors = VisionDocumentValidator.Validate(Document(Pillar, Standard, Always with { Id = "s1" }));

        var error = Assert.Single(errors);
        Assert.Equal("items[2].id", error.Field);
        Assert.Contains("items[1]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_item_needs_an_id(string id)
    {
        var error = Assert.Single(VisionDocumentValidator.Validate(Document(Pillar, Standard with { Id = id })));

        Assert.Equal("items[1].id", error.Field);
    }

    [Fact]
    public void A_sub_pillar_must_name_a_parent()
    {
        var error = Assert.Single(VisionDocumentValidator.Validate(Document(Pillar, SubPillar with { ParentId = null })));

        Assert.Equal("items[1].parentId", error.Field);
    }

    [Fact]
    public void A_sub_pillars_parent_must_exist()
    {
        var error = Assert.Single(VisionDocumentValidator.Validate(Document(Pillar, SubPillar with { ParentId = "p9" })));

        Assert.Equal("items[1].parentId", error.Field);
        Assert.Contains("'p9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sub_pillars_parent_must_be_a_pillar()
    {
        var error = Assert.Single(VisionDocumentValidator.Validate(Document(Standard, SubPillar with { ParentId = "s1" })));

        Assert.Equal("items[1].parentId", error.Field);
        Assert.Contains("must be a pillar", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VisionItemKind.Pillar)]
    [InlineData(VisionItemKind.Standard)]
    [InlineData(VisionItemKind.Never)]
    [InlineData(VisionItemKind.Always)]
    public void Only_sub_pillars_have_a_parent(VisionItemKind kind)
    {
        var item = new VisionItem("x1", kind, "p1", "Some text", 5);

        var error = Assert.Single(VisionDocumentValidator.Validate(Document(Pillar, item)));

        Assert.Equal("items[1].parentId", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n ")]
    public void An_item_needs_text(string text)
    {
        var error = Assert.Single(VisionDocumentValidator.Validate(Document(Pillar with { Text = text })));

        Assert.Equal("items[0].text", error.Field);
    }

    [Fact]
    public void Item_text_may_be_500_characters_but_not_501()
    {
        Assert.Empty(VisionDocumentValidator.Validate(Document(Pillar with { Text = new string('a', 500) })));

        var error = Assert.Single(VisionDocumentValidator.Validate(Document(Pillar with { Text = new string('a', 501) })));
        Assert.Equal("items[0].text", error.Field);
        Assert.Contains("501", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vision_may_have_200_items_but_not_201()
    {
        static VisionItem[] Items(int count) =>
            [.. Enumerable.Range(0, count).Select(i => new VisionItem($"s{i}", VisionItemKind.Standard, null, "Answer every call", i))];

        Assert.Empty(VisionDocumentValidator.Validate(Document(Items(200))));

        var error = Assert.Single(VisionDocumentValidator.Validate(Document(Items(201))));
        Assert.Equal("items", error.Field);
    }

    [Fact]
    public void The_statement_may_be_1000_characters_but_not_1001()
    {
        Assert.Empty(VisionDocumentValidator.Validate(new VisionDocument(new string('a', 1000), [])));

        var error = Assert.Single(VisionDocumentValidator.Validate(new VisionDocument(new string('a', 1001), [])));
        Assert.Equal("statement", error.Field);
    }

    [Fact]
    public void An_unknown_kind_is_reported()
    {
        var error = Assert.Single(VisionDocumentValidator.Validate(Document(Pillar with { Kind = (VisionItemKind)42 })));

        Assert.Equal("items[0].kind", error.Field);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var errors = VisionDocumentValidator.Validate(Document(
            Pillar with { Text = "" },
            SubPillar with { Id = "", ParentId = "nope" }));

        Assert.Equal(["items[0].text", "items[1].id", "items[1].parentId"], errors.Select(e => e.Field));
    }

    private static VisionDocument Document(params VisionItem[] items) =>
        new("We greet every guest by name.", items);
}
