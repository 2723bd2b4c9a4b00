using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Auth;
using ServiceVision.Organizations.Http;

namespace ServiceVision.Web.Pages;

/// <summary>Self-service sign-up through the same <see cref="SignUpService"/> as POST /api/v1/signup.</summary>
public sealed class SignUpModel(SignUpService signUp) : PageModel
{
    [BindProperty]
    public string? OrganizationName { get; set; }

    [BindProperty]
    public string? Slug { get; set; }

    [BindProperty]
    public string? OwnerName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var owner = await signUp.SignUpAsync(new SignUpRequest(OrganizationName, Slug, OwnerName, Email, Password), HttpContext.RequestAborted);
            await HttpContext.SignInAsync(AuthenticationSetup.CookieScheme, MemberPrincipal.Create(owner.OrganizationId, owner.MemberId, MemberRole.Owner, owner.Name, AuthenticationSetup.CookieScheme));
            TempData["Notice"] = "Welcome! Your organization is ready.";
            return Redirect("/app");
        }
        catch (ValidationFailedException e)
        {
            foreach (var error in e.Errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError(e.Field ?? string.Empty, e.Message);
        }

        return Page();
    }
}
