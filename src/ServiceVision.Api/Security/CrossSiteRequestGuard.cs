using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace ServiceVision.Api.Security;

/// <summary>
/// Anti-forgery for the JSON API. A browser sends cookies with cross-site requests, but a page on
/// another site can only send "simple" requests without asking (CORS preflight, which this API never
/// grants): form posts (urlencoded, multipart, text/plain). So an unsafe /api request that carries
/// cookies must send JSON (or CSV, or no body) and must not come from another origin (Origin header,
/// Sec-Fetch-Site). Requests without cookies (API keys, servers) are not affected. Refusals are 403
/// problems and change nothing.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api")
            || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !request.Headers.ContainsKey(HeaderNames.Cookie))
        {
            return next(context);
        }

        var reason = Refusal(request);
        return reason is null ? next(context) : RefuseAsync(context, reason);
    }

    private static string? Refusal(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite is not "same-origin" and not "none")
        {
            return "Requests from other sites may not use this session.";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && (!Uri.TryCreate(origin, UriKind.Absolute, out var from)
            || !string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return "Requests from other origins may not use this session.";
        }

        var hasBody = request.ContentLength > 0 || request.Headers.ContainsKey(HeaderNames.TransferEncoding);
        var contentType = request.ContentType;
        if ((hasBody || !string.IsNullOrEmpty(contentType)) && !IsJson(contentType) && !IsCsv(contentType))
        {
            return "Requests signed in with the session cookie must send JSON (Content-Type: application/json).";
        }

        return null;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.Suffix.HasValue && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase) && media.Type.Equals("application", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// text/csv (the location import) is not a content type a page may send cross-site without a CORS
    /// preflight (only urlencoded, multipart and text/plain are), so it cannot be forged either.
    /// </summary>
    private static bool IsCsv(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);

    private static async Task RefuseAsync(HttpContext context, string reason)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Cross-site request refused.", Detail = reason },
        });
    }
}
