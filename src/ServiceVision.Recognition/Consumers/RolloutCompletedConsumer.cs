using MassTransit;
using Microsoft.Extensions.Logging;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Consumers;

/// <summary>
/// A completed rollout proposes a celebration ("Everyone completed …"). Idempotent by business key:
/// the celebrations grain keeps one milestone per rollout id, so a redelivery proposes nothing.
/// </summary>
public sealed partial class RolloutCompletedConsumer(IGrainFactory grains, ILogger<RolloutCompletedConsumer> logger) : IConsumer<RolloutCompleted>
{
    public async Task Consume(ConsumeContext<RolloutCompleted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rollout = context.Message;
        if (string.IsNullOrWhiteSpace(rollout.RolloutId))
        {
            return;
        }

        if (await grains.GetGrain<ICelebrationsGrain>(RecognitionKeys.Celebrations(rollout.OrganizationId)).ProposeForRollout(rollout))
        {
            LogProposed(logger, rollout.OrganizationId, rollout.RolloutId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollout {RolloutId} of {OrganizationId} completed: a celebration is proposed")]
    private static partial void LogProposed(ILogger logger, string organizationId, string rolloutId);
}

/// <summary>Endpoint "recognition-rollout-completed"; retries as configured for every endpoint.</summary>
public sealed class RolloutCompletedConsumerDefinition : ConsumerDefinition<RolloutCompletedConsumer>
{
    public RolloutCompletedConsumerDefinition()
    {
        EndpointName = "recognition-rollout-completed";
        ConcurrentMessageLimit = 4;
    }
}
