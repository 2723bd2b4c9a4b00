using MassTransit;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Consumers;

/// <summary>
/// A location whose customer score beats a goal the owner set proposes a celebration, once per
/// location and survey round (keyed in the celebrations grain), however often the scores are published.
/// </summary>
public sealed class SurveyScoresPublishedConsumer(IGrainFactory grains) : IConsumer<SurveyScoresPublished>
{
    public async Task Consume(ConsumeContext<SurveyScoresPublished> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scores = context.Message;
        if (scores.SurveyKind != "CustomerFeedback" || string.IsNullOrWhiteSpace(scores.SurveyId))
        {
            return;
        }

        await grains.GetGrain<ICelebrationsGrain>(RecognitionKeys.Celebrations(scores.OrganizationId)).ProposeForScores(scores);
    }
}

/// <summary>Endpoint "recognition-survey-scores-published"; retries as configured for every endpoint.</summary>
public sealed class SurveyScoresPublishedConsumerDefinition : ConsumerDefinition<SurveyScoresPublishedConsumer>
{
    public SurveyScoresPublishedConsumerDefinition()
    {
        EndpointName = "recognition-survey-scores-published";
        ConcurrentMessageLimit = 4;
    }
}
