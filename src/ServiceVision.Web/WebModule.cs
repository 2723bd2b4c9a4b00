using System.Reflection;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Api;
using ServiceVision.Organizations.Auth;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web;

/// <summary>Composition of the web application: Razor Pages under /app and their CSS/JS at /app/assets.</summary>
public static class WebModule
{
    public const string SignInPath = "/app/sign-in";

    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            // Every page needs a member, except the few a visitor uses to get in.
            options.Conventions.AuthorizeFolder("/", Policies.Employee);
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.AllowAnonymousToPage("/SignUp");
            options.Conventions.AllowAnonymousToPage("/AcceptInvitation");
            options.Conventions.AllowAnonymousToPage("/Forbidden");
        }).AddMvcOptions(options => options.Filters.Add<ApiExceptionPageFilter>());

        // Pages redirect to the web app's sign-in page (the API keeps answering 401/403).
        services.PostConfigure<CookieAuthenticationOptions>(AuthenticationSetup.CookieScheme, options =>
        {
            options.LoginPath = SignInPath;
            options.AccessDeniedPath = "/app/forbidden";
            options.ReturnUrlParameter = "returnUrl";
        });
        return services;
    }

    public static IEndpointRouteBuilder MapWebApp(this IEndpointRouteBuilder routes)
    {
        routes.MapRazorPages();
        routes.MapGet("/app/assets/{name}", ServeAsset).ExcludeFromDescription().AllowAnonymous();
        return routes;
    }

    private static IResult ServeAsset(string name, HttpContext context)
    {
        var contentType = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => null,
        };
        var stream = contentType is null ? null : typeof(WebModule).Assembly.GetManifestResourceStream("ServiceVision.Web.Assets." + name);
        if (stream is null)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Stream(stream, contentType);
    }
}
