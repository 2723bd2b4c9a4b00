using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

public sealed record LocationRequest(string? Name, string? Region, string? Code);

/// <summary>Locations of the caller's organization (/api/v1/locations): branches, stores or sites where members work.</summary>
public static class LocationEndpoints
{
    public static IEndpointRouteBuilder MapLocationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/locations").WithTags("Locations");
        group.MapPost("/", CreateAsync).WithSummary("Adds a location (names are unique, ignoring case).").WithIdempotency().RequireAuthorization(Policies.Owner);
        group.MapGet("/", ListAsync).WithSummary("Locations ordered by name, with member counts; filter with region.").RequireAuthorization(Policies.Employee);
        group.MapGet("/{id}", GetAsync).WithSummary("One location; its ETag is the revision.").RequireAuthorization(Policies.Employee);
        group.MapPut("/{id}", UpdateAsync).WithSummary("Renames a location or changes its region or code (If-Match required).").RequireAuthorization(Policies.Owner);
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Deletes a location nobody works at (If-Match required).").RequireAuthorization(Policies.Owner);
        return routes;
    }

    private static async Task<Created<LocationView>> CreateAsync(LocationRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        ValidationFailedException.ThrowIfAny(LocationRules.Validate(request.Name, request.Region, request.Code));
        var location = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId)
            .CreateLocation(new NewLocation(Ids.New("loc"), request.Name!, request.Region, request.Code, caller.MemberId));
        ETags.Set(context, location.Revision);
        return TypedResults.Created($"/api/v1/locations/{location.Id}", location);
    }

    private static async Task<Ok<PagedList<LocationView>>> ListAsync(Caller caller, PageRequest page, IGrainFactory grains, string? region = null)
    {
        ValidationFailedException.ThrowIfAny(LocationRules.ValidateRegionFilter(region));
        return TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).ListLocations(region, page));
    }

    private static async Task<Ok<LocationView>> GetAsync(string id, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var location = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).GetLocation(id);
        ETags.Set(context, location.Revision);
        return TypedResults.Ok(location);
    }

    private static async Task<Ok<LocationView>> UpdateAsync(string id, LocationRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        ValidationFailedException.ThrowIfAny(LocationRules.Validate(request.Name, request.Region, request.Code));
        var location = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId)
            .UpdateLocation(id, new LocationChange(request.Name!, request.Region, request.Code), expected);
        ETags.Set(context, location.Revision);
        return TypedResults.Ok(location);
    }

    private static async Task<NoContent> DeleteAsync(string id, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).DeleteLocation(id, expected);
        return TypedResults.NoContent();
    }
}
