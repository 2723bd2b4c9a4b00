using MassTransit;
using Microsoft.Extensions.Logging;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Consumers;

/// <summary>
/// TrainingCompleted (a member completed their assignment, with the quiz score) moves the member forward in the rollout's progress.
/// Idempotent by member: progress only moves forward, so a redelivery changes nothing. Endpoint: rollout-training-completed.
/// </summary>
public sealed class RolloutTrainingCompletedConsumer(IGrainFactory grains, ILogger<RolloutTrainingCompletedConsumer> logger) : IConsumer<TrainingCompleted>
{
    public Task Consume(ConsumeContext<TrainingCompleted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        return RolloutProgressRecorder.RecordAsync(grains, logger, message.OrganizationId, message.RolloutId, new RolloutMemberUpdate(message.MemberId, RolloutMemberStatus.Completed, message.ScorePercent));
    }
}

public sealed class RolloutTrainingCompletedConsumerDefinition : ConsumerDefinition<RolloutTrainingCompletedConsumer>
{
    // Every event of a rollout goes to the same grain, which takes one at a time: more in flight only queues there.
    public RolloutTrainingCompletedConsumerDefinition() => ConcurrentMessageLimit = OrganizationsConsumers.RolloutConcurrentMessageLimit;
}
