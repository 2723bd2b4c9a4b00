using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace ServiceVision.Api.Security;

/// <summary>
/// The API's global rate limiter: one fixed window per organization for authenticated callers (all
/// its members and keys share it, so one tenant cannot starve the others) and one per client IP for
/// anonymous callers. Only /api is limited; health checks and the OpenAPI document are not.
/// </summary>
public static class RateLimitPartitions
{
    public static PartitionedRateLimiter<HttpContext> Create(RateLimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!options.Enabled || !context.Request.Path.StartsWithSegments("/api"))
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            var caller = Caller.From(context.User);
            var (key, permits) = caller is not null
                ? ("org:" + caller.OrganizationId, options.PerOrganizationPermits)
                : ("ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), options.PerAnonymousIpPermits);
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permits),
                Window = options.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
}
