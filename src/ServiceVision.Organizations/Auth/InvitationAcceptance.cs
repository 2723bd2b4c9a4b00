using Microsoft.AspNetCore.Identity;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Directory;

namespace ServiceVision.Organizations.Auth;

/// <summary>The member an accepted invitation created, and their organization.</summary>
public sealed record AcceptedInvitation(string OrganizationId, MemberView Member);

/// <summary>
/// Accepting an invitation with its token: hold the invitation in its grain (a second accept of the
/// same token gets 404 from then on), claim the e-mail platform-wide, then create the member; a
/// failed step undoes the earlier ones. POST /api/v1/invitations/accept and the web app's accept
/// page both call it; signing the new member in is the caller's job.
/// </summary>
public sealed class InvitationAcceptance(PlatformDirectory directory, IGrainFactory grains, IPasswordHasher<Account> hasher, TimeProvider time, IAuditLog audit)
{
    /// <summary>Validates (400 naming token / password / name), then creates the member; 404 for an unknown, used, revoked or expired token, 409 <c>email</c>.</summary>
    public async Task<AcceptedInvitation> AcceptAsync(string? token, string? password, string? name, CancellationToken cancellationToken)
    {
        ValidationFailedException.ThrowIfAny(MemberRules.ValidateAcceptance(token, password, name));
        if (!InvitationTokens.TryParse(token, out var organizationId, out var secret)
            || !await directory.OrganizationIsStoredAsync(organizationId, cancellationToken))
        {
            throw new NotFoundException("The invitation");
        }

        // The token names the organization; act as that tenant (a session of another organization must not get in the way).
        using var tenant = TenantContext.Enter(organizationId);
        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var hold = await organization.HoldInvitation(InvitationTokens.Hash(secret));

        var account = new Account(organizationId, hold.MemberId, "", time.GetUtcNow());
        account = account with { PasswordHash = hasher.HashPassword(account, password!) };
        try
        {
            await ClaimEmailAsync(organization, hold.Email, account);
        }
        catch
        {
            await organization.ReleaseInvitation(hold.InvitationId, hold.MemberId);
            throw;
        }

        MemberView member;
        try
        {
            member = await organization.CompleteInvitation(hold.InvitationId, hold.MemberId, name);
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
        return new AcceptedInvitation(organizationId, member);
    }

    /// <summary>
    /// Claims the invitee's e-mail address. A claim this organization left behind for someone who is
    /// not a member (an accept that crashed half-way, a removal whose release failed) is taken over;
    /// any other holder is a 409 on <c>email</c>.
    /// </summary>
    private async Task ClaimEmailAsync(IOrganizationGrain organization, string email, Account account)
    {
        if (await directory.FindAccountAsync(email, CancellationToken.None) is { } existing
            && existing.OrganizationId == account.OrganizationId
            && await organization.FindMember(existing.MemberId) is null)
        {
            await directory.ReleaseEmailAsync(email, CancellationToken.None);
        }

        await directory.ClaimEmailAsync(email, account, OrganizationExistsAsync, CancellationToken.None);
    }

    private async Task<bool> OrganizationExistsAsync(string organizationId)
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
