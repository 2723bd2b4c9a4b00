using Microsoft.Extensions.Logging;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Consumers;

/// <summary>What the rollout consumers share: find the rollout's progress grain and move one member forward.</summary>
internal static partial class RolloutProgressRecorder
{
    /// <summary>
    /// Records <paramref name="update"/> on the rollout's progress. An event outside any rollout is not
    /// ours; an id we never issued is dropped without activating anything. Runs in the message's tenant
    /// context (the consume filter set it), so the grain call is held to that organization.
    /// </summary>
    public static Task RecordAsync(IGrainFactory grains, ILogger logger, string organizationId, string? rolloutId, RolloutMemberUpdate update)
    {
        if (rolloutId is null)
        {
            return Task.CompletedTask;
        }

        if (!RolloutKeys.IsWellFormed(rolloutId))
        {
            LogUnknownRollout(logger, organizationId, rolloutId);
            return Task.CompletedTask;
        }

        return grains.GetGrain<IRolloutProgressGrain>(RolloutKeys.Progress(organizationId, rolloutId)).Record([update]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A training event of organization {OrganizationId} names rollout '{RolloutId}', which is not an id we issue; ignored.")]
    private static partial void LogUnknownRollout(ILogger logger, string organizationId, string rolloutId);
}
