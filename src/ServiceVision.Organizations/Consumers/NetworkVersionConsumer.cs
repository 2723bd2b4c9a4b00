using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Consumers;

/// <summary>
/// Rolls a published version of a network's vision out to every location: each location's vision grain
/// is offered the version, at most <see cref="NetworkLocations.FanOut"/> at a time, so the location shows
/// it and becomes pending until it (re-)adopts. An organization without locations: nothing happens.
/// Idempotent: an offer of a version a location has (or a newer one) changes nothing, so a redelivery or
/// a retry after a partial run only reaches the locations that were missed.
/// </summary>
public sealed partial class NetworkVersionConsumer(IGrainFactory grains, ILogger<NetworkVersionConsumer> logger) : IConsumer<VisionPublished>
{
    public async Task Consume(ConsumeContext<VisionPublished> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var vision = context.Message;
        if (vision.VersionNumber < 1)
        {
            LogMalformed(logger, vision.OrganizationId, vision.VersionNumber);
            return;
        }

        IReadOnlyList<LocationView> locations;
        try
        {
            locations = await NetworkLocations.AllAsync(grains, vision.OrganizationId);
        }
        catch (NotFoundException)
        {
            // The organization is gone: nobody to roll out to.
            return;
        }

        if (locations.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var changed = await NetworkLocations.FanOutAsync(
            locations,
            location => grains.GetGrain<ILocationVisionGrain>(NetworkKeys.LocationVision(vision.OrganizationId, location.Id)).OfferVersion(vision.VersionNumber),
            context.CancellationToken);
        LogRolledOut(logger, vision.OrganizationId, vision.VersionNumber, locations.Count, changed.Count(c => c), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "VisionPublished of {OrganizationId} names version {Version}; ignored")]
    private static partial void LogMalformed(ILogger logger, string organizationId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vision version {Version} of {OrganizationId} offered to {Locations} locations ({Changed} changed) in {ElapsedMs} ms")]
    private static partial void LogRolledOut(ILogger logger, string organizationId, int version, int locations, int changed, long elapsedMs);
}

/// <summary>
/// Endpoint "organizations-network-version" (other services consume VisionPublished on queues of their own);
/// retries as configured for every endpoint. Two versions at once at most: each rollout already calls many grains.
/// </summary>
public sealed class NetworkVersionConsumerDefinition : ConsumerDefinition<NetworkVersionConsumer>
{
    public NetworkVersionConsumerDefinition()
    {
        EndpointName = "organizations-network-version";
        ConcurrentMessageLimit = 2;
    }
}
