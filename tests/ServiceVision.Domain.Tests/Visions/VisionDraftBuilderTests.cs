using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.Visions;

public sealed class VisionDraftBuilderTests
{
    private static readonly VisionItemInput Pillar = new("p1", "Pillar", null, "Personal touch", 0);
    private static readonly VisionItemInput SubPillar = new("sp1", "SubPillar", "p1", "Use the guest's name", 0);
    private static readonly VisionItemInput Never = new(null, "Never", null, "Say \"that's not my job\"", 1);

    [Fact]
    public void Items_without_an_id_get_a_fresh_one_and_given_ids_are_kept()
    {
        var result = Build([Pillar, SubPillar, Never]);

        Assert.Empty(result.Errors);
        Assert.Equal(["p1", "sp1", "new-1"], result.Document.Items.Select(i => i.Id));
        Assert.Equal(VisionItemKind.Never, result.Document.Items[2].Kind);
    }

    [Fact]
    public void Statement_and_texts_are_trimmed_and_a_missing_order_is_the_position()
    {
        var result = VisionDraftBuilder.Build("  We greet every guest by name.  ", [Pillar with { Text = "  Personal touch \n", Order = null }, Never with { Order = null }], ItemIdScope.Empty, NewIds());

        Assert.Empty(result.Errors);
        Assert.Equal("We greet every guest by name.", result.Document.Statement);
        Assert.Equal("Personal touch", result.Document.Items[0].Text);
        Assert.Equal([0, 1], result.Document.Items.Select(i => i.Order));
    }

    [Theory]
    [InlineData("pillar", VisionItemKind.Pillar)]
    [InlineData("SUBPILLAR", VisionItemKind.SubPillar)]
    [InlineData(" Always ", VisionItemKind.Always)]
    public void Kinds_are_names_in_any_case(string name, VisionItemKind expected)
    {
        Assert.Equal(expected, VisionDraftBuilder.ParseKind(name, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("Pillar, Standard")]
    [InlineData("Mission")]
    public void Anything_else_is_not_a_kind(string? name)
    {
        VisionDraftBuilder.ParseKind(name, out var error);

        Assert.NotNull(error);
    }

    [Fact]
    public void A_wrong_kind_is_reported_on_its_item_without_a_second_error_about_its_parent()
    {
        var result = Build([Pillar, SubPillar with { Kind = "Subpilar" }]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("items[1].kind", error.Field);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(VisionDraftBuilder.MaxOrder + 1)]
    public void An_order_out_of_range_is_reported(int order)
    {
        var error = Assert.Single(Build([Pillar with { Order = order }]).Errors);

        Assert.Equal("items[0].order", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ümlaut")]
    [InlineData("a/b")]
    public void A_given_id_must_be_plain(string id)
    {
        var error = Assert.Single(Build([Pillar, Never with { Id = id }]).Errors);

        Assert.Equal("items[1].id", error.Field);
    }

    [Fact]
    public void An_id_longer_than_the_limit_is_refused()
    {
        var error = Assert.Single(Build([Pillar with { Id = new string('a', VisionDraftBuilder.MaxIdLength + 1), }]).Errors);

        Assert.Equal("items[0].id", error.Field);
    }

    [Fact]
    public void An_id_of_another_published_item_is_refused_but_one_of_the_based_on_version_is_kept()
    {
        var ids = new ItemIdScope(Set("p1"), Set("p1", "old"), BasedOnVersion: 2);

        var result = VisionDraftBuilder.Build("", [Pillar, Never with { Id = "old" }, Never with { Id = "brand-new", Order = 2 }], ids, NewIds());

        var error = Assert.Single(result.Errors);
        Assert.Equal("items[1].id", error.Field);
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_new_id_is_reported_by_the_document_rules()
    {
        var error = Assert.Single(Build([Pillar, Never with { Id = "p1" }]).Errors);

        Assert.Equal("items[1].id", error.Field);
    }

    [Fact]
    public void A_sub_pillar_can_not_name_a_new_parent_whose_id_it_could_not_know()
    {
        var error = Assert.Single(Build([Pillar with { Id = null }, SubPillar]).Errors);

        Assert.Equal("items[1].parentId", error.Field);
    }

    [Fact]
    public void Missing_texts_and_items_are_named()
    {
        var result = Build([Pillar with { Text = null }, null]);

        Assert.Equal(["items[0].text", "items[1]"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Too_many_items_is_one_error_and_assigns_no_ids()
    {
        var assigned = 0;

        var result = VisionDraftBuilder.Build("", [.. Enumerable.Repeat(Never, VisionDocumentValidator.MaxItems + 1)], ItemIdScope.Empty, () => $"x{++assigned}");

        Assert.Equal("items", Assert.Single(result.Errors).Field);
        Assert.Equal(0, assigned);
    }

    [Fact]
    public void A_statement_over_the_limit_is_reported()
    {
        var result = VisionDraftBuilder.Build(new string('a', VisionDocumentValidator.MaxStatementLength + 1), [], ItemIdScope.Empty, NewIds());

        Assert.Equal("statement", Assert.Single(result.Errors).Field);
    }

    private static DraftBuildResult Build(IReadOnlyList<VisionItemInput?> items) =>
        VisionDraftBuilder.Build("We greet every guest by name.", items, ItemIdScope.Empty, NewIds());

    private static Func<string> NewIds()
    {
        var n = 0;
        return () => $"new-{++n}";
    }

    private static HashSet<string> Set(params string[] ids) => new(ids, StringComparer.Ordinal);
}
