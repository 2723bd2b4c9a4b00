namespace ServiceVision.Contracts.Organizations.V1;

/// <summary>
/// An organization published a new version of its customer service vision.
/// <para>
/// <b>When:</b> right after a draft is published (<c>POST /api/v1/vision/drafts/{id}/publish</c>) and the
/// new version is stored; once per version, at least once (a consumer may see a version twice and
/// should key on <see cref="OrganizationId"/> + <see cref="VersionNumber"/>).
/// </para>
/// <para>
/// <b>Publisher:</b> the organizations context (the vision grain of the organization).
/// </para>
/// <para>
/// <b>Consumers:</b> training (rebuild courses and quizzes from the vision, start a rollout), surveys
/// (pulse surveys on the new vision), recognition (the pillars recognitions are tagged with), and
/// partners granted access to the organization's events.
/// </para>
/// The message carries the whole version, so a consumer needs nothing else to act on it; the id
/// lists say what changed against the previous version (for version 1 every item is added).
/// </summary>
/// <param name="OrganizationId">The tenant.</param>
/// <param name="VersionNumber">1, 2, ... in publishing order; versions never change once published.</param>
/// <param name="PublishedAt">When the version was published (UTC).</param>
/// <param name="PublishedBy">The member id of who published it.</param>
/// <param name="Statement">The vision statement.</param>
/// <param name="Items">Pillars, sub-pillars, standards, never and always items, in the version's order.</param>
/// <param name="AddedItemIds">Items new in this version.</param>
/// <param name="ChangedItemIds">Items whose kind, text, parent or order changed.</param>
/// <param name="RemovedItemIds">Items of the previous version that this version no longer has.</param>
public sealed record VisionPublished(
    string OrganizationId,
    int VersionNumber,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    string Statement,
    IReadOnlyList<VisionItem> Items,
    IReadOnlyList<string> AddedItemIds,
    IReadOnlyList<string> ChangedItemIds,
    IReadOnlyList<string> RemovedItemIds) : ITenantMessage;

/// <summary>One item of a published vision; <see cref="Id"/> stays the same across versions.</summary>
/// <param name="Id">Stable id of the item.</param>
/// <param name="Kind">Pillar, SubPillar, Standard, Never or Always.</param>
/// <param name="ParentId">The pillar of a sub-pillar; null for every other kind.</param>
/// <param name="Text">What the item says.</param>
/// <param name="Order">Sorts siblings.</param>
public sealed record VisionItem(string Id, string Kind, string? ParentId, string Text, int Order);
