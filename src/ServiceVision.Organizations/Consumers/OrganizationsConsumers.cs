using MassTransit;
using ServiceVision.Organizations.Consumers;

namespace ServiceVision.Organizations;

/// <summary>The consumers of the organizations context, for <c>AddMessaging(bus => bus.AddOrganizationsConsumers())</c>.</summary>
public static class OrganizationsConsumers
{
    /// <summary>
    /// Messages each rollout endpoint handles at once. A large rollout spreads its events over many
    /// progress shards, so many can be written at the same time; events of one shard that arrive
    /// together share its next write (RolloutShardBatcher).
    /// </summary>
    public const int RolloutConcurrentMessageLimit = 128;

    /// <summary>
    /// Messages each plan endpoint (survey scores, recognitions, celebrations, recoveries) handles at once.
    /// Each message writes one grain of its organization (the scores grain, the empowerment grain), so a
    /// burst from one organization queues at that grain anyway; the limit lets other organizations'
    /// messages through meanwhile without piling hundreds of calls onto one mailbox.
    /// </summary>
    public const int PlanConcurrentMessageLimit = 32;

    /// <summary>
    /// Rollout progress from the training service's events, on the endpoints rollout-training-assigned,
    /// rollout-training-started and rollout-training-completed; complaint refreshers from ComplaintMapped
    /// on organizations-complaint-mapped.
    /// </summary>
    public static IBusRegistrationConfigurator AddOrganizationsConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<RolloutTrainingAssignedConsumer, RolloutTrainingAssignedConsumerDefinition>();
        bus.AddConsumer<RolloutTrainingStartedConsumer, RolloutTrainingStartedConsumerDefinition>();
        bus.AddConsumer<RolloutTrainingCompletedConsumer, RolloutTrainingCompletedConsumerDefinition>();
        // The improvement plan: survey scores, recognitions, celebrations and complaints (see PlanSignalConsumers).
        bus.AddConsumer<PlanSurveyScoresConsumer, PlanSurveyScoresConsumerDefinition>();
        bus.AddConsumer<PlanRecognitionConsumer, PlanRecognitionConsumerDefinition>();
        bus.AddConsumer<PlanCelebrationConsumer, PlanCelebrationConsumerDefinition>();
        bus.AddConsumer<PlanServiceRecoveryConsumer, PlanServiceRecoveryConsumerDefinition>();
        bus.AddConsumer<ComplaintMappedConsumer, ComplaintMappedConsumerDefinition>();
        // Franchise networks: a published vision is offered to every location (organizations-network-version).
        bus.AddConsumer<NetworkVersionConsumer, NetworkVersionConsumerDefinition>();
        return bus;
    }
}
