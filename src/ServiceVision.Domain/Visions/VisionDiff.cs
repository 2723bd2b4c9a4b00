namespace ServiceVision.Domain.Visions;

/// <summary>Which parts of an item changed between two versions.</summary>
[Flags]
public enum VisionItemFields
{
    None = 0,
    Kind = 1,
    Text = 2,
    Parent = 4,
    Order = 8,
}

/// <summary>An item present in both versions whose <see cref="Fields"/> differ; <see cref="Previous"/> and <see cref="Next"/> hold the old and new values.</summary>
public sealed record VisionItemChange(string Id, VisionItemFields Fields, VisionItem Previous, VisionItem Next);

/// <summary>What changed from one version of a vision to the next, with items matched by id.</summary>
/// <param name="Added">In the next version's order.</param>
/// <param name="Changed">In the next version's order.</param>
/// <param name="Removed">In the previous version's order.</param>
public sealed record VisionChanges(
    bool StatementChanged,
    IReadOnlyList<VisionItem> Added,
    IReadOnlyList<VisionItemChange> Changed,
    IReadOnlyList<VisionItem> Removed)
{
    public bool HasChanges => StatementChanged || Added.Count > 0 || Changed.Count > 0 || Removed.Count > 0;
}

public static class VisionDiff
{
    /// <summary>
    /// Compares two versions item by item, matching on <see cref="VisionItem.Id"/> (ordinal), so
    /// an edited or moved item is a change, not a removal plus an addition. Text and statement
    /// comparisons are exact. Documents should pass <see cref="VisionDocumentValidator"/>; if an
    /// id repeats anyway, its first occurrence is used.
    /// </summary>
    public static VisionChanges Compare(VisionDocument previous, VisionDocument next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);

        var before = ById(previous.Items);
        var after = ById(next.Items);

        var added = new List<VisionItem>();
        var changed = new List<VisionItemChange>();
        foreach (var item in after.Values.OrderBy(i => i.Position).Select(i => i.Item))
        {
            if (!before.TryGetValue(item.Id, out var old))
            {
                added.Add(item);
                continue;
            }

            var fields = FieldsThatDiffer(old.Item, item);
            if (fields != VisionItemFields.None)
            {
                changed.Add(new VisionItemChange(item.Id, fields, old.Item, item));
            }
        }

        var removed = before.Values
            .Where(i => !after.ContainsKey(i.Item.Id))
            .OrderBy(i => i.Position)
            .Select(i => i.Item)
            .ToList();

        return new VisionChanges(!string.Equals(previous.Statement, next.Statement, StringComparison.Ordinal), added, changed, removed);
    }

    private static Dictionary<string, (VisionItem Item, int Position)> ById(IReadOnlyList<VisionItem> items)
    {
        var byId = new Dictionary<string, (VisionItem Item, int Position)>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            byId.TryAdd(items[i].Id, (items[i], i));
        }

        return byId;
    }

    private static VisionItemFields FieldsThatDiffer(VisionItem old, VisionItem now)
    {
        var fields = VisionItemFields.None;
        if (old.Kind != now.Kind)
        {
            fields |= VisionItemFields.Kind;
        }

        if (!string.Equals(old.Text, now.Text, StringComparison.Ordinal))
        {
            fields |= VisionItemFields.Text;
        }

        if (!string.Equals(old.ParentId, now.ParentId, StringComparison.Ordinal))
        {
            fields |= VisionItemFields.Parent;
        }

        if (old.Order != now.Order)
        {
            fields |= VisionItemFields.Order;
        }

        return fields;
    }
}
