using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ServiceVision.Grains;

namespace ServiceVision.Api;

/// <summary>
/// Runs the rest of an authenticated request as the caller's organization, so the grain call
/// filter refuses any call into another tenant's grains; and tags the framework's request metrics
/// (http.server.request.duration) with the organization, so requests can be counted per tenant.
/// </summary>
public sealed class TenantScopeMiddleware(RequestDelegate next)
{
    public const string OrganizationTag = "servicevision.organization";

    public async Task InvokeAsync(HttpContext context)
    {
        var organization = Caller.From(context.User)?.OrganizationId;
        if (organization is not null)
        {
            context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new(OrganizationTag, organization));
        }

        using var tenant = TenantContext.Enter(organization);
        await next(context);
    }
}
