using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceVision.Organizations.Auth;

namespace ServiceVision.Web.Pages;

/// <summary>Ends the session (POST only, with the anti-forgery token; GET shows the button).</summary>
public sealed class SignOutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AuthenticationSetup.CookieScheme);
        return Redirect(WebModule.SignInPath);
    }
}
