using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Networks;
using ServiceVision.Grains;
using ServiceVision.Organizations.Network;

namespace ServiceVision.Organizations.Http;

/// <summary>The network dashboard (/api/v1/network/dashboard): every location's adoption, training, scores, recognitions, audit and alignment, lagging first.</summary>
public static class NetworkDashboardEndpoints
{
    public const string CsvMediaType = "text/csv";

    public static IEndpointRouteBuilder MapNetworkDashboardEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/network/dashboard", GetAsync)
            .WithTags("Network")
            .WithSummary("Per location: adoption of the network vision, training, latest NPS/CSAT and pulse, recognitions per pillar, latest audit and the alignment score; lagging first, region= filter, paged; format=csv (or Accept: text/csv) exports every filtered row.")
            .Produces<NetworkDashboardView>(StatusCodes.Status200OK)
            .Produces<string>(StatusCodes.Status200OK, CsvMediaType)
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static async Task<Results<Ok<NetworkDashboardView>, FileContentHttpResult>> GetAsync(
        Caller caller, IGrainFactory grains, TimeProvider time, PageRequest page, HttpContext context, string? region = null, string? format = null)
    {
        var errors = new List<Domain.ValidationError>(LocationRules.ValidateRegionFilter(region));
        if (format is not null && !format.Equals("csv", StringComparison.OrdinalIgnoreCase) && !format.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new("format", "The format is json (the default) or csv."));
        }

        ValidationFailedException.ThrowIfAny(errors);
        var scope = await LocationAccess.ScopeOfAsync(caller, grains);
        var data = await NetworkDashboardReader.ReadAsync(grains, caller.OrganizationId, scope, region, time.GetUtcNow(), context.RequestAborted);
        if (WantsCsv(context, format))
        {
            var csv = NetworkDashboardCsv.Write(data.Rows, data.Pillars);
            return TypedResults.File(Encoding.UTF8.GetBytes(csv), CsvMediaType + "; charset=utf-8", "network-dashboard.csv");
        }

        return TypedResults.Ok(NetworkDashboardView.Of(data, page));
    }

    /// <summary>format=csv, or no format and an Accept header that names text/csv.</summary>
    private static bool WantsCsv(HttpContext context, string? format) =>
        format is not null
            ? format.Equals("csv", StringComparison.OrdinalIgnoreCase)
            : context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase));
}
