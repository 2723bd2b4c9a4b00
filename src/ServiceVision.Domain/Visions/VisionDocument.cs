namespace ServiceVision.Domain.Visions;

public enum VisionItemKind
{
    Pillar,
    SubPillar,
    Standard,
    Never,
    Always,
}

/// <summary>
/// One item under the vision. <see cref="Id"/> is stable across edits so history, diffs and
/// hiring criteria follow the item; only a <see cref="VisionItemKind.SubPillar"/> has a
/// <see cref="ParentId"/> (its pillar). <see cref="Order"/> sorts siblings.
/// </summary>
public sealed record VisionItem(string Id, VisionItemKind Kind, string? ParentId, string Text, int Order);

/// <summary>A vision statement with its pillars, sub-pillars, standards and never/always items.</summary>
public sealed record VisionDocument(string Statement, IReadOnlyList<VisionItem> Items);
