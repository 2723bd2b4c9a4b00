using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Network;

/// <summary>One location's progress in a rollout (GET /api/v1/training/rollouts/{rolloutId}/locations).</summary>
public sealed record RolloutLocationView(
    string LocationId,
    string Name,
    string? Region,
    int Members,
    int Pending,
    int Assigned,
    int Started,
    int Completed,
    int Overdue,
    decimal? AverageScore,
    decimal PercentComplete);

/// <summary>
/// A rollout's progress per location: the rollout's members (from its shards) joined with where each
/// works now (the organization's member list), tallied in one pass (<see cref="RolloutLocationProgress"/>).
/// Three reads whatever the number of locations: the rollout, its members, the organization's members
/// and locations; no call per location.
/// </summary>
public static class RolloutLocationsReader
{
    internal static readonly PageRequest Everything = new(1, int.MaxValue);

    /// <summary>
    /// The locations the rollout reached (at least one of its members works there now), ordered by name,
    /// only <paramref name="onlyLocationId"/> when given (a location manager's scope) and only those of
    /// <paramref name="region"/> when given. 404 for an unknown rollout.
    /// </summary>
    public static async Task<PagedList<RolloutLocationView>> ReadAsync(
        IGrainFactory grains, string organizationId, string rolloutId, string? onlyLocationId, string? region, PageRequest page, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(page);
        ValidationFailedException.ThrowIfAny(LocationRules.ValidateRegionFilter(region));
        var rollout = await grains.GetGrain<IRolloutsGrain>(RolloutKeys.Rollouts(organizationId)).GetRollout(rolloutId);
        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var membersTask = grains.GetGrain<IRolloutProgressGrain>(RolloutKeys.Progress(organizationId, rollout.Id)).GetMembers();
        var peopleTask = organization.ListMembers();
        var locationsTask = organization.ListLocations(region, Everything);
        await Task.WhenAll(membersTask, peopleTask, locationsTask);

        var tallies = RolloutLocationProgress.ByLocation(
            membersTask.Result.Select(m => (m.MemberId, m.Progress)),
            LocationsOf(peopleTask.Result));
        var rows = locationsTask.Result.Items
            .Where(l => onlyLocationId is null || l.Id == onlyLocationId)
            .Where(l => tallies.ContainsKey(l.Id))
            .Select(l => View(l, RolloutLocationProgress.Of(tallies[l.Id], rollout.DueAt, now)));
        return PagedList.Of(rows, page);
    }

    /// <summary>Member id to the location they work at now; members at no location are left out.</summary>
    internal static Dictionary<string, string> LocationsOf(IReadOnlyList<MemberView> members)
    {
        var locations = new Dictionary<string, string>(members.Count, StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (member.LocationId is { } location)
            {
                locations[member.Id] = location;
            }
        }

        return locations;
    }

    private static RolloutLocationView View(LocationView location, RolloutLocationProgress p) =>
        new(location.Id, location.Name, location.Region, p.Members, p.Pending, p.Assigned, p.Started, p.Completed, p.Overdue, p.AverageScore, p.PercentComplete);
}
