using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceVision.Surveys;

/// <summary>Composition of the surveys service: its grains, its consumers and its HTTP API.</summary>
public static class SurveysModule
{
    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        return services;
    }

    public static IBusRegistrationConfigurator AddSurveysConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return bus;
    }

    public static IEndpointRouteBuilder MapSurveysApi(this IEndpointRouteBuilder routes)
    {
        return routes;
    }
}
