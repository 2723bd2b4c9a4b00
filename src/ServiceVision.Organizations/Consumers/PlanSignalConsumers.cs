using MassTransit;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Consumers;

// The improvement plan's consumers. Each hands the event to the organization's grain, which keys it
// on the sender's id (survey id + sequence, recognition id, celebration id, recovery id), so a
// redelivery changes nothing. They run in the message's tenant context (the consume filter set it).
// Endpoint names (plan-survey-scores, ...) are their own, so they never share a queue with another
// context's consumer of the same event.

/// <summary>SurveyScoresPublished: the latest scores per group, for the plan (culture step), the alignment view and GET /api/v1/scores. Endpoint: plan-survey-scores.</summary>
public sealed class PlanSurveyScoresConsumer(IGrainFactory grains) : IConsumer<SurveyScoresPublished>
{
    public Task Consume(ConsumeContext<SurveyScoresPublished> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return grains.GetGrain<IScoresGrain>(PlanKeys.Scores(context.Message.OrganizationId)).RecordScores(context.Message);
    }
}

public sealed class PlanSurveyScoresConsumerDefinition : ConsumerDefinition<PlanSurveyScoresConsumer>
{
    public PlanSurveyScoresConsumerDefinition()
    {
        EndpointName = "plan-survey-scores";
        ConcurrentMessageLimit = OrganizationsConsumers.PlanConcurrentMessageLimit;
    }
}

/// <summary>RecognitionGiven: recognitions per pillar for the alignment view, huddle topics and the plan (celebrate step). Endpoint: plan-recognitions.</summary>
public sealed class PlanRecognitionConsumer(IGrainFactory grains) : IConsumer<RecognitionGiven>
{
    public Task Consume(ConsumeContext<RecognitionGiven> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return grains.GetGrain<IScoresGrain>(PlanKeys.Scores(context.Message.OrganizationId)).RecordRecognition(context.Message);
    }
}

public sealed class PlanRecognitionConsumerDefinition : ConsumerDefinition<PlanRecognitionConsumer>
{
    public PlanRecognitionConsumerDefinition()
    {
        EndpointName = "plan-recognitions";
        ConcurrentMessageLimit = OrganizationsConsumers.PlanConcurrentMessageLimit;
    }
}

/// <summary>CelebrationHeld: the plan's celebrate step. Endpoint: plan-celebrations.</summary>
public sealed class PlanCelebrationConsumer(IGrainFactory grains) : IConsumer<CelebrationHeld>
{
    public Task Consume(ConsumeContext<CelebrationHeld> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return grains.GetGrain<IScoresGrain>(PlanKeys.Scores(context.Message.OrganizationId)).RecordCelebration(context.Message);
    }
}

public sealed class PlanCelebrationConsumerDefinition : ConsumerDefinition<PlanCelebrationConsumer>
{
    public PlanCelebrationConsumerDefinition()
    {
        EndpointName = "plan-celebrations";
        ConcurrentMessageLimit = OrganizationsConsumers.PlanConcurrentMessageLimit;
    }
}

/// <summary>ServiceRecoveryNeeded: an open complaint a member's recorded recovery can close. Endpoint: plan-service-recoveries.</summary>
public sealed class PlanServiceRecoveryConsumer(IGrainFactory grains) : IConsumer<ServiceRecoveryNeeded>
{
    public Task Consume(ConsumeContext<ServiceRecoveryNeeded> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return grains.GetGrain<IEmpowermentGrain>(PlanKeys.Empowerment(context.Message.OrganizationId)).RecordComplaint(context.Message);
    }
}

public sealed class PlanServiceRecoveryConsumerDefinition : ConsumerDefinition<PlanServiceRecoveryConsumer>
{
    public PlanServiceRecoveryConsumerDefinition()
    {
        EndpointName = "plan-service-recoveries";
        ConcurrentMessageLimit = OrganizationsConsumers.PlanConcurrentMessageLimit;
    }
}
