namespace ServiceVision.Domain.Visions;

/// <summary>
/// Structural rules of a vision document. Quality of the statement's wording is
/// <see cref="VisionQualityCheck"/>'s job, so an empty statement is valid here: a draft may
/// start with its pillars.
/// </summary>
public static class VisionDocumentValidator
{
    public const int MaxItems = 200;
    public const int MaxItemTextLength = 500;
    public const int MaxStatementLength = 1000;

    /// <summary>
    /// Returns every error (empty when valid), with fields such as <c>statement</c>, <c>items</c>,
    /// <c>items[3].id</c>, <c>items[3].kind</c>, <c>items[3].parentId</c>, <c>items[3].text</c>.
    /// Rules: statement at most <see cref="MaxStatementLength"/> characters; at most <see cref="MaxItems"/> items;
    /// ids non-empty and unique (ordinal); kind defined; text non-blank and at most <see cref="MaxItemTextLength"/>
    /// characters; a sub-pillar's parent is an existing pillar; no other kind has a parent.
    /// Lengths are in UTF-16 code units, as stored.
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(VisionDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new List<ValidationError>();

        // Deserialized input can carry nulls the types don't admit.
        var statement = document.Statement ?? string.Empty;
        if (statement.Length > MaxStatementLength)
        {
            errors.Add(new("statement", $"The statement is {statement.Length} characters; the limit is {MaxStatementLength}."));
        }

        var items = document.Items ?? [];
        if (items.Count > MaxItems)
        {
            errors.Add(new("items", $"The vision has {items.Count} items; the limit is {MaxItems}."));
        }

        var firstIndexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var id = items[i]?.Id;
            if (!string.IsNullOrWhiteSpace(id))
            {
                firstIndexById.TryAdd(id, i);
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var path = $"items[{i}]";
            if (item is null)
            {
                errors.Add(new(path, "An item is required."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Id))
            {
                errors.Add(new($"{path}.id", "An id is required."));
            }
            else if (firstIndexById[item.Id] != i)
            {
                errors.Add(new($"{path}.id", $"The id '{item.Id}' is already used by items[{firstIndexById[item.Id]}]."));
            }

            if (!Enum.IsDefined(item.Kind))
            {
                errors.Add(new($"{path}.kind", $"'{item.Kind}' is not a kind of item; use pillar, subPillar, standard, never or always."));
            }

            if (string.IsNullOrWhiteSpace(item.Text))
            {
                errors.Add(new($"{path}.text", "The text is required."));
            }
            else if (item.Text.Length > MaxItemTextLength)
            {
                errors.Add(new($"{path}.text", $"The text is {item.Text.Length} characters; the limit is {MaxItemTextLength}."));
            }

            var parentError = CheckParent(item, items, firstIndexById);
            if (parentError is not null)
            {
                errors.Add(new($"{path}.parentId", parentError));
            }
        }

        return errors;
    }

    private static string? CheckParent(VisionItem item, IReadOnlyList<VisionItem> items, Dictionary<string, int> firstIndexById)
    {
        if (item.Kind != VisionItemKind.SubPillar)
        {
            return item.ParentId is null ? null : $"Only a sub-pillar has a parent; remove the parent of this {Describe(item.Kind)}.";
        }

        if (string.IsNullOrWhiteSpace(item.ParentId))
        {
            return "A sub-pillar needs the id of its parent pillar.";
        }

        if (!firstIndexById.TryGetValue(item.ParentId, out var parentIndex))
        {
            return $"There is no item with id '{item.ParentId}'.";
        }

        var parent = items[parentIndex];
        return parent.Kind == VisionItemKind.Pillar
            ? null
            : $"'{item.ParentId}' is a {Describe(parent.Kind)}; a sub-pillar's parent must be a pillar.";
    }

    private static string Describe(VisionItemKind kind) => kind switch
    {
        VisionItemKind.Pillar => "pillar",
        VisionItemKind.SubPillar => "sub-pillar",
        VisionItemKind.Standard => "standard",
        VisionItemKind.Never => "never item",
        VisionItemKind.Always => "always item",
        _ => "item",
    };
}
