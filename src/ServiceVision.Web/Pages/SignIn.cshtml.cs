using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceVision.Api;
using ServiceVision.Organizations.Auth;
using ServiceVision.Organizations.Http;

namespace ServiceVision.Web.Pages;

/// <summary>Sign-in with e-mail and password, under the same throttle as POST /api/v1/auth/sign-in (<see cref="SignInService"/>).</summary>
public sealed class SignInModel(SignInService signIn) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnTo { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        SignInOutcome outcome;
        try
        {
            outcome = await signIn.SignInAsync(new SignInRequest(Email, Password), HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", HttpContext.RequestAborted);
        }
        catch (ValidationFailedException e)
        {
            foreach (var error in e.Errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }

            return Page();
        }

        if (outcome.RetryAfter is { } wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
            ModelState.AddModelError(string.Empty, $"Too many failed sign-ins. Try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} minute(s).");
            return Page();
        }

        if (outcome.Member is not { } member)
        {
            // The same message whether the address is unknown or the password wrong: no account enumeration.
            ModelState.AddModelError(string.Empty, "The e-mail address or the password is wrong.");
            return Page();
        }

        await HttpContext.SignInAsync(AuthenticationSetup.CookieScheme, MemberPrincipal.Create(outcome.OrganizationId!, member.Id, member.Role, member.Name, AuthenticationSetup.CookieScheme));
        return LocalRedirect(SafeReturnPath(ReturnTo));
    }

    /// <summary>Only a path of this app: never another site (open redirect), never the API.</summary>
    public static string SafeReturnPath(string? returnTo) =>
        returnTo is { Length: > 0 } url && url.StartsWith("/app", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : "/app";
}
