using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceVision.Recognition;

/// <summary>Composition of the recognition service: its grains, its consumers and its HTTP API.</summary>
public static class RecognitionModule
{
    public static IServiceCollection AddRecognition(this IServiceCollection services)
    {
        return services;
    }

    public static IBusRegistrationConfigurator AddRecognitionConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return bus;
    }

    public static IEndpointRouteBuilder MapRecognitionApi(this IEndpointRouteBuilder routes)
    {
        return routes;
    }
}
