using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Auth;
using ServiceVision.Organizations.Directory;

namespace ServiceVision.Organizations.Http;

public sealed record InvitationRequest(string? Email, string? Name, string? Role, string? DepartmentId, string? LocationId = null);

/// <summary>A new invitation with its token, which is shown only here.</summary>
public sealed record InvitationCreated(string Id, string Email, string Name, MemberRole Role, string? DepartmentId, DateTimeOffset ExpiresAt, string Token, long Revision, string? LocationId = null);

public sealed record AcceptInvitationRequest(string? Token, string? Password, string? Name);

/// <summary>Invitations (/api/v1/invitations): owners invite by e-mail; invitees accept with the token and a password of their own.</summary>
public static class InvitationEndpoints
{
    public static IEndpointRouteBuilder MapInvitationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/invitations").WithTags("Invitations");
        group.MapPost("/", CreateAsync)
            .WithSummary("Invites a person by e-mail; the answer carries the token (shown once) to pass on to them.")
            .WithIdempotency(responseHoldsSecret: true)
            .RequireAuthorization(Policies.Owner);
        group.MapGet("/", ListAsync).WithSummary("Pending invitations, newest first.").RequireAuthorization(Policies.Owner);
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revokes a pending invitation: its token stops working.").RequireAuthorization(Policies.Owner);
        group.MapPost("/accept", AcceptAsync)
            .WithSummary("Accepts an invitation with its token and a new password; creates the member and signs them in.")
            .AllowAnonymous();
        return routes;
    }

    private static async Task<Created<InvitationCreated>> CreateAsync(InvitationRequest request, Caller caller, IGrainFactory grains, IAuditLog audit)
    {
        ValidationFailedException.ThrowIfAny(
            [.. MemberRules.ValidateInvitation(request.Email, request.Name, request.Role, request.DepartmentId), .. LocationRules.ValidateOptionalLocationId(request.LocationId)]);
        var role = MemberRules.ParseRole(request.Role);
        var (token, secretHash) = InvitationTokens.Generate(caller.OrganizationId);
        var invitation = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId)
            .CreateInvitation(new NewInvitation(Ids.New("inv"), request.Email!, request.Name!, role, request.DepartmentId, secretHash, caller.MemberId, request.LocationId));
        await audit.RecordAsync(caller, AuditKind.InvitationCreated, invitation.Id, $"Invitation sent with role {invitation.Role}.");
        return TypedResults.Created(
            "/api/v1/invitations",
            new InvitationCreated(invitation.Id, invitation.Email, invitation.Name, invitation.Role, invitation.DepartmentId, invitation.ExpiresAt, token, invitation.Revision, invitation.LocationId));
    }

    private static async Task<Ok<PagedList<InvitationView>>> ListAsync(Caller caller, PageRequest page, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).ListInvitations(page));

    // Invitations never change once sent, so revoking one needs no If-Match.
    private static async Task<NoContent> RevokeAsync(string id, Caller caller, IGrainFactory grains, IAuditLog audit)
    {
        await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).RevokeInvitation(id);
        await audit.RecordAsync(caller, AuditKind.InvitationRevoked, id, "Invitation revoked.");
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Hold the invitation in its grain (a second accept of the same token gets 404 from here on),
    /// claim the e-mail platform-wide, then create the member. A failed step undoes the earlier ones.
    /// </summary>
    private static async Task<Ok<SignedIn>> AcceptAsync(
        AcceptInvitationRequest request, PlatformDirectory directory, IGrainFactory grains, IPasswordHasher<Account> hasher, TimeProvider time, IAuditLog audit, HttpContext context)
    {
        ValidationFailedException.ThrowIfAny(MemberRules.ValidateAcceptance(request.Token, request.Password, request.Name));
        if (!InvitationTokens.TryParse(request.Token, out var organizationId, out var secret)
            || !await directory.OrganizationIsStoredAsync(organizationId, context.RequestAborted))
        {
            throw new NotFoundException("The invitation");
        }

        // The token names the organization; act as that tenant (a session of another organization must not get in the way).
        using var tenant = TenantContext.Enter(organizationId);
        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var hold = await organization.HoldInvitation(InvitationTokens.Hash(secret));

        var account = new Account(organizationId, hold.MemberId, "", time.GetUtcNow());
        account = account with { PasswordHash = hasher.HashPassword(account, request.Password!) };
        try
        {
            await ClaimEmailAsync(directory, grains, organization, hold.Email, account);
        }
        catch
        {
            await organization.ReleaseInvitation(hold.InvitationId, hold.MemberId);
            throw;
        }

        MemberView member;
        try
        {
            member = await organization.CompleteInvitation(hold.InvitationId, hold.MemberId, request.Name);
        }
        catch
        {
            // Release only our own claim, and only if the member really was not created (the answer may have been lost).
            if (await organization.FindMember(hold.MemberId) is null)
            {
                if ((await directory.FindAccountAsync(hold.Email, CancellationToken.None))?.MemberId == hold.MemberId)
                {
                    await directory.ReleaseEmailAsync(hold.Email, CancellationToken.None);
                }

                await organization.ReleaseInvitation(hold.InvitationId, hold.MemberId);
            }

            throw;
        }

        await audit.RecordAsync(organizationId, member.Id, AuditKind.InvitationAccepted, hold.InvitationId, $"Invitation accepted; joined with role {member.Role}.");
        await context.SignInAsync(
            AuthenticationSetup.CookieScheme,
            MemberPrincipal.Create(organizationId, member.Id, member.Role, member.Name, AuthenticationSetup.CookieScheme));
        return TypedResults.Ok(new SignedIn(organizationId, member.Id, member.Name, member.Role.ToString()));
    }

    /// <summary>
    /// Claims the invitee's e-mail address. A claim this organization left behind for someone who is
    /// not a member (an accept that crashed half-way, a removal whose release failed) is taken over;
    /// any other holder is a 409 on <c>email</c>.
    /// </summary>
    private static async Task ClaimEmailAsync(PlatformDirectory directory, IGrainFactory grains, IOrganizationGrain organization, string email, Account account)
    {
        if (await directory.FindAccountAsync(email, CancellationToken.None) is { } existing
            && existing.OrganizationId == account.OrganizationId
            && await organization.FindMember(existing.MemberId) is null)
        {
            await directory.ReleaseEmailAsync(email, CancellationToken.None);
        }

        await directory.ClaimEmailAsync(email, account, id => OrganizationExistsAsync(grains, id), CancellationToken.None);
    }

    private static async Task<bool> OrganizationExistsAsync(IGrainFactory grains, string organizationId)
    {
        // Looks at whichever organization holds an old claim: platform code, no tenant.
        using var platform = TenantContext.Enter(null);
        try
        {
            await grains.GetGrain<IOrganizationGrain>(organizationId).GetProfile();
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
