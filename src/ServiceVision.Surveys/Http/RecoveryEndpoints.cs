using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Answering;

namespace ServiceVision.Surveys.Http;

public sealed record RecoveryMappingRequest(IReadOnlyList<string?>? ItemIds, string? LocationId, string? Role);

/// <summary>
/// Service recoveries (/api/v1/survey-recoveries): low customer scores on a touchpoint that someone
/// must answer; leaders list them and map each to the vision items it broke. The steps are
/// <see cref="ServiceRecoveryMapping"/>'s, shared with the web app's complaints page.
/// </summary>
public static class RecoveryEndpoints
{
    public static IEndpointRouteBuilder MapRecoveryEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/survey-recoveries").WithTags("Surveys");
        group.MapGet("/", ListAsync).WithSummary("Service recoveries, newest first; ?status=Open|Overdue|Resolved.").RequireAuthorization(Policies.Leader);
        group.MapGet("/{recoveryId}", GetAsync).WithSummary("A service recovery (ETag).").RequireAuthorization(Policies.Leader);
        group.MapPut("/{recoveryId}/mapping", MapAsync).WithSummary("Maps the complaint to the never/always items or standards it broke and who gets a refresher (If-Match).").RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static async Task<Ok<PagedList<ServiceRecoveryView>>> ListAsync(Caller caller, ServiceRecoveryMapping recoveries, PageRequest page, string? status) =>
        TypedResults.Ok(await recoveries.ListAsync(caller, ServiceRecoveryMapping.ParseStatus(status), page));

    private static async Task<Ok<ServiceRecoveryView>> GetAsync(string recoveryId, Caller caller, ServiceRecoveryMapping recoveries, HttpContext context)
    {
        var view = await recoveries.GetAsync(caller, recoveryId);
        ETags.Set(context, view.Revision);
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<ServiceRecoveryView>> MapAsync(string recoveryId, RecoveryMappingRequest request, Caller caller, ServiceRecoveryMapping recoveries, HttpContext context)
    {
        await recoveries.GetAsync(caller, recoveryId);
        var expected = ETags.RequireIfMatch(context);
        var view = await recoveries.MapAsync(caller, recoveryId, request, expected);
        ETags.Set(context, view.Revision);
        return TypedResults.Ok(view);
    }
}
