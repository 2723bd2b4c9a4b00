using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations;

/// <summary>Every location of a network at once, and a bounded fan-out of calls to their grains.</summary>
public static class NetworkLocations
{
    /// <summary>How many location grains a fan-out calls at once.</summary>
    public const int FanOut = 64;

    /// <summary>Every location of the organization (of <paramref name="region"/> when given), by name; one call, as the organization holds them all.</summary>
    public static async Task<IReadOnlyList<LocationView>> AllAsync(IGrainFactory grains, string organizationId, string? region = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var page = await grains.GetGrain<IOrganizationGrain>(organizationId).ListLocations(region, new PageRequest(1, LocationRules.MaxLocations));
        return page.Items;
    }

    /// <summary>Calls <paramref name="call"/> for each item, at most <see cref="FanOut"/> at a time; the results in the items' order.</summary>
    public static async Task<TResult[]> FanOutAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, Task<TResult>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(call);
        var results = new TResult[items.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = FanOut, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), options, async (i, _) => results[i] = await call(items[i]));
        return results;
    }
}
