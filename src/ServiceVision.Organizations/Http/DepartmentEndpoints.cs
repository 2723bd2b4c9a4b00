using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

public sealed record DepartmentRequest(string? Name, string? Description);

/// <summary>Departments of the caller's organization (/api/v1/departments).</summary>
public static class DepartmentEndpoints
{
    public static IEndpointRouteBuilder MapDepartmentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/departments").WithTags("Departments");
        group.MapPost("/", CreateAsync).WithSummary("Adds a department (names are unique, ignoring case).").WithIdempotency().RequireAuthorization(Policies.Leader);
        group.MapGet("/", ListAsync).WithSummary("Departments ordered by name, with member counts.").RequireAuthorization(Policies.Employee);
        group.MapGet("/{id}", GetAsync).WithSummary("One department; its ETag is the revision.").RequireAuthorization(Policies.Employee);
        group.MapPut("/{id}", UpdateAsync).WithSummary("Renames or re-describes a department (If-Match required).").RequireAuthorization(Policies.Leader);
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Deletes an empty department (If-Match required).").RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static async Task<Created<DepartmentView>> CreateAsync(DepartmentRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        ValidationFailedException.ThrowIfAny(MemberRules.ValidateDepartment(request.Name, request.Description));
        var department = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId)
            .CreateDepartment(new NewDepartment(Ids.New("dep"), request.Name!, request.Description, caller.MemberId));
        ETags.Set(context, department.Revision);
        return TypedResults.Created($"/api/v1/departments/{department.Id}", department);
    }

    private static async Task<Ok<PagedList<DepartmentView>>> ListAsync(Caller caller, PageRequest page, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).ListDepartments(page));

    private static async Task<Ok<DepartmentView>> GetAsync(string id, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var department = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).GetDepartment(id);
        ETags.Set(context, department.Revision);
        return TypedResults.Ok(department);
    }

    private static async Task<Ok<DepartmentView>> UpdateAsync(string id, DepartmentRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        ValidationFailedException.ThrowIfAny(MemberRules.ValidateDepartment(request.Name, request.Description));
        var department = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId)
            .UpdateDepartment(id, new DepartmentChange(request.Name!, request.Description), expected);
        ETags.Set(context, department.Revision);
        return TypedResults.Ok(department);
    }

    private static async Task<NoContent> DeleteAsync(string id, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).DeleteDepartment(id, expected);
        return TypedResults.NoContent();
    }
}
