using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains;
using ServiceVision.Training.Abstractions;
using ServiceVision.Training.Consumers;
using ServiceVision.Training.Grains;
using ServiceVision.Training.Http;

namespace ServiceVision.Training;

/// <summary>Composition of the training service: its grains, its consumers and its HTTP API.</summary>
public static class TrainingModule
{
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.AddGrain<ITrainingCatalogGrain, TrainingCatalogGrain>(TrainingKeys.CatalogGrainType);
        services.AddGrain<ITrainingCoverageGrain, TrainingCoverageGrain>(TrainingKeys.CoverageGrainType);
        services.AddGrain<IMemberTrainingGrain, MemberTrainingGrain>(TrainingKeys.MemberGrainType);
        return services;
    }

    /// <summary>The consumers of VisionPublished (courses, refreshers), AssignTraining (assignments) and AssignRefresher (complaint refreshers).</summary>
    public static IBusRegistrationConfigurator AddTrainingConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<VisionPublishedConsumer, VisionPublishedConsumerDefinition>();
        bus.AddConsumer<AssignTrainingConsumer, AssignTrainingConsumerDefinition>();
        bus.AddConsumer<AssignRefresherConsumer, AssignRefresherConsumerDefinition>();
        return bus;
    }

    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder routes)
    {
        routes.MapCourseEndpoints();
        routes.MapAssignmentEndpoints();
        return routes;
    }
}
