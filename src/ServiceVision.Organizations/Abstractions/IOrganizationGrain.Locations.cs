using ServiceVision.Api;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// Locations of the organization (branches, stores, sites). Surveys and recognition distribute and
/// report per location; members and invitations may name one. A location is a record of the
/// organization for now (a franchise network may later turn each into an organization of its own).
/// </summary>
public partial interface IOrganizationGrain
{
    /// <summary>Adds a location; 400 for invalid fields, 409 <c>name</c> when the name is taken (ignoring case), 409 past 5,000 locations.</summary>
    Task<LocationView> CreateLocation(NewLocation location);

    /// <summary>Locations ordered by name, each with its member count; only those of <paramref name="region"/> (ignoring case) when given.</summary>
    [ReadOnly]
    Task<PagedList<LocationView>> ListLocations(string? region, PageRequest page);

    /// <summary>A location; 404 when there is none.</summary>
    [ReadOnly]
    Task<LocationView> GetLocation(string locationId);

    /// <summary>Renames or re-describes a location. 404, 400, 412 stale, 409 <c>name</c>.</summary>
    Task<LocationView> UpdateLocation(string locationId, LocationChange change, long expectedRevision);

    /// <summary>Deletes a location. 404, 412 stale, 409 while members or pending invitations belong to it.</summary>
    Task DeleteLocation(string locationId, long expectedRevision);

    /// <summary>
    /// Adds many locations in one write (a CSV import): each one valid, with a name neither taken nor
    /// earlier in the list, and within the 5,000-location cap is created; every other one is rejected
    /// by its index in <paramref name="locations"/> and changes nothing.
    /// </summary>
    Task<LocationImportOutcome> ImportLocations(IReadOnlyList<NewLocation> locations);
}

/// <summary>What an import created and what it rejected (by index in the imported list; field "row" when the row as a whole is).</summary>
public sealed record LocationImportOutcome(IReadOnlyList<LocationView> Created, IReadOnlyList<LocationImportRejection> Rejected);

public sealed record LocationImportRejection(int Index, string Field, string Message);

public sealed record NewLocation(string Id, string Name, string? Region, string? Code, string CreatedBy);

public sealed record LocationChange(string Name, string? Region, string? Code);

public sealed record LocationView(
    string Id,
    string Name,
    string? Region,
    string? Code,
    int MemberCount,
    DateTimeOffset CreatedAt,
    long Revision);
