using ServiceVision.Domain.Networks;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// One location's copy of its network's vision (key <see cref="NetworkKeys.LocationVision"/>): which
/// core version the network offered it, which one it adopted (when, by whom), and its local
/// additions. Core items belong to the network and are never stored or changed here.
/// </summary>
public interface ILocationVisionGrain : IGrain
{
    /// <summary>The adoption state; <see cref="AdoptionState.NotOffered"/> while the network published nothing.</summary>
    [ReadOnly]
    Task<LocationAdoptionView> GetAdoption();

    /// <summary>
    /// What the location shows: the statement and core items of the offered version (read from the
    /// network's vision grain), its local items (orphaned when the offered core lost their pillar), the
    /// adoption and what changed since the adopted version.
    /// </summary>
    [ReadOnly]
    Task<LocationVisionView> GetVision();

    /// <summary>
    /// The network offers <paramref name="version"/> (the rollout of a published version). Idempotent: an older
    /// or equal version changes nothing and writes nothing. True when the offer changed the location.
    /// </summary>
    Task<bool> OfferVersion(int version);

    /// <summary>
    /// Adopts <paramref name="version"/>: 409 on <c>version</c> unless it is the latest offered; adopting the
    /// adopted version again changes nothing; otherwise 412 unless <paramref name="expectedRevision"/> is current.
    /// </summary>
    Task<AdoptionOutcome> Adopt(int version, string memberId, long expectedRevision);

    /// <summary>
    /// Adds a local item (400 on invalid fields, <c>pillarId</c> must be a pillar of the offered core; 409 at
    /// <see cref="LocalAdditionRules.MaxLocalItems"/>). A repeat with the same id returns the item unchanged.
    /// </summary>
    Task<LocalItemOutcome> AddLocalItem(NewLocalItem item, string memberId);

    /// <summary>
    /// Replaces a local item's kind, pillar and text: 409 when <paramref name="itemId"/> is a core item (a
    /// location can't change those), 404 when it is no item, 400, 412 stale. Unchanged: no new revision.
    /// </summary>
    Task<LocalItemOutcome> UpdateLocalItem(string itemId, LocalItemChange change, string memberId, long expectedRevision);

    /// <summary>Removes a local item: 409 for a core item, 404, 412 stale. Returns the new revision.</summary>
    Task<long> RemoveLocalItem(string itemId, string memberId, long expectedRevision);
}

/// <summary>A local item to add; <see cref="Id"/> is chosen by the caller (prefix <see cref="NetworkKeys.LocalItemPrefix"/>).</summary>
public sealed record NewLocalItem(string Id, string? Kind, string? PillarId, string? Text);

/// <summary>The whole local item as a replacement (kind, pillar, text).</summary>
public sealed record LocalItemChange(string? Kind, string? PillarId, string? Text);

/// <summary>An item of the network's core, as the offered version has it; a location can't change it.</summary>
public sealed record CoreItemView(string Id, VisionItemKind Kind, string? ParentId, string Text, int Order, bool Core);

/// <summary>A location's own item; <see cref="Orphaned"/> when the offered core no longer has its pillar (it is kept).</summary>
public sealed record LocalItemView(
    string Id,
    LocalItemKind Kind,
    string? PillarId,
    string Text,
    bool Core,
    bool Orphaned,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy);

/// <summary>What the offered version changed against the adopted one (core items matched by id).</summary>
/// <param name="Changed">Fields are named as in the item JSON: kind, text, parentId, order.</param>
public sealed record CoreChangesView(
    int AdoptedVersion,
    int OfferedVersion,
    bool StatementChanged,
    IReadOnlyList<VisionItemView> Added,
    IReadOnlyList<VisionItemChangeView> Changed,
    IReadOnlyList<VisionItemView> Removed);

/// <summary>A location's view of the network vision; <see cref="Revision"/> is the location vision's (the ETag).</summary>
/// <param name="Statement">The offered version's statement; null while nothing was offered.</param>
/// <param name="ChangesSinceAdopted">Null before a first adoption and when the offered version is the adopted one.</param>
public sealed record LocationVisionView(
    string LocationId,
    string? Statement,
    IReadOnlyList<CoreItemView> CoreItems,
    IReadOnlyList<LocalItemView> LocalItems,
    LocationAdoptionView Adoption,
    CoreChangesView? ChangesSinceAdopted,
    long Revision);

/// <summary>The adoption after a request, and whether the request changed it (adopting the adopted version again does not).</summary>
public sealed record AdoptionOutcome(LocationAdoptionView Adoption, bool Changed);

/// <summary>A local item after a request, the location vision's revision, and whether the request changed anything.</summary>
public sealed record LocalItemOutcome(LocalItemView Item, long Revision, bool Changed);

public enum AdoptionState
{
    /// <summary>The network has published no version yet.</summary>
    NotOffered,

    /// <summary>A version was offered that the location has not adopted (a first adoption or a re-adoption).</summary>
    Pending,

    /// <summary>The location adopted the latest version offered.</summary>
    Adopted,
}

/// <param name="OfferedVersion">The latest core version the network offered.</param>
/// <param name="AdoptedVersion">The version the location adopted last (it may be older than the offered one).</param>
public sealed record LocationAdoptionView(
    string LocationId,
    AdoptionState State,
    int? OfferedVersion,
    int? AdoptedVersion,
    DateTimeOffset? AdoptedAt,
    string? AdoptedBy,
    int LocalItems,
    long Revision);
