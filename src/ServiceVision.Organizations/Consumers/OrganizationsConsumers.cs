using MassTransit;
using ServiceVision.Organizations.Consumers;

namespace ServiceVision.Organizations;

/// <summary>The consumers of the organizations context, for <c>AddMessaging(bus => bus.AddOrganizationsConsumers())</c>.</summary>
public static class OrganizationsConsumers
{
    /// <summary>Messages each rollout endpoint handles at once.</summary>
    public const int RolloutConcurrentMessageLimit = 16;

    /// <summary>
    /// Rollout progress from the training service's events, on the endpoints rollout-training-assigned,
    /// rollout-training-started and rollout-training-completed.
    /// </summary>
    public static IBusRegistrationConfigurator AddOrganizationsConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<RolloutTrainingAssignedConsumer, RolloutTrainingAssignedConsumerDefinition>();
        bus.AddConsumer<RolloutTrainingStartedConsumer, RolloutTrainingStartedConsumerDefinition>();
        bus.AddConsumer<RolloutTrainingCompletedConsumer, RolloutTrainingCompletedConsumerDefinition>();
        return bus;
    }
}
