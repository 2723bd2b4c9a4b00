using MassTransit;
using Microsoft.Extensions.Logging;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Consumers;

/// <summary>
/// TrainingStarted (a member opened their assignment) moves the member forward in the rollout's progress.
/// Idempotent by member: progress only moves forward, so a redelivery changes nothing. Endpoint: rollout-training-started.
/// </summary>
public sealed class RolloutTrainingStartedConsumer(IGrainFactory grains, ILogger<RolloutTrainingStartedConsumer> logger) : IConsumer<TrainingStarted>
{
    public Task Consume(ConsumeContext<TrainingStarted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        return RolloutProgressRecorder.RecordAsync(grains, logger, message.OrganizationId, message.RolloutId, new RolloutMemberUpdate(message.MemberId, RolloutMemberStatus.Started));
    }
}

public sealed class RolloutTrainingStartedConsumerDefinition : ConsumerDefinition<RolloutTrainingStartedConsumer>
{
    // Every event of a rollout goes to the same grain, which takes one at a time: more in flight only queues there.
    public RolloutTrainingStartedConsumerDefinition() => ConcurrentMessageLimit = OrganizationsConsumers.RolloutConcurrentMessageLimit;
}
