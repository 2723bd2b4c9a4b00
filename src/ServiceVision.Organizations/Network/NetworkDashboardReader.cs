using ServiceVision.Api;
using ServiceVision.Domain.Networks;
using ServiceVision.Domain.Training;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Network;

/// <summary>Every row of the dashboard the caller may see, lagging first, with the totals over them.</summary>
/// <param name="Pillars">The pillars of the current vision: the recognition columns, in the vision's order.</param>
public sealed record NetworkDashboardData(IReadOnlyList<NetworkLocationRow> Rows, NetworkTotals Totals, IReadOnlyList<DashboardPillar> Pillars);

/// <summary>A page of the dashboard (GET /api/v1/network/dashboard): the usual page fields plus the totals and the pillars.</summary>
public sealed record NetworkDashboardView(
    IReadOnlyList<NetworkLocationRow> Items,
    int Page,
    int PageSize,
    int Total,
    NetworkTotals Totals,
    IReadOnlyList<DashboardPillar> Pillars)
{
    public static NetworkDashboardView Of(NetworkDashboardData data, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(data);
        var listed = PagedList.Of(data.Rows, page);
        return new NetworkDashboardView(listed.Items, listed.Page, listed.PageSize, listed.Total, data.Totals, data.Pillars);
    }
}

/// <summary>
/// Reads the network dashboard at the moment of the request (nothing cached). Network-wide data comes in
/// a handful of calls whatever the number of locations: locations and members (organization grain), the
/// current vision's pillars, the latest pulse and customer scores per location and the recognitions per
/// location and pillar (scores grain), and the members of the <see cref="RolloutsScanned"/> newest
/// rollouts. Only a location's adoption and latest audit live in grains of their own: those are read
/// a bounded number of locations at a time (<see cref="NetworkLocations.FanOut"/>), so 5,000 locations do not flood the
/// runtime or the store. The rules (alignment, order, totals) are pure: <see cref="NetworkDashboard"/>.
/// </summary>
public static class NetworkDashboardReader
{
    /// <summary>A location's training cell comes from the newest of this many rollouts that reached its members.</summary>
    public const int RolloutsScanned = 20;

    private const string Location = "Location";

    /// <param name="onlyLocationId">The caller's scope (a location manager's location), or null for the whole network.</param>
    /// <param name="region">Only locations of this region (ignoring case); every location when null or blank.</param>
    public static async Task<NetworkDashboardData> ReadAsync(
        IGrainFactory grains, string organizationId, string? onlyLocationId, string? region, DateTimeOffset now, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var scores = grains.GetGrain<IScoresGrain>(PlanKeys.Scores(organizationId));
        var locationsTask = organization.ListLocations(null, RolloutLocationsReader.Everything);
        var membersTask = organization.ListMembers();
        var visionTask = grains.GetGrain<IVisionGrain>(organizationId + "/vision").GetCurrentVersion();
        var pulseTask = scores.ListLatest("Pulse", Location, RolloutLocationsReader.Everything);
        var customerTask = scores.ListLatest("CustomerFeedback", Location, RolloutLocationsReader.Everything);
        var recognitionsTask = scores.GetLocationSignals();
        var trainingTask = ReadTrainingAsync(grains, organizationId, membersTask, now);
        await Task.WhenAll(locationsTask, membersTask, visionTask, pulseTask, customerTask, recognitionsTask, trainingTask);

        var locations = NetworkDashboard.InRegion(locationsTask.Result.Items, l => l.Region, region)
            .Where(l => onlyLocationId is null || l.Id == onlyLocationId)
            .ToList();
        var pillars = (visionTask.Result?.Items ?? [])
            .Where(i => i.Kind == VisionItemKind.Pillar)
            .OrderBy(i => i.Order)
            .Select(i => new DashboardPillar(i.Id, i.Text))
            .ToList();
        var pulse = ByGroup(pulseTask.Result.Items);
        var customer = ByGroup(customerTask.Result.Items);
        var recognitions = recognitionsTask.Result.ToDictionary(r => r.LocationId, StringComparer.Ordinal);
        var training = trainingTask.Result;
        var perLocation = await ReadPerLocationAsync(grains, organizationId, locations, cancellation);

        var rows = new List<NetworkLocationRow>(locations.Count);
        for (var i = 0; i < locations.Count; i++)
        {
            var location = locations[i];
            var (adoption, audit) = perLocation[i];
            var recognized = recognitions.GetValueOrDefault(location.Id);
            var scored = customer.GetValueOrDefault(location.Id);
            rows.Add(NetworkDashboard.Row(
                new NetworkLocationInput(
                    location.Id,
                    location.Name,
                    location.Region,
                    new NetworkAdoptionCell(adoption.State.ToString(), adoption.OfferedVersion, adoption.AdoptedVersion, adoption.AdoptedAt),
                    training.GetValueOrDefault(location.Id),
                    scored?.Nps,
                    scored?.CsatPercent,
                    pulse.GetValueOrDefault(location.Id)?.PulsePercent,
                    recognized?.PerPillar ?? new Dictionary<string, int>(),
                    recognized?.LatestAt,
                    audit is null ? null : new NetworkAuditCell(audit.Score, audit.VisitedAt)),
                pillars));
        }

        return new NetworkDashboardData(NetworkDashboard.LaggingFirst(rows), NetworkDashboard.Totals(rows), pillars);
    }

    /// <summary>
    /// Each location's training cell: the newest of the <see cref="RolloutsScanned"/> newest rollouts with a
    /// member working there now, counted over those members. One pass over each rollout's members.
    /// </summary>
    private static async Task<Dictionary<string, NetworkTrainingCell>> ReadTrainingAsync(
        IGrainFactory grains, string organizationId, Task<IReadOnlyList<MemberView>> membersTask, DateTimeOffset now)
    {
        var rollouts = (await grains.GetGrain<IRolloutsGrain>(RolloutKeys.Rollouts(organizationId)).ListRollouts(new PageRequest(1, RolloutsScanned))).Items;
        var progress = await Task.WhenAll(rollouts.Select(r => grains.GetGrain<IRolloutProgressGrain>(RolloutKeys.Progress(organizationId, r.Id)).GetMembers()));
        var locationOf = RolloutLocationsReader.LocationsOf(await membersTask);

        var cells = new Dictionary<string, NetworkTrainingCell>(StringComparer.Ordinal);
        for (var i = 0; i < rollouts.Count; i++)
        {
            // Newest first: a location keeps the first rollout that reached it.
            var rollout = rollouts[i];
            foreach (var (locationId, tally) in RolloutLocationProgress.ByLocation(progress[i].Select(m => (m.MemberId, m.Progress)), locationOf))
            {
                if (!cells.ContainsKey(locationId))
                {
                    var p = RolloutLocationProgress.Of(tally, rollout.DueAt, now);
                    cells[locationId] = new NetworkTrainingCell(rollout.Id, rollout.Title, rollout.CourseId, rollout.DueAt, p.Members, p.Completed, p.Overdue, p.PercentComplete);
                }
            }
        }

        return cells;
    }

    /// <summary>The adoption and the latest audit of each location, in the order given (a bounded fan-out: <see cref="NetworkLocations.FanOut"/> locations at once).</summary>
    private static Task<(LocationAdoptionView Adoption, AuditVisitSummary? Audit)[]> ReadPerLocationAsync(
        IGrainFactory grains, string organizationId, List<LocationView> locations, CancellationToken cancellation) =>
        NetworkLocations.FanOutAsync(
            locations,
            async location =>
            {
                var adoption = grains.GetGrain<ILocationVisionGrain>(NetworkKeys.LocationVision(organizationId, location.Id)).GetAdoption();
                var audit = grains.GetGrain<ILocationAuditsGrain>(NetworkKeys.LocationAudits(organizationId, location.Id)).GetLatest();
                await Task.WhenAll(adoption, audit);
                return (adoption.Result, audit.Result);
            },
            cancellation);

    private static Dictionary<string, LatestScoreView> ByGroup(IEnumerable<LatestScoreView> scores) =>
        scores.Where(s => s.GroupId is not null).GroupBy(s => s.GroupId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
}
