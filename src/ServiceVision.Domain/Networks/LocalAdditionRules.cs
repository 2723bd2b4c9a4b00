using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Visions;

namespace ServiceVision.Domain.Networks;

/// <summary>
/// What a location may add to its network's vision. <see cref="Standard"/>, <see cref="Never"/> and
/// <see cref="Always"/> are the vision's own kinds (<see cref="VisionItemKind"/>); a pillar example is a
/// local illustration of one core pillar.
/// </summary>
public enum LocalItemKind
{
    /// <summary>How the location lives one core pillar (it names the pillar).</summary>
    PillarExample,

    /// <summary>A local standard under one core pillar (it names the pillar).</summary>
    Standard,

    /// <summary>A local "never" item.</summary>
    Never,

    /// <summary>A local "always" item.</summary>
    Always,
}

/// <summary>A location's own item: never part of the network's core, never removed by a new core version.</summary>
public sealed record LocalItem(string Id, LocalItemKind Kind, string? PillarId, string Text);

/// <summary>
/// Rules of a location's local additions to the network vision: kinds, texts and limits, which core
/// pillar an item may belong to, and which items a new core version left without their pillar
/// (orphaned: kept, and shown as such, until someone attaches them to another pillar or removes them).
/// </summary>
public static class LocalAdditionRules
{
    /// <summary>Local items per location.</summary>
    public const int MaxLocalItems = 50;

    /// <summary>The same limit as a core item's text.</summary>
    public const int MaxTextLength = VisionDocumentValidator.MaxItemTextLength;

    /// <summary>Longest pillar id accepted as input (core ids are at most this long).</summary>
    public const int MaxPillarIdLength = TextRules.MaxIdLength;

    /// <summary>Whether an item of <paramref name="kind"/> belongs to a core pillar (and so must name one).</summary>
    public static bool NeedsPillar(LocalItemKind kind) => kind is LocalItemKind.PillarExample or LocalItemKind.Standard;

    /// <summary>Core items a local item may belong to: pillars and sub-pillars.</summary>
    public static bool IsPillar(VisionItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind is VisionItemKind.Pillar or VisionItemKind.SubPillar;
    }

    /// <summary>
    /// The fields of a local item as a request sends them, before the core is known: <c>kind</c> is one
    /// of the <see cref="LocalItemKind"/> names (case-insensitive, numbers are not names); <c>text</c> is
    /// required, 1..<see cref="MaxTextLength"/> characters once trimmed, without control characters;
    /// <c>pillarId</c> is required for a pillar example or a standard and must be absent for never and always.
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(string? kind, string? pillarId, string? text, out LocalItemKind parsed)
    {
        var errors = new List<ValidationError>();
        var kindKnown = TryParseKind(kind, out parsed);
        if (!kindKnown)
        {
            errors.Add(new("kind", string.IsNullOrWhiteSpace(kind)
                ? "The kind is required; use PillarExample, Standard, Never or Always."
                : "This is not a kind of local item; use PillarExample, Standard, Never or Always."));
        }

        TextRules.RequireLine(errors, "text", text, MaxTextLength);

        if (kindKnown && NeedsPillar(parsed))
        {
            if (string.IsNullOrWhiteSpace(pillarId))
            {
                errors.Add(new("pillarId", $"A {Describe(parsed)} belongs to a pillar of the network's vision; name it."));
            }
            else if (!TextRules.IsWellFormedId(pillarId.Trim()))
            {
                errors.Add(new("pillarId", "This is not a pillar id of the network's vision."));
            }
        }
        else if (kindKnown && !string.IsNullOrWhiteSpace(pillarId))
        {
            errors.Add(new("pillarId", $"A {Describe(parsed)} item belongs to no pillar; leave pillarId out."));
        }

        return errors;
    }

    /// <summary>
    /// The pillar check once the core is known: an item that needs a pillar must name a pillar (or
    /// sub-pillar) of <paramref name="core"/>, the version the network offered the location (null: none yet).
    /// </summary>
    public static ValidationError? CheckPillar(LocalItemKind kind, string? pillarId, IReadOnlyList<VisionItem>? core)
    {
        if (!NeedsPillar(kind) || pillarId is null)
        {
            return null;
        }

        if (core is null)
        {
            return new("pillarId", "The network has not published its vision yet, so there is no pillar to add to.");
        }

        return core.Any(i => IsPillar(i) && string.Equals(i.Id, pillarId.Trim(), StringComparison.Ordinal))
            ? null
            : new("pillarId", "The network's current vision has no such pillar; pick one of its pillars.");
    }

    /// <summary>
    /// Whether <paramref name="item"/> lost its pillar: it names one that <paramref name="core"/> (the
    /// version offered now) no longer has as a pillar. Items without a pillar are never orphaned.
    /// </summary>
    public static bool IsOrphaned(LocalItem item, IReadOnlyList<VisionItem>? core)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.PillarId is not null
            && (core is null || !core.Any(i => IsPillar(i) && string.Equals(i.Id, item.PillarId, StringComparison.Ordinal)));
    }

    /// <summary>The local items that lost their pillar in <paramref name="core"/>, in their order.</summary>
    public static IReadOnlyList<LocalItem> Orphans(IEnumerable<LocalItem> items, IReadOnlyList<VisionItem>? core)
    {
        ArgumentNullException.ThrowIfNull(items);
        return [.. items.Where(i => IsOrphaned(i, core))];
    }

    /// <summary>Whether <paramref name="itemId"/> is an item of the network's core (any of <paramref name="versions"/>): a location may not change it.</summary>
    public static bool IsCoreItem(string itemId, params IReadOnlyList<VisionItem>?[] versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return versions.Any(v => v is not null && v.Any(i => string.Equals(i.Id, itemId, StringComparison.Ordinal)));
    }

    /// <summary>Whether one more local item fits (<see cref="MaxLocalItems"/>).</summary>
    public static bool HasRoom(int count) => count < MaxLocalItems;

    /// <summary>A kind name, case-insensitive; numbers are not names.</summary>
    public static bool TryParseKind(string? name, out LocalItemKind kind)
    {
        kind = default;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        foreach (var candidate in Enum.GetValues<LocalItemKind>())
        {
            if (string.Equals(candidate.ToString(), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        return false;
    }

    private static string Describe(LocalItemKind kind) => kind switch
    {
        LocalItemKind.PillarExample => "pillar example",
        LocalItemKind.Standard => "standard",
        LocalItemKind.Never => "never",
        _ => "always",
    };
}
