using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceVision.Api.Security;
using ServiceVision.Domain.Members;

namespace ServiceVision.Api;

public static class ApiConventionsExtensions
{
    /// <summary>Problem details for every failure, enums as strings, role policies.</summary>
    public static IServiceCollection AddApiConventions(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        AddSecurity(services);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Employee, p => p.RequireAuthenticatedUser().RequireAssertion(c => Caller.From(c.User) is not null))
            .AddPolicy(Policies.Leader, p => p.RequireAssertion(c => Caller.From(c.User)?.IsAtLeast(MemberRole.Leader) == true))
            .AddPolicy(Policies.Owner, p => p.RequireAssertion(c => Caller.From(c.User)?.IsAtLeast(MemberRole.Owner) == true));

        // Contexts add their own policies (AddRateLimiter configures the same options again); a
        // refusal is a 429 problem with Retry-After when the limiter knows it.
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await TypedResults.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: "Slow down and try again later.").ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>
    /// Limits and security (see Security/): body size and JSON depth limits, security headers and
    /// the cross-site guard at the start of the pipeline, no Server header, and the global rate
    /// limiter partitioned by organization (authenticated) or IP (anonymous).
    /// </summary>
    private static void AddSecurity(IServiceCollection services)
    {
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.Section);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddOptions<JsonOptions>().Configure<IOptions<RequestLimitsOptions>>((json, limits) => json.SerializerOptions.MaxDepth = limits.Value.MaxJsonDepth);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) => limiter.GlobalLimiter = RateLimitPartitions.Create(limits.Value));
        services.AddTransient<IStartupFilter, SecurityStartupFilter>();
    }

    /// <summary>
    /// After authentication: scope the request to the caller's tenant, apply rate limits (which may
    /// partition by that tenant), then honour idempotency keys. Call between
    /// UseAuthentication/UseAuthorization and the endpoints.
    /// </summary>
    public static IApplicationBuilder UseApiConventions(this IApplicationBuilder app) =>
        app.UseMiddleware<TenantScopeMiddleware>().UseRateLimiter().UseMiddleware<IdempotencyMiddleware>();
}
