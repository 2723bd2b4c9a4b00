using System.Security.Claims;
using ServiceVision.Api;
using ServiceVision.Domain.Members;

namespace ServiceVision.Organizations.Auth;

/// <summary>Builds the principal of a signed-in member or API key: organization, member id and role as claims.</summary>
public static class MemberPrincipal
{
    public static ClaimsPrincipal Create(string organizationId, string memberId, MemberRole role, string name, string authenticationType) =>
        new(new ClaimsIdentity(
            [
                new Claim(ApiClaims.Organization, organizationId),
                new Claim(ApiClaims.Member, memberId),
                new Claim(ApiClaims.Role, role.ToString()),
                new Claim(ClaimTypes.Name, name),
            ],
            authenticationType,
            ClaimTypes.Name,
            ApiClaims.Role));
}
