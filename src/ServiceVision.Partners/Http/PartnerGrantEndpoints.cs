using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Organizations.Audit;
using ServiceVision.Partners.Abstractions;

namespace ServiceVision.Partners.Http;

/// <summary>What an owner grants a partner; an empty list grants none of that sort.</summary>
public sealed record GrantRequest(IReadOnlyList<string?>? Events, IReadOnlyList<string?>? Commands);

/// <summary>The organization's grants to partners (/api/v1/partner-grants): owners only.</summary>
public static class PartnerGrantEndpoints
{
    public static IEndpointRouteBuilder MapPartnerGrantEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/partner-grants").WithTags("Partner grants");
        group.MapGet("/", ListAsync).WithSummary("The organization's grants to partners, by partner id.").RequireAuthorization(Policies.Owner);
        group.MapGet("/history", HistoryAsync).WithSummary("Grants, changes and revocations with who and when, newest first.").RequireAuthorization(Policies.Owner);
        group.MapGet("/{partnerId}", GetAsync).WithSummary("The grant of one partner (ETag).").RequireAuthorization(Policies.Owner);
        group.MapPut("/{partnerId}", PutAsync)
            .WithSummary("Grants a partner event kinds and commands (If-Match \"0\" to create, the ETag to change).")
            .RequireAuthorization(Policies.Owner);
        group.MapDelete("/{partnerId}", RevokeAsync).WithSummary("Revokes a partner's grant: delivery stops at once (If-Match).").RequireAuthorization(Policies.Owner);
        return routes;
    }

    private static async Task<Ok<PagedList<PartnerGrantView>>> ListAsync(Caller caller, PageRequest page, IGrainFactory grains) =>
        TypedResults.Ok(PagedList.Of(await Grants(grains, caller).List(), page));

    private static async Task<Ok<PagedList<GrantHistoryEntry>>> HistoryAsync(Caller caller, PageRequest page, IGrainFactory grains) =>
        TypedResults.Ok(PagedList.Of(await Grants(grains, caller).History(), page));

    private static async Task<Ok<PartnerGrantView>> GetAsync(string partnerId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var grant = await Grants(grains, caller).Find(partnerId) ?? throw new NotFoundException("The grant");
        ETags.Set(context, grant.Revision);
        return TypedResults.Ok(grant);
    }

    private static async Task<Ok<PartnerGrantView>> PutAsync(string partnerId, GrantRequest request, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        await RequirePartnerAsync(partnerId, grains);
        ValidationFailedException.ThrowIfAny(GrantRules.Validate(request.Events, request.Commands));
        var grant = await Grants(grains, caller).Put(partnerId, new GrantChange([.. request.Events!.Select(e => e!)], [.. request.Commands!.Select(c => c!)]), caller.MemberId, expected);
        await audit.RecordAsync(caller, AuditKind.PartnerGrantCreated, partnerId, $"Granted events [{string.Join(", ", grant.Events)}] and commands [{string.Join(", ", grant.Commands)}].");
        ETags.Set(context, grant.Revision);
        return TypedResults.Ok(grant);
    }

    private static async Task<NoContent> RevokeAsync(string partnerId, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        await Grants(grains, caller).Revoke(partnerId, caller.MemberId, expected);
        await audit.RecordAsync(caller, AuditKind.PartnerGrantRevoked, partnerId, "Revoked the grant: delivery to the partner stopped.");
        return TypedResults.NoContent();
    }

    /// <summary>404 unless the registry knows the partner. The registry is platform data, read outside the caller's tenant on purpose (read only).</summary>
    private static async Task RequirePartnerAsync(string partnerId, IGrainFactory grains)
    {
        if (!PartnerKeys.IsWellFormedId(partnerId))
        {
            throw new NotFoundException("The partner");
        }

        PartnerView? partner;
        using (TenantContext.Enter(null))
        {
            partner = await grains.GetGrain<IPartnerRegistryGrain>(PartnerKeys.RegistryKey).Find(partnerId);
        }

        _ = partner ?? throw new NotFoundException("The partner");
    }

    private static IPartnerGrantsGrain Grants(IGrainFactory grains, Caller caller) => grains.GetGrain<IPartnerGrantsGrain>(PartnerKeys.Grants(caller.OrganizationId));
}
