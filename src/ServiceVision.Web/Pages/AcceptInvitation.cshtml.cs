using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceVision.Api;
using ServiceVision.Organizations.Auth;

namespace ServiceVision.Web.Pages;

/// <summary>
/// Accepting an invitation from its link: the same <see cref="InvitationAcceptance"/> as
/// POST /api/v1/invitations/accept; then the new member is signed in.
/// </summary>
public sealed class AcceptInvitationModel(InvitationAcceptance acceptance) : PageModel
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
            var (organizationId, member) = await acceptance.AcceptAsync(Token, Password, string.IsNullOrWhiteSpace(Name) ? null : Name, HttpContext.RequestAborted);
            await HttpContext.SignInAsync(AuthenticationSetup.CookieScheme, MemberPrincipal.Create(organizationId, member.Id, member.Role, member.Name, AuthenticationSetup.CookieScheme));
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
}
