using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ServiceVision.Api.Security;

/// <summary>
/// Puts the security middleware at the very start of the pipeline (before the host's own
/// middleware), so every response, including 401s, 404s and errors, gets the security headers, and
/// oversized or cross-site requests are refused before anything reads them.
/// </summary>
public sealed class SecurityStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<CrossSiteRequestGuard>();
        next(app);
    };
}
