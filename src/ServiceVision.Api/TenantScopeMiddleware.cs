using Microsoft.AspNetCore.Http;
using ServiceVision.Grains;

namespace ServiceVision.Api;

/// <summary>
/// Runs the rest of an authenticated request as the caller's organization, so the grain call
/// filter refuses any call into another tenant's grains.
/// </summary>
public sealed class TenantScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using var tenant = TenantContext.Enter(Caller.From(context.User)?.OrganizationId);
        await next(context);
    }
}
