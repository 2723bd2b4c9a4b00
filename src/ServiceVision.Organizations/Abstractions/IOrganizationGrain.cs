using ServiceVision.Domain.Members;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// One organization (tenant): its profile and its members. Keyed by the organization id. Other
/// areas of the organization live in grains keyed "{organizationId}/{area}" (vision, service
/// design, hiring), so that they change and load independently.
/// </summary>
public partial interface IOrganizationGrain : IGrain
{
    /// <summary>Creates the organization with its owner; 409 if it exists.</summary>
    Task<OrganizationProfile> Create(NewOrganization organization);

    /// <summary>The profile; 404 if the organization was never created.</summary>
    [ReadOnly]
    Task<OrganizationProfile> GetProfile();

    /// <summary>Changes name, purpose text or time zone if <paramref name="expectedRevision"/> is current (412 otherwise).</summary>
    Task<OrganizationProfile> UpdateProfile(ProfileChange change, long expectedRevision);

    /// <summary>An active member, or null (also when the organization does not exist).</summary>
    [ReadOnly]
    Task<MemberView?> FindMember(string memberId);

    /// <summary>Every active member, ordered by name.</summary>
    [ReadOnly]
    Task<IReadOnlyList<MemberView>> ListMembers();
}

public sealed record NewOrganization(string Name, string Slug, string OwnerMemberId, string OwnerName, string OwnerEmail);

public sealed record ProfileChange(string Name, string? Description);

public sealed record OrganizationProfile(
    string Id,
    string Name,
    string Slug,
    string? Description,
    DateTimeOffset CreatedAt,
    int MemberCount,
    long Revision);

public sealed record MemberView(
    string Id,
    string Name,
    string Email,
    MemberRole Role,
    string? DepartmentId,
    string? LocationId,
    DateTimeOffset JoinedAt,
    long Revision);
