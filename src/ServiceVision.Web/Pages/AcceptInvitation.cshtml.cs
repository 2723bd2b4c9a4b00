using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Auth;
using ServiceVision.Organizations.Directory;

namespace ServiceVision.Web.Pages;

/// <summary>
/// Accepting an invitation from its link: the same steps as POST /api/v1/invitations/accept (hold
/// the invitation, claim the e-mail, create the member, undo on failure) and the same rules
/// (<see cref="MemberRules.ValidateAcceptance"/>); then the new member is signed in.
/// </summary>
public sealed class AcceptInvitationModel(PlatformDirectory directory, IGrainFactory grains, IPasswordHasher<Account> hasher, TimeProvider time, IAuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var errors = MemberRules.ValidateAcceptance(Token, Password, string.IsNullOrWhiteSpace(Name) ? null : Name);
            ValidationFailedException.ThrowIfAny(errors);
            var member = await AcceptAsync(Token!, Password!, string.IsNullOrWhiteSpace(Name) ? null : Name);
            TempData["Notice"] = $"Welcome, {member.Name}!";
            return Redirect("/app");
        }
        catch (ValidationFailedException e)
        {
            foreach (var error in e.Errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }
        }
        catch (NotFoundException)
        {
            ModelState.AddModelError(string.Empty, "This invitation link is not valid any more: it was used, revoked or has expired. Ask for a new one.");
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }

        return Page();
    }

    private async Task<MemberView> AcceptAsync(string token, string password, string? name)
    {
        if (!InvitationTokens.TryParse(token, out var organizationId, out var secret)
            || !await directory.OrganizationIsStoredAsync(organizationId, HttpContext.RequestAborted))
        {
            throw new NotFoundException("The invitation");
        }

        // The token names the organization; act as that tenant (another session must not get in the way).
        using var tenant = TenantContext.Enter(organizationId);
        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var hold = await organization.HoldInvitation(InvitationTokens.Hash(secret));
        var account = new Account(organizationId, hold.MemberId, "", time.GetUtcNow());
        account = account with { PasswordHash = hasher.HashPassword(account, password) };
        try
        {
            await directory.ClaimEmailAsync(hold.Email, account, id => OrganizationExistsAsync(id), CancellationToken.None);
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
            if (await organization.FindMember(hold.MemberId) is null)
            {
                await directory.ReleaseEmailAsync(hold.Email, CancellationToken.None);
                await organization.ReleaseInvitation(hold.InvitationId, hold.MemberId);
            }

            throw;
        }

        await audit.RecordAsync(organizationId, member.Id, AuditKind.InvitationAccepted, hold.InvitationId, $"Invitation accepted; joined with role {member.Role}.");
        await HttpContext.SignInAsync(AuthenticationSetup.CookieScheme, MemberPrincipal.Create(organizationId, member.Id, member.Role, member.Name, AuthenticationSetup.CookieScheme));
        return member;
    }

    private async Task<bool> OrganizationExistsAsync(string organizationId)
    {
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
