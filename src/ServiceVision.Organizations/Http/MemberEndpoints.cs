using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Directory;

namespace ServiceVision.Organizations.Http;

/// <summary>A member's role, department and location; an absent departmentId or locationId means none.</summary>
public sealed record MemberChangeRequest(string? Role, string? DepartmentId, string? LocationId = null);

/// <summary>Members of the caller's organization (/api/v1/members): who they are, their role, department and location.</summary>
public static class MemberEndpoints
{
    public static IEndpointRouteBuilder MapMemberEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/members").WithTags("Members");
        group.MapGet("/", ListAsync).WithSummary("Members ordered by name; filter with departmentId, role and locationId.").RequireAuthorization(Policies.Employee);
        group.MapGet("/{id}", GetAsync).WithSummary("One member; its ETag is the revision.").RequireAuthorization(Policies.Employee);
        group.MapPut("/{id}", ChangeAsync).WithSummary("Changes a member's role, department and location (If-Match required).").RequireAuthorization(Policies.Owner);
        group.MapDelete("/{id}", RemoveAsync).WithSummary("Removes a member; their session stops working (If-Match required).").RequireAuthorization(Policies.Owner);
        return routes;
    }

    private static async Task<Ok<PagedList<MemberView>>> ListAsync(Caller caller, PageRequest page, IGrainFactory grains, string? departmentId = null, string? role = null, string? locationId = null)
    {
        ValidationFailedException.ThrowIfAny([.. MemberRules.ValidateRoleFilter(role), .. LocationRules.ValidateOptionalLocationId(locationId)]);
        var filter = new MemberFilter(departmentId, MemberRules.TryParseRole(role, out var parsed) ? parsed : null, locationId);
        return TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).QueryMembers(filter, page));
    }

    private static async Task<Ok<MemberView>> GetAsync(string id, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var member = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).FindMember(id) ?? throw new NotFoundException("The member");
        ETags.Set(context, member.Revision);
        return TypedResults.Ok(member);
    }

    private static async Task<Ok<MemberView>> ChangeAsync(string id, MemberChangeRequest request, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        ValidationFailedException.ThrowIfAny([.. MemberRules.ValidateMemberChange(request.Role, request.DepartmentId), .. LocationRules.ValidateOptionalLocationId(request.LocationId)]);
        var role = MemberRules.ParseRole(request.Role);
        var member = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId)
            .ChangeMember(id, new MemberChange(role, request.DepartmentId, request.LocationId), expected);
        await audit.RecordAsync(caller, AuditKind.MemberChanged, member.Id, $"Role {member.Role}, department {member.DepartmentId ?? "none"}, location {request.LocationId ?? "none"}.");
        ETags.Set(context, member.Revision);
        return TypedResults.Ok(member);
    }

    private static async Task<NoContent> RemoveAsync(string id, Caller caller, IGrainFactory grains, PlatformDirectory directory, IAuditLog audit, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        var removed = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).RemoveMember(id, expected);

        // Free the address so the person can be invited again (here or elsewhere); only if it is still theirs.
        if ((await directory.FindAccountAsync(removed.Email, CancellationToken.None))?.MemberId == removed.Id)
        {
            await directory.ReleaseEmailAsync(removed.Email, CancellationToken.None);
        }

        await audit.RecordAsync(caller, AuditKind.MemberRemoved, removed.Id, "Member removed.");
        return TypedResults.NoContent();
    }
}
