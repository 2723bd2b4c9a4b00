using MassTransit;
using Microsoft.Extensions.Logging;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Consumers;

/// <summary>
/// TrainingAssigned (the training service created a member's assignment) moves the member forward in the rollout's progress.
/// Idempotent by member: progress only moves forward, so a redelivery changes nothing. Endpoint: rollout-training-assigned.
/// </summary>
public sealed class RolloutTrainingAssignedConsumer(IGrainFactory grains, ILogger<RolloutTrainingAssignedConsumer> logger) : IConsumer<TrainingAssigned>
{
    public Task Consume(ConsumeContext<TrainingAssigned> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        return RolloutProgressRecorder.RecordAsync(grains, logger, message.OrganizationId, message.RolloutId, new RolloutMemberUpdate(message.MemberId, RolloutMemberStatus.Assigned));
    }
}

public sealed class RolloutTrainingAssignedConsumerDefinition : ConsumerDefinition<RolloutTrainingAssignedConsumer>
{
    // Every event of a rollout goes to the same grain, which takes one at a time: more in flight only queues there.
    public RolloutTrainingAssignedConsumerDefinition() => ConcurrentMessageLimit = OrganizationsConsumers.RolloutConcurrentMessageLimit;
}
