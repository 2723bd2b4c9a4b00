using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Organizations.Audit;

namespace ServiceVision.Organizations.Http;

/// <summary>The organization's audit log (/api/v1/audit): who changed the vision, roles, API keys and invitations.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/audit", ListAsync)
            .WithTags("Audit")
            .WithSummary("Audit entries, newest first; filter with kind (VisionPublished, MemberChanged, MemberRemoved, ApiKeyCreated, ApiKeyRevoked, InvitationCreated, InvitationRevoked, InvitationAccepted, PartnerGrantCreated, PartnerGrantRevoked, LocationVisionAdopted, LocalItemAdded, LocalItemChanged, LocalItemRemoved, AuditChecklistCreated, AuditChecklistChanged, AuditChecklistDeleted, AuditVisitRecorded, AuditRefreshersAssigned).")
            .RequireAuthorization(Policies.Owner);
        return routes;
    }

    private static async Task<Ok<PagedList<AuditEntry>>> ListAsync(Caller caller, PageRequest page, IGrainFactory grains, string? kind = null)
    {
        AuditKind? parsed = null;
        if (kind is not null)
        {
            if (kind.Length > 40 || !Enum.TryParse<AuditKind>(kind, ignoreCase: true, out var value) || !Enum.IsDefined(value) || int.TryParse(kind, out _))
            {
                throw new ValidationFailedException("kind", "kind must be one of " + string.Join(", ", Enum.GetNames<AuditKind>()) + ".");
            }

            parsed = value;
        }

        return TypedResults.Ok(await grains.GetGrain<IAuditGrain>(AuditLog.Key(caller.OrganizationId)).Query(new AuditQuery(parsed, page)));
    }
}
