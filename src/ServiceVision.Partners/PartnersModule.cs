using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains;
using ServiceVision.Partners.Abstractions;
using ServiceVision.Partners.Broker;
using ServiceVision.Partners.Consumers;
using ServiceVision.Partners.Grains;
using ServiceVision.Partners.Http;
using ServiceVision.Partners.Inbound;

namespace ServiceVision.Partners;

/// <summary>Composition of the partners context: its grains, its consumers and its HTTP API.</summary>
public static class PartnersModule
{
    public static IServiceCollection AddPartners(this IServiceCollection services)
    {
        services.AddOptions<PartnersOptions>().BindConfiguration(PartnersOptions.SectionName);
        services.AddGrain<IPartnerRegistryGrain, PartnerRegistryGrain>(PartnerKeys.RegistryGrainType);
        services.AddGrain<IPartnerGrantsGrain, PartnerGrantsGrain>(PartnerKeys.GrantsGrainType);
        services.AddGrain<IPartnerRecordsGrain, PartnerRecordsGrain>(PartnerKeys.RecordsGrainType);
        services.AddSingleton<PartnerBroker>();
        services.AddHttpClient<BrokerManagementClient>();
        services.AddSingleton<InboundCommandHandler>();
        services.AddSingleton<PartnerInboundService>();
        services.AddHostedService(sp => sp.GetRequiredService<PartnerInboundService>());
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, PlatformAdminAuthentication>(PlatformAdminAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(PlatformAdminAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(PlatformAdminAuthentication.SchemeName)
            .RequireClaim(PlatformAdminAuthentication.Claim));
        return services;
    }

    /// <summary>The forwarder of grantable events to partners (endpoint "partners-events").</summary>
    public static IBusRegistrationConfigurator AddPartnersConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<PartnerEventForwarder, PartnerEventForwarderDefinition>();
        return bus;
    }

    public static IEndpointRouteBuilder MapPartnersApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPartnerRegistryEndpoints();
        routes.MapPartnerGrantEndpoints();
        routes.MapAsyncApiEndpoints();
        return routes;
    }
}
