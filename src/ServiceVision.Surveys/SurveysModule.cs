using System.Threading.RateLimiting;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Answering;
using ServiceVision.Surveys.Authoring;
using ServiceVision.Surveys.Consumers;
using ServiceVision.Surveys.Grains;
using ServiceVision.Surveys.Http;

namespace ServiceVision.Surveys;

/// <summary>Composition of the surveys service: its grains, its consumers and its HTTP API.</summary>
public static class SurveysModule
{
    /// <summary>The rate-limit policy of the public (anonymous) survey routes.</summary>
    public const string PublicRateLimitPolicy = "surveys-public";

    /// <summary>Requests per minute one client address may send to one public link (setting Surveys:PublicPermitsPerMinute).</summary>
    public const int DefaultPublicPermitsPerMinute = 60;

    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddGrain<ISurveyCatalogGrain, SurveyCatalogGrain>(SurveysKeys.CatalogGrainType);
        services.AddGrain<ISurveyGrain, SurveyGrain>(SurveysKeys.SurveyGrainType);
        services.AddGrain<ISurveyLinkGrain, SurveyLinkGrain>(SurveysKeys.LinkGrainType);
        services.AddGrain<IResponseBucketGrain, ResponseBucketGrain>(SurveysKeys.BucketGrainType);
        services.AddGrain<ISurveyMemberGrain, SurveyMemberGrain>(SurveysKeys.MemberGrainType);
        services.AddGrain<IServiceRecoveriesGrain, ServiceRecoveriesGrain>(SurveysKeys.RecoveriesGrainType);
        services.AddSingleton<SurveyAuthoring>();
        services.AddSingleton<PublicSurveyAnswering>();
        services.AddSingleton<ServiceRecoveryMapping>();

        // Anonymous links: a fixed window per client address and link, so one kiosk or script cannot
        // flood a link (the link's response cap bounds the total anyway).
        services.AddRateLimiter(options => options.AddPolicy(PublicRateLimitPolicy, context =>
        {
            var permits = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("Surveys:PublicPermitsPerMinute", DefaultPublicPermitsPerMinute);
            var key = (context.Connection.RemoteIpAddress?.ToString() ?? "unknown") + "|" + context.Request.RouteValues["linkToken"];
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permits),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        }));
        return services;
    }

    /// <summary>The consumers of ServiceRecoveryNeeded (records recoveries) and ServiceRecoveryResolved (closes them).</summary>
    public static IBusRegistrationConfigurator AddSurveysConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<ServiceRecoveryNeededConsumer, ServiceRecoveryNeededConsumerDefinition>();
        bus.AddConsumer<ServiceRecoveryResolvedConsumer, ServiceRecoveryResolvedConsumerDefinition>();
        return bus;
    }

    public static IEndpointRouteBuilder MapSurveysApi(this IEndpointRouteBuilder routes)
    {
        routes.MapSurveyEndpoints();
        routes.MapMySurveyEndpoints();
        routes.MapPublicSurveyEndpoints();
        routes.MapRecoveryEndpoints();
        return routes;
    }
}
