using MassTransit;
using ServiceVision.Organizations;
using ServiceVision.Partners;
using ServiceVision.Recognition;
using ServiceVision.Surveys;
using ServiceVision.Training;
using ServiceVision.Web;

namespace ServiceVision.Host.Infrastructure;

/// <summary>
/// Which contexts this process composes, by <see cref="PlatformRoles"/>: their consumers, their
/// services and their endpoints. Organizations' services (members, sign-in, the directory) are
/// always present because every other context and the web app read them.
/// </summary>
public static class PlatformComposition
{
    public static void AddConsumers(this IBusRegistrationConfigurator bus, PlatformRoles roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        If(roles.Organizations, () => bus.AddOrganizationsConsumers());
        If(roles.Training, () => bus.AddTrainingConsumers());
        If(roles.Surveys, () => bus.AddSurveysConsumers());
        If(roles.Recognition, () => bus.AddRecognitionConsumers());
        If(roles.Partners, () => bus.AddPartnersConsumers());
    }

    public static IServiceCollection AddContexts(this IServiceCollection services, PlatformRoles roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        services.AddOrganizations();
        If(roles.Training, () => services.AddTraining());
        If(roles.Surveys, () => services.AddSurveys());
        If(roles.Recognition, () => services.AddRecognition());
        If(roles.Partners, () => services.AddPartners());
        services.AddWebApp();
        return services;
    }

    public static IEndpointRouteBuilder MapContexts(this IEndpointRouteBuilder routes, PlatformRoles roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        If(roles.Organizations, () => routes.MapOrganizationsApi());
        If(roles.Training, () => routes.MapTrainingApi());
        If(roles.Surveys, () => routes.MapSurveysApi());
        If(roles.Recognition, () => routes.MapRecognitionApi());
        If(roles.Partners, () => routes.MapPartnersApi());
        routes.MapWebApp();
        return routes;
    }

    private static void If(bool role, Action compose)
    {
        if (role)
        {
            compose();
        }
    }
}
