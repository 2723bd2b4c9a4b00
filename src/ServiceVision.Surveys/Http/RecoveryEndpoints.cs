using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Grains;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Http;

public sealed record RecoveryMappingRequest(IReadOnlyList<string?>? ItemIds, string? LocationId, string? Role);

/// <summary>
/// Service recoveries (/api/v1/survey-recoveries): low customer scores on a touchpoint that someone
/// must answer; leaders list them and map each to the vision items it broke.
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

    private static IServiceRecoveriesGrain Recoveries(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<IServiceRecoveriesGrain>(SurveysKeys.Recoveries(caller.OrganizationId));

    private static async Task<Ok<PagedList<ServiceRecoveryView>>> ListAsync(Caller caller, IGrainFactory grains, PageRequest page, string? status)
    {
        ServiceRecoveryStatus? filter = null;
        if (status is not null)
        {
            filter = Enum.TryParse<ServiceRecoveryStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new ValidationFailedException("status", "The status is Open, Overdue or Resolved.");
        }

        return TypedResults.Ok(await Recoveries(grains, caller).List(filter, page));
    }

    private static async Task<Ok<ServiceRecoveryView>> GetAsync(string recoveryId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var view = await Recoveries(grains, caller).GetRecovery(recoveryId);
        ETags.Set(context, view.Revision);
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<ServiceRecoveryView>> MapAsync(string recoveryId, RecoveryMappingRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var recoveries = Recoveries(grains, caller);
        await recoveries.GetRecovery(recoveryId);
        var expected = ETags.RequireIfMatch(context);
        var errors = new List<ValidationError>();
        if (request.ItemIds is null)
        {
            errors.Add(new("itemIds", "Name the never, always or standard items the complaint broke."));
        }
        else
        {
            for (var i = 0; i < request.ItemIds.Count; i++)
            {
                if (!TextRules.IsWellFormedId(request.ItemIds[i]))
                {
                    errors.Add(new($"itemIds[{i}]", "An item id is required here."));
                }
            }
        }

        if (request.LocationId is not null && !TextRules.IsWellFormedId(request.LocationId))
        {
            errors.Add(new("locationId", "There is no such location."));
        }

        ValidationFailedException.ThrowIfAny(errors);
        var view = await recoveries.Map(recoveryId, new RecoveryMappingInput([.. request.ItemIds!.OfType<string>()], request.LocationId, request.Role, caller.MemberId), expected);
        ETags.Set(context, view.Revision);
        return TypedResults.Ok(view);
    }
}
