using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Auth;
using ServiceVision.Organizations.Directory;
using ServiceVision.Organizations.Grains;
using ServiceVision.Organizations.Http;

namespace ServiceVision.Organizations;

/// <summary>Composition of the organizations context: its grains, the platform directory, sign-in and its HTTP API.</summary>
public static class OrganizationsModule
{
    public static IServiceCollection AddOrganizations(this IServiceCollection services)
    {
        services.AddGrain<IOrganizationGrain, OrganizationGrain>("organization");
        services.AddSingleton<PlatformDirectory>();
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<SignUpService>();
        services.AddMemberAuthentication();
        return services;
    }

    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapAccountEndpoints();
        routes.MapOrganizationEndpoints();
        return routes;
    }
}
