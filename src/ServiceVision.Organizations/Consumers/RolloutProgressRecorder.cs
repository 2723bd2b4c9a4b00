using Microsoft.Extensions.Logging;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Consumers;

/// <summary>
/// What the rollout consumers share: find the member's shard of the rollout's progress and move the member
/// forward there. The recorder, not a grain, calls the coordinator and the shard in turn, so no grain ever
/// waits on a grain that may be waiting on it.
/// </summary>
internal static partial class RolloutProgressRecorder
{
    /// <summary>
    /// Records <paramref name="update"/> on the rollout's progress: asks the coordinator for the layout,
    /// applies the update on the member's shard (with the updates for that shard that arrive meanwhile, see
    /// <see cref="RolloutShardBatcher"/>), and reports the shard to the coordinator once it is complete
    /// (again on a redelivery, so a report lost after the shard's write is made up for). An event outside
    /// any rollout is not ours; an id we never issued is dropped without activating anything; an unknown
    /// rollout activates only its coordinator, which writes nothing. Runs in the message's tenant context
    /// (the consume filter set it), so the grain calls are held to that organization.
    /// </summary>
    public static async Task RecordAsync(IGrainFactory grains, ILogger logger, string organizationId, string? rolloutId, RolloutMemberUpdate update)
    {
        if (rolloutId is null)
        {
            return;
        }

        if (!RolloutKeys.IsWellFormed(rolloutId))
        {
            LogUnknownRollout(logger, organizationId, rolloutId);
            return;
        }

        var coordinator = grains.GetGrain<IRolloutProgressGrain>(RolloutKeys.Progress(organizationId, rolloutId));
        if (await coordinator.GetLayout() is not { } layout)
        {
            return;
        }

        var index = RolloutShards.ShardOf(update.MemberId, layout.ShardCount);
        var recorded = await RolloutShardBatcher.RecordAsync(grains, RolloutKeys.ProgressShard(organizationId, rolloutId, index), update);
        if (recorded.ShardComplete)
        {
            await coordinator.ShardCompleted(index, recorded.Tally);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A training event of organization {OrganizationId} names rollout '{RolloutId}', which is not an id we issue; ignored.")]
    private static partial void LogUnknownRollout(ILogger logger, string organizationId, string rolloutId);
}
