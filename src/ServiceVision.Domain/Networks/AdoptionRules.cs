using ServiceVision.Domain.Visions;

namespace ServiceVision.Domain.Networks;

/// <summary>Where a location stands with its network's vision.</summary>
public enum AdoptionStatus
{
    /// <summary>The network has published no version yet.</summary>
    NotOffered,

    /// <summary>The latest version offered is not the one the location adopted (a first adoption or a re-adoption).</summary>
    Pending,

    /// <summary>The location adopted the latest version offered.</summary>
    Adopted,
}

/// <summary>What an adoption request does.</summary>
public enum AdoptionDecision
{
    /// <summary>The location adopts the version.</summary>
    Adopt,

    /// <summary>The location adopted this very version already: nothing changes.</summary>
    AlreadyAdopted,

    /// <summary>Nothing was offered yet: there is nothing to adopt (409).</summary>
    NothingOffered,

    /// <summary>The version is not the latest offered (409): a location adopts only the current core.</summary>
    NotLatest,
}

/// <summary>
/// Adoption of a network's vision by one of its locations: the network offers versions (1, 2, ...; a
/// location only moves forward), the location adopts the latest one offered, and a newer version makes
/// it pending again until it re-adopts, seeing what changed since the version it adopted.
/// </summary>
public static class AdoptionRules
{
    /// <summary>The status from the latest version offered and the version adopted (either may be none).</summary>
    public static AdoptionStatus StatusOf(int? offered, int? adopted) =>
        offered is null ? AdoptionStatus.NotOffered
        : adopted == offered ? AdoptionStatus.Adopted
        : AdoptionStatus.Pending;

    /// <summary>Whether an offer of <paramref name="version"/> changes anything: only a newer version does (offers are idempotent and never go back).</summary>
    public static bool IsNewOffer(int? offered, int version) => version >= 1 && (offered is null || version > offered);

    /// <summary>The version of an adoption request: required, 1 or more.</summary>
    public static IReadOnlyList<ValidationError> ValidateVersion(int? version) =>
        version switch
        {
            null => [new ValidationError("version", "The version to adopt is required.")],
            < 1 => [new ValidationError("version", "Versions are numbered from 1.")],
            _ => [],
        };

    /// <summary>What adopting <paramref name="version"/> does, given the latest version offered and the one adopted.</summary>
    public static AdoptionDecision Decide(int version, int? offered, int? adopted) =>
        offered is null ? AdoptionDecision.NothingOffered
        : version != offered ? AdoptionDecision.NotLatest
        : adopted == version ? AdoptionDecision.AlreadyAdopted
        : AdoptionDecision.Adopt;

    /// <summary>Whether there are changes to show since the adopted version: a version was adopted and a newer one is offered.</summary>
    public static bool HasChangesSinceAdopted(int? offered, int? adopted) =>
        offered is not null && adopted is not null && offered != adopted;

    /// <summary>
    /// What the offered version changed against the adopted one, items matched by id (<see cref="VisionDiff"/>);
    /// null when <see cref="HasChangesSinceAdopted"/> is false.
    /// </summary>
    public static VisionChanges? ChangesSinceAdopted(int? offeredVersion, VisionDocument? offered, int? adoptedVersion, VisionDocument? adopted)
    {
        if (!HasChangesSinceAdopted(offeredVersion, adoptedVersion) || offered is null || adopted is null)
        {
            return null;
        }

        return VisionDiff.Compare(adopted, offered);
    }
}
