using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using ServiceVision.Domain.Members;

namespace ServiceVision.Api;

/// <summary>
/// Who is calling: the organization and member from the authenticated principal. Endpoints take
/// it as a parameter; the organization never comes from a header, route or body.
/// </summary>
public sealed record Caller(string OrganizationId, string MemberId, MemberRole Role, bool IsApiKey)
{
    public bool IsAtLeast(MemberRole role) => Role >= role;

    /// <summary>The caller of an authenticated request, or null when the request is anonymous.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true
            || user.FindFirstValue(ApiClaims.Organization) is not { Length: > 0 } organization
            || user.FindFirstValue(ApiClaims.Member) is not { Length: > 0 } member
            || !Enum.TryParse<MemberRole>(user.FindFirstValue(ApiClaims.Role), out var role))
        {
            return null;
        }

        return new Caller(organization, member, role, user.Identity.AuthenticationType == ApiClaims.ApiKeyScheme);
    }

    /// <summary>Minimal-API binding: endpoints that take a Caller require authentication.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<Caller?>(From(context.User) ?? throw new ForbiddenException("This request needs a signed-in member or an API key."));
}

/// <summary>Claim types and scheme names shared by the authentication handlers and the API.</summary>
public static class ApiClaims
{
    public const string Organization = "sv:org";
    public const string Member = "sv:member";
    public const string Role = ClaimTypes.Role;
    public const string ApiKeyScheme = "ApiKey";
}

/// <summary>Authorization policies by role.</summary>
public static class Policies
{
    public const string Employee = "member";
    public const string Leader = "leader";
    public const string Owner = "owner";

    public static MemberRole RoleOf(string policy) => policy switch
    {
        Owner => MemberRole.Owner,
        Leader => MemberRole.Leader,
        _ => MemberRole.Employee,
    };
}
