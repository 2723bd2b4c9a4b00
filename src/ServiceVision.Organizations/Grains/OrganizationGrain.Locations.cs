using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>Locations: where members work, unique by name (ignoring case) within the organization.</summary>
public sealed partial class OrganizationGrain
{
    public async Task<LocationView> CreateLocation(NewLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        EnsureCreated();
        ValidationFailedException.ThrowIfAny(LocationRules.Validate(location.Name, location.Region, location.Code));
        RequireUniqueLocationName(location.Name, exceptId: null);
        if (State.Locations.Count >= LocationRules.MaxLocations)
        {
            throw new ConflictException($"An organization has at most {LocationRules.MaxLocations} locations.");
        }

        var record = new LocationRecord
        {
            Id = location.Id,
            Name = location.Name.Trim(),
            Region = LocationRules.Normalize(location.Region),
            Code = LocationRules.Normalize(location.Code),
            CreatedBy = location.CreatedBy,
            CreatedAt = Time.GetUtcNow(),
            Revision = 1,
        };
        State.Locations[record.Id] = record;
        await WriteStateAsync();
        return View(record, memberCount: 0);
    }

    public Task<PagedList<LocationView>> ListLocations(string? region, PageRequest page)
    {
        EnsureCreated();
        var counts = LocationMemberCounts();
        var locations = State.Locations.Values
            .Where(l => LocationRules.InRegion(l.Region, region))
            .OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(l => l.Id, StringComparer.Ordinal)
            .Select(l => View(l, counts.GetValueOrDefault(l.Id)));
        return Task.FromResult(PagedList.Of(locations, page));
    }

    public Task<LocationView> GetLocation(string locationId)
    {
        var location = RequireLocation(locationId);
        return Task.FromResult(View(location, LocationMemberCounts().GetValueOrDefault(location.Id)));
    }

    public async Task<LocationView> UpdateLocation(string locationId, LocationChange change, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(change);
        var location = RequireLocation(locationId);
        ValidationFailedException.ThrowIfAny(LocationRules.Validate(change.Name, change.Region, change.Code));
        if (expectedRevision != location.Revision)
        {
            throw new PreconditionFailedException("The location", location.Revision);
        }

        RequireUniqueLocationName(change.Name, exceptId: location.Id);
        var name = change.Name.Trim();
        var region = LocationRules.Normalize(change.Region);
        var code = LocationRules.Normalize(change.Code);
        if (location.Name == name && location.Region == region && location.Code == code)
        {
            // Nothing changes, so the revision (the ETag) stays.
            return View(location, LocationMemberCounts().GetValueOrDefault(location.Id));
        }

        location.Name = name;
        location.Region = region;
        location.Code = code;
        location.Revision++;
        await WriteStateAsync();
        return View(location, LocationMemberCounts().GetValueOrDefault(location.Id));
    }

    public async Task DeleteLocation(string locationId, long expectedRevision)
    {
        var location = RequireLocation(locationId);
        if (expectedRevision != location.Revision)
        {
            throw new PreconditionFailedException("The location", location.Revision);
        }

        var members = ActiveMembers().Count(m => m.LocationId == locationId);
        if (members > 0)
        {
            throw new ConflictException($"{members} member(s) work at this location; move them to another location first.");
        }

        var now = Time.GetUtcNow();
        var invitations = State.Invitations.Values.Count(i => i.LocationId == locationId && IsPending(i, now));
        if (invitations > 0)
        {
            throw new ConflictException($"{invitations} pending invitation(s) name this location; revoke them first.");
        }

        State.Locations.Remove(locationId);
        await WriteStateAsync();
    }

    public async Task<LocationImportOutcome> ImportLocations(IReadOnlyList<NewLocation> locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        EnsureCreated();
        if (locations.Count > LocationRules.MaxLocations)
        {
            throw new ValidationFailedException("rows", $"At most {LocationRules.MaxLocations} locations can be imported at once.");
        }

        var now = Time.GetUtcNow();
        var created = new List<LocationRecord>();
        var rejected = new List<LocationImportRejection>();
        var names = new HashSet<string>(State.Locations.Values.Select(l => l.Name.Trim()), StringComparer.OrdinalIgnoreCase);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < locations.Count; i++)
        {
            var location = locations[i];
            var errors = LocationRules.Validate(location.Name, location.Region, location.Code);
            if (errors.Count > 0)
            {
                rejected.AddRange(errors.Select(e => new LocationImportRejection(i, e.Field, e.Message)));
            }
            else if (names.Contains(location.Name.Trim()))
            {
                rejected.Add(new LocationImportRejection(i, "name", $"A location named '{location.Name.Trim()}' exists already."));
            }
            else if (State.Locations.Count + created.Count >= LocationRules.MaxLocations)
            {
                rejected.Add(new LocationImportRejection(i, "row", $"The organization has {LocationRules.MaxLocations} locations, the most it may have; this one was not created."));
            }
            else if (State.Locations.ContainsKey(location.Id) || !ids.Add(location.Id))
            {
                throw new ArgumentException($"Location id '{location.Id}' is not new.", nameof(locations));
            }
            else
            {
                names.Add(location.Name.Trim());
                created.Add(new LocationRecord
                {
                    Id = location.Id,
                    Name = location.Name.Trim(),
                    Region = LocationRules.Normalize(location.Region),
                    Code = LocationRules.Normalize(location.Code),
                    CreatedBy = location.CreatedBy,
                    CreatedAt = now,
                    Revision = 1,
                });
            }
        }

        if (created.Count > 0)
        {
            foreach (var record in created)
            {
                State.Locations[record.Id] = record;
            }

            // One write for the whole file: it is created entirely or not at all.
            await WriteStateAsync();
        }

        return new LocationImportOutcome([.. created.Select(l => View(l, memberCount: 0))], rejected);
    }

    /// <summary>400 on <c>locationId</c> when <paramref name="locationId"/> is given and is not one of this organization's locations.</summary>
    private void RequireLocationIfAny(string? locationId)
    {
        if (locationId is not null && !State.Locations.ContainsKey(locationId))
        {
            throw new ValidationFailedException("locationId", "There is no such location; create it first or leave locationId out.");
        }
    }

    private LocationRecord RequireLocation(string locationId)
    {
        EnsureCreated();
        return State.Locations.TryGetValue(locationId, out var location) ? location : throw new NotFoundException("The location");
    }

    private void RequireUniqueLocationName(string name, string? exceptId)
    {
        if (State.Locations.Values.Any(l => l.Id != exceptId && LocationRules.SameName(l.Name, name)))
        {
            throw new ConflictException($"A location named '{name.Trim()}' exists already.", "name");
        }
    }

    private Dictionary<string, int> LocationMemberCounts() =>
        ActiveMembers().Where(m => m.LocationId is not null).GroupBy(m => m.LocationId!).ToDictionary(g => g.Key, g => g.Count());

    private static LocationView View(LocationRecord l, int memberCount) =>
        new(l.Id, l.Name, l.Region, l.Code, memberCount, l.CreatedAt, l.Revision);
}
