using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceVision.Partners;

/// <summary>Composition of the partners context: its grains, its consumers and its HTTP API.</summary>
public static class PartnersModule
{
    public static IServiceCollection AddPartners(this IServiceCollection services)
    {
        return services;
    }

    public static IBusRegistrationConfigurator AddPartnersConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return bus;
    }

    public static IEndpointRouteBuilder MapPartnersApi(this IEndpointRouteBuilder routes)
    {
        return routes;
    }
}
