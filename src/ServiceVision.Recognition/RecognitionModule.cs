using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;
using ServiceVision.Recognition.Consumers;
using ServiceVision.Recognition.Grains;
using ServiceVision.Recognition.Http;

namespace ServiceVision.Recognition;

/// <summary>Composition of the recognition service: its grains, its consumers and its HTTP API.</summary>
public static class RecognitionModule
{
    public static IServiceCollection AddRecognition(this IServiceCollection services)
    {
        services.AddGrain<IRecognitionMonthGrain, RecognitionMonthGrain>(RecognitionKeys.MonthGrainType);
        services.AddGrain<IRecognitionStatisticsGrain, RecognitionStatisticsGrain>(RecognitionKeys.StatisticsGrainType);
        services.AddGrain<IRecognitionProposalsGrain, RecognitionProposalsGrain>(RecognitionKeys.ProposalsGrainType);
        services.AddGrain<ICelebrationsGrain, CelebrationsGrain>(RecognitionKeys.CelebrationsGrainType);
        return services;
    }

    /// <summary>The consumers of RolloutCompleted and SurveyScoresPublished (milestones) and CustomerFeedbackReceived (proposed recognitions).</summary>
    public static IBusRegistrationConfigurator AddRecognitionConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<RolloutCompletedConsumer, RolloutCompletedConsumerDefinition>();
        bus.AddConsumer<SurveyScoresPublishedConsumer, SurveyScoresPublishedConsumerDefinition>();
        bus.AddConsumer<CustomerFeedbackReceivedConsumer, CustomerFeedbackReceivedConsumerDefinition>();
        return bus;
    }

    public static IEndpointRouteBuilder MapRecognitionApi(this IEndpointRouteBuilder routes)
    {
        routes.MapRecognitionEndpoints();
        routes.MapRecognitionStatisticsEndpoints();
        routes.MapRecognitionProposalEndpoints();
        routes.MapCelebrationEndpoints();
        return routes;
    }
}
