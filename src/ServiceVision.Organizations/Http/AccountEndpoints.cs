using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Auth;

namespace ServiceVision.Organizations.Http;

public sealed record SignUpRequest(string? OrganizationName, string? Slug, string? OwnerName, string? Email, string? Password);

public sealed record SignInRequest(string? Email, string? Password);

public sealed record SignedIn(string OrganizationId, string MemberId, string Name, string Role);

public sealed record CurrentMember(OrganizationProfile Organization, MemberView Member);

/// <summary>Sign-up, sign-in and sign-out over HTTP (/api/v1/signup, /api/v1/auth).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/signup", SignUpAsync)
            .WithTags("Account")
            .WithSummary("Creates an organization with its owner and signs the owner in.")
            .WithIdempotency()
            .AllowAnonymous();

        var auth = routes.MapGroup("/api/v1/auth").WithTags("Account");
        auth.MapPost("/sign-in", SignInAsync).WithSummary("Signs a member in with e-mail and password (sets the session cookie).").AllowAnonymous();
        auth.MapPost("/sign-out", SignOutAsync).WithSummary("Ends the session.").AllowAnonymous();
        routes.MapGet("/api/v1/me", GetMeAsync).WithTags("Account").WithSummary("The signed-in member and their organization.").RequireAuthorization(Policies.Employee);
        return routes;
    }

    private static async Task<Created<SignedIn>> SignUpAsync(SignUpRequest request, SignUpService signUp, HttpContext context)
    {
        var owner = await signUp.SignUpAsync(request, context.RequestAborted);
        await context.SignInAsync(AuthenticationSetup.CookieScheme, MemberPrincipal.Create(owner.OrganizationId, owner.MemberId, Domain.Members.MemberRole.Owner, owner.Name, AuthenticationSetup.CookieScheme));
        return TypedResults.Created("/api/v1/me", owner);
    }

    private static async Task<Results<Ok<SignedIn>, ProblemHttpResult>> SignInAsync(SignInRequest request, SignInService signIn, HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var outcome = await signIn.SignInAsync(request, ip, context.RequestAborted);
        if (outcome.RetryAfter is { } wait)
        {
            return TooManyAttempts(context, wait);
        }

        if (outcome.Member is not { } member)
        {
            // The same answer whether the address is unknown or the password wrong: no account enumeration.
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.", detail: "The e-mail address or the password is wrong.");
        }

        await context.SignInAsync(AuthenticationSetup.CookieScheme, MemberPrincipal.Create(outcome.OrganizationId!, member.Id, member.Role, member.Name, AuthenticationSetup.CookieScheme));
        return TypedResults.Ok(new SignedIn(outcome.OrganizationId!, member.Id, member.Name, member.Role.ToString()));
    }

    private static ProblemHttpResult TooManyAttempts(HttpContext context, TimeSpan wait)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many failed sign-ins.",
            detail: "Sign-in is locked for a while after repeated failures; try again after the time in Retry-After.");
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        await context.SignOutAsync(AuthenticationSetup.CookieScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<CurrentMember>> GetMeAsync(Caller caller, IGrainFactory grains)
    {
        var organization = grains.GetGrain<IOrganizationGrain>(caller.OrganizationId);
        var member = await organization.FindMember(caller.MemberId)
            ?? new MemberView(caller.MemberId, "API key", "", caller.Role, null, null, DateTimeOffset.MinValue, 0);
        return TypedResults.Ok(new CurrentMember(await organization.GetProfile(), member));
    }
}
