namespace ServiceVision.Domain.Visions;

/// <summary>An item as a client sends it: any field may be missing or wrong.</summary>
/// <param name="Id">Null for a new item (it gets a fresh id); otherwise an id the draft may use (see <see cref="ItemIdScope"/>).</param>
/// <param name="Kind">The name of a <see cref="VisionItemKind"/>, case-insensitive.</param>
/// <param name="Order">Sorts siblings; when missing, the item's position in the list.</param>
public sealed record VisionItemInput(string? Id, string? Kind, string? ParentId, string? Text, int? Order);

/// <summary>
/// Which item ids a draft may carry. An id keeps its identity across versions, so a draft may
/// reuse only ids of what it builds on (<see cref="Kept"/>: the items of its based-on version and
/// of the draft itself); an id that ever belonged to another published item is
/// <see cref="Reserved"/>, because reusing it would make the history claim two different items
/// are one. Any other id is new.
/// </summary>
public sealed record ItemIdScope(IReadOnlySet<string> Kept, IReadOnlySet<string> Reserved, int? BasedOnVersion)
{
    public static ItemIdScope Empty { get; } = new(new HashSet<string>(), new HashSet<string>(), null);
}

/// <summary>The document a request describes, and everything wrong with it (empty when it may be stored).</summary>
public sealed record DraftBuildResult(VisionDocument Document, IReadOnlyList<ValidationError> Errors);

/// <summary>Turns the items of a draft request into a vision document with stable ids, validated.</summary>
public static class VisionDraftBuilder
{
    /// <summary>Client-chosen ids are short, so they fit in URLs and messages.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Orders are sort keys among at most <see cref="VisionDocumentValidator.MaxItems"/> items; this leaves room for gaps.</summary>
    public const int MaxOrder = 100_000;

    /// <summary>
    /// Builds the document: texts and the statement are trimmed; an item without an id gets
    /// <paramref name="newId"/>(); an item without an order gets its position. Then every rule of
    /// <see cref="VisionDocumentValidator"/> applies, plus: kind is one of the kind names; order
    /// is 0..<see cref="MaxOrder"/>; a given id is 1..<see cref="MaxIdLength"/> letters, digits, '-', '_' or '.', and is
    /// either kept or not reserved (<see cref="ItemIdScope"/>). Fields are named as in the request (<c>items[3].kind</c>).
    /// </summary>
    public static DraftBuildResult Build(string statement, IReadOnlyList<VisionItemInput?> items, ItemIdScope ids, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(newId);

        var trimmed = statement.Trim();
        if (items.Count > VisionDocumentValidator.MaxItems)
        {
            // Don't spend work (or fresh ids) on a request that is refused anyway.
            return new DraftBuildResult(
                new VisionDocument(trimmed, []),
                [new ValidationError("items", $"The vision has {items.Count} items; the limit is {VisionDocumentValidator.MaxItems}.")]);
        }

        var errors = new List<ValidationError>();
        var badKinds = new HashSet<int>();
        var built = new List<VisionItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var input = items[i];
            if (input is null)
            {
                // The validator reports the missing item.
                built.Add(null!);
                continue;
            }

            var path = $"items[{i}]";
            var kind = ParseKind(input.Kind, out var kindError);
            if (kindError is not null)
            {
                errors.Add(new($"{path}.kind", kindError));
                badKinds.Add(i);
            }

            var order = input.Order ?? i;
            if (order is < 0 or > MaxOrder)
            {
                errors.Add(new($"{path}.order", $"The order must be between 0 and {MaxOrder}; got {order}."));
            }

            var id = input.Id;
            if (id is null)
            {
                id = newId();
            }
            else if (CheckId(id, ids) is { } idError)
            {
                errors.Add(new($"{path}.id", idError));
            }

            var parentId = string.IsNullOrWhiteSpace(input.ParentId) ? null : input.ParentId.Trim();
            built.Add(new VisionItem(id, kind, parentId, input.Text?.Trim() ?? "", order));
        }

        var document = new VisionDocument(trimmed, built);
        var reported = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(VisionDocumentValidator.Validate(document).Where(e =>
            !reported.Contains(e.Field)

            // Without a kind, the parent rule can't be judged; the kind error says what to fix first.
            && !badKinds.Any(i => e.Field == $"items[{i}].parentId")));
        return new DraftBuildResult(document, errors);
    }

    /// <summary>A kind name (Pillar, SubPillar, Standard, Never, Always), case-insensitive; numbers are not names.</summary>
    public static VisionItemKind ParseKind(string? name, out string? error)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            error = "The kind is required; use Pillar, SubPillar, Standard, Never or Always.";
            return default;
        }

        foreach (var kind in Enum.GetValues<VisionItemKind>())
        {
            if (string.Equals(kind.ToString(), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                error = null;
                return kind;
            }
        }

        error = $"'{Shorten(name)}' is not a kind of item; use Pillar, SubPillar, Standard, Never or Always.";
        return default;
    }

    private static string? CheckId(string id, ItemIdScope ids)
    {
        if (id.Length is 0 or > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"An id is 1 to {MaxIdLength} letters, digits, '-', '_' or '.'; leave it out to have one assigned.";
        }

        if (ids.Kept.Contains(id) || !ids.Reserved.Contains(id))
        {
            return null;
        }

        return ids.BasedOnVersion is { } version
            ? $"'{id}' belongs to a published item that is not in version {version}, which this draft is based on; leave the id out to add a new item."
            : $"'{id}' belongs to a published item; base the draft on a version that has it (basedOnVersion) to keep it, or leave the id out to add a new item.";
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
