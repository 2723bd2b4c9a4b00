using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Auth;
using ServiceVision.Organizations.Directory;
using ServiceVision.Organizations.Grains;
using ServiceVision.Organizations.Http;

namespace ServiceVision.Organizations;

/// <summary>Composition of the organizations context: its grains, the platform directory, sign-in and its HTTP API.</summary>
public static class OrganizationsModule
{
    /// <summary>The stored type name of organization grains.</summary>
    public const string OrganizationGrainType = "organization";

    public static IServiceCollection AddOrganizations(this IServiceCollection services)
    {
        services.AddGrain<IOrganizationGrain, OrganizationGrain>(OrganizationGrainType);
        services.AddGrain<IVisionGrain, VisionGrain>("vision");
        services.AddGrain<IServiceDesignGrain, ServiceDesignGrain>("service-design");
        services.AddGrain<IHiringGrain, HiringGrain>("hiring");
        services.AddGrain<IRolloutsGrain, RolloutsGrain>("rollouts");
        services.AddGrain<IRolloutProgressGrain, RolloutProgressGrain>("rollout-progress");
        services.AddGrain<IRolloutProgressShardGrain, RolloutProgressShardGrain>("rollout-progress-shard");
        services.AddGrain<IAnnouncementsGrain, AnnouncementsGrain>("announcements");
        services.AddGrain<IEmpowermentGrain, EmpowermentGrain>("empowerment");
        services.AddGrain<IHuddlesGrain, HuddlesGrain>("huddles");
        services.AddGrain<IScoresGrain, ScoresGrain>("scores");
        services.AddGrain<IAuditChecklistsGrain, AuditChecklistsGrain>("audit-checklists");
        services.AddGrain<ILocationAuditsGrain, LocationAuditsGrain>("location-audits");
        services.AddGrain<ILocationVisionGrain, LocationVisionGrain>("location-vision");
        services.AddSingleton<PlatformDirectory>();
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<SignUpService>();
        services.AddMemberAuthentication();
        services.AddGrain<IAuditGrain, AuditGrain>("audit");
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section);
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<InvitationAcceptance>();
        return services;
    }

    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapAccountEndpoints();
        routes.MapOrganizationEndpoints();
        routes.MapVisionEndpoints();
        routes.MapInvitationEndpoints();
        routes.MapMemberEndpoints();
        routes.MapDepartmentEndpoints();
        routes.MapLocationImportEndpoints();
        routes.MapLocationEndpoints();
        routes.MapLocationVisionEndpoints();
        routes.MapApiKeyEndpoints();
        routes.MapServiceDesignEndpoints();
        routes.MapHiringEndpoints();
        routes.MapRolloutEndpoints();
        routes.MapPlanEndpoints();
        routes.MapAnnouncementEndpoints();
        routes.MapEmpowermentEndpoints();
        routes.MapHuddleEndpoints();
        routes.MapAlignmentEndpoints();
        routes.MapAuditEndpoints();
        routes.MapLocationAuditEndpoints();
        routes.MapNetworkDashboardEndpoints();
        return routes;
    }
}
