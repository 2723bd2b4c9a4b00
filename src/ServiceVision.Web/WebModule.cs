using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceVision.Web;

/// <summary>Composition of the web application: Razor Pages under /app.</summary>
public static class WebModule
{
    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        services.AddRazorPages();
        return services;
    }

    public static IEndpointRouteBuilder MapWebApp(this IEndpointRouteBuilder routes)
    {
        routes.MapRazorPages();
        return routes;
    }
}
