using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Auth;

public static class AuthenticationSetup
{
    /// <summary>Picks the API key scheme when the request carries a key, the session cookie otherwise.</summary>
    public const string DefaultScheme = "ServiceVision";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "sv_session";

    public static IServiceCollection AddMemberAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, null, options =>
                options.ForwardDefaultSelector = context => ApiKeyAuthenticationHandler.HasKey(context.Request) ? ApiClaims.ApiKeyScheme : CookieScheme)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.LoginPath = "/sign-in";
                options.Events = new CookieAuthenticationEvents
                {
                    // An API answers 401/403; only pages redirect to the sign-in page.
                    OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden),
                    OnValidatePrincipal = RefreshFromOrganizationAsync,
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiClaims.ApiKeyScheme, null);
        return services;
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A session is only as good as the membership behind it: a removed member is signed out and a
    /// changed role takes effect on the next request, not when the cookie expires.
    /// </summary>
    private static async Task RefreshFromOrganizationAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || Caller.From(context.Principal) is not { } caller)
        {
            context.RejectPrincipal();
            return;
        }

        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        var member = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).FindMember(caller.MemberId);
        if (member is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
        else if (member.Role != caller.Role)
        {
            context.ReplacePrincipal(MemberPrincipal.Create(caller.OrganizationId, member.Id, member.Role, member.Name, CookieScheme));
            context.ShouldRenew = true;
        }
    }
}
