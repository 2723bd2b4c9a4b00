using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

public sealed record ProfileRequest(string? Name, string? Description);

/// <summary>The caller's organization profile (/api/v1/organization).</summary>
public static class OrganizationEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/organization").WithTags("Organization");
        group.MapGet("/", GetAsync).WithSummary("The organization's profile; its ETag is the revision.").RequireAuthorization(Policies.Employee);
        group.MapPut("/", UpdateAsync).WithSummary("Renames the organization or changes its description (If-Match required).").RequireAuthorization(Policies.Owner);
        return routes;
    }

    private static async Task<Ok<OrganizationProfile>> GetAsync(Caller caller, IGrainFactory grains, HttpContext context)
    {
        var profile = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).GetProfile();
        ETags.Set(context, profile.Revision);
        return TypedResults.Ok(profile);
    }

    private static async Task<Ok<OrganizationProfile>> UpdateAsync(ProfileRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        var profile = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).UpdateProfile(new ProfileChange(request.Name ?? "", request.Description), expected);
        ETags.Set(context, profile.Revision);
        return TypedResults.Ok(profile);
    }
}
