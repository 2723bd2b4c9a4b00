using ServiceVision.Domain.Visions;
using Xunit;

namespace ServiceVision.Domain.Tests.Visions;

public sealed class VisionDiffTests
{
    private static readonly VisionItem Personal = new("p1", VisionItemKind.Pillar, null, "Personal touch", 0);
    private static readonly VisionItem AboveAndBeyond = new("p2", VisionItemKind.Pillar, null, "Above and beyond", 1);
    private static readonly VisionItem UseName = new("sp1", VisionItemKind.SubPillar, "p1", "Use the guest's name", 0);
    private static readonly VisionItem ThreeRings = new("s1", VisionItemKind.Standard, null, "Answer within three rings", 2);

    private static readonly VisionDocument Previous =
        new("We greet every guest by name.", [Personal, AboveAndBeyond, UseName, ThreeRings]);

    [Fact]
    public void Identical_versions_have_no_changes()
    {
        var changes = VisionDiff.Compare(Previous, Previous with { Items = [.. Previous.Items] });

        Assert.False(changes.HasChanges);
        Assert.False(changes.StatementChanged);
        Assert.Empty(changes.Added);
        Assert.Empty(changes.Changed);
        Assert.Empty(changes.Removed);
    }

    [Fact]
    public void An_edited_statement_is_reported()
    {
        var changes = VisionDiff.Compare(Previous, Previous with { Statement = "We greet every guest by name, every time." });

        Assert.True(changes.StatementChanged);
        Assert.True(changes.HasChanges);
    }

    [Fact]
    public void New_items_are_added_and_missing_ones_removed()
    {
        var newcomer = new VisionItem("a1", VisionItemKind.Always, null, "Thank the guest", 3);

        var changes = VisionDiff.Compare(Previous, Previous with { Items = [Personal, UseName, ThreeRings, newcomer] });

        Assert.Equal([newcomer], changes.Added);
        Assert.Equal([AboveAndBeyond], changes.Removed);
        Assert.Empty(changes.Changed);
    }

    [Fact]
    public void Reworded_text_is_a_change_with_the_old_and_new_text()
    {
        var reworded = ThreeRings with { Text = "Answer within two rings" };

        var changes = VisionDiff.Compare(Previous, Previous with { Items = [Personal, AboveAndBeyond, UseName, reworded] });

        var change = Assert.Single(changes.Changed);
        Assert.Equal("s1", change.Id);
        Assert.Equal(VisionItemFields.Text, change.Fields);
        Assert.Equal("Answer within three rings", change.Previous.Text);
        Assert.Equal("Answer within two rings", change.Next.Text);
    }

    [Fact]
    public void Moving_a_sub_pillar_to_another_pillar_changes_its_parent_and_order_but_not_its_text()
    {
        var moved = UseName with { ParentId = "p2", Order = 4 };

        var changes = VisionDiff.Compare(Previous, Previous with { Items = [Personal, AboveAndBeyond, moved, ThreeRings] });

        var change = Assert.Single(changes.Changed);
        Assert.Equal(VisionItemFields.Parent | VisionItemFields.Order, change.Fields);
        Assert.Equal("p1", change.Previous.ParentId);
        Assert.Equal("p2", change.Next.ParentId);
    }

    [Fact]
    public void Items_are_matched_by_id_not_by_position_in_the_list()
    {
        var changes = VisionDiff.Compare(Previous, Previous with { Items = [ThreeRings, UseName, AboveAndBeyond, Personal] });

        Assert.False(changes.HasChanges);
    }

    [Fact]
    public void Turning_a_standard_into_a_pillar_is_a_kind_change()
    {
        var promoted = ThreeRings with { Kind = VisionItemKind.Pillar };

        var changes = VisionDiff.Compare(Previous, Previous with { Items = [Personal, AboveAndBeyond, UseName, promoted] });

        Assert.Equal(VisionItemFields.Kind, Assert.Single(changes.Changed).Fields);
    }
}
