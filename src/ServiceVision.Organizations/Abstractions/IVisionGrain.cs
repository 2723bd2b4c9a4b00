using ServiceVision.Domain.Visions;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// The vision workshop of one organization (key "{organizationId}/vision"): purpose, culture
/// observations, drafts and their reviews, the publishing rule and the published versions.
/// </summary>
public interface IVisionGrain : IGrain
{
    /// <summary>The latest published version, or null while nothing is published.</summary>
    [ReadOnly]
    Task<PublishedVision?> GetCurrentVersion();
}

/// <summary>One item of a vision (pillar, sub-pillar, standard, never or always); its id is stable across versions.</summary>
public sealed record VisionItemView(string Id, VisionItemKind Kind, string? ParentId, string Text, int Order);

/// <summary>An immutable, numbered published version of the vision.</summary>
public sealed record PublishedVision(
    int Number,
    string Statement,
    IReadOnlyList<VisionItemView> Items,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    string DraftId);
