using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// Members, invitations, departments and API keys of the organization. Platform-wide uniqueness
/// (e-mail addresses, API keys) lives in the PlatformDirectory; the HTTP edge claims there and
/// calls these methods, which validate fully before changing anything.
/// </summary>
public partial interface IOrganizationGrain
{
    // ---- invitations ----

    /// <summary>
    /// Records an invitation. 400 <c>departmentId</c> / <c>locationId</c> for an unknown department / location; 409 <c>email</c> when
    /// the address belongs to a member or has a pending invitation; 409 past the pending limit.
    /// </summary>
    Task<InvitationView> CreateInvitation(NewInvitation invitation);

    /// <summary>Pending (not accepted, revoked or expired) invitations, newest first.</summary>
    [ReadOnly]
    Task<PagedList<InvitationView>> ListInvitations(PageRequest page);

    /// <summary>Revokes a pending invitation so its token no longer works; 404 when there is none.</summary>
    Task RevokeInvitation(string invitationId);

    /// <summary>
    /// First step of accepting: holds the pending invitation whose secret hashes to
    /// <paramref name="secretHash"/> for a short while, so a concurrent accept of the same token gets
    /// 404, and names the member id it will become. 404 for an unknown, used, revoked or expired token.
    /// </summary>
    Task<InvitationHold> HoldInvitation(string secretHash);

    /// <summary>Second step: turns the held invitation into a member (the e-mail is claimed by then); 404 when the hold is gone.</summary>
    Task<MemberView> CompleteInvitation(string invitationId, string memberId, string? name);

    /// <summary>Gives up a hold (the e-mail claim failed) so the invitation can be accepted again.</summary>
    Task ReleaseInvitation(string invitationId, string memberId);

    // ---- members ----

    /// <summary>Active members ordered by name, optionally only those of a department, a role and/or a location.</summary>
    [ReadOnly]
    Task<PagedList<MemberView>> QueryMembers(MemberFilter filter, PageRequest page);

    /// <summary>Changes a member's role, department and location. 404, 412 stale, 400 <c>departmentId</c> / <c>locationId</c>, 409 <c>role</c> for the last owner.</summary>
    Task<MemberView> ChangeMember(string memberId, MemberChange change, long expectedRevision);

    /// <summary>Removes a member and returns them as they were (the caller releases their e-mail). 404, 412 stale, 409 for the last owner.</summary>
    Task<MemberView> RemoveMember(string memberId, long expectedRevision);

    // ---- departments ----

    /// <summary>Adds a department; 409 <c>name</c> when the name is taken (ignoring case); 409 past the limit.</summary>
    Task<DepartmentView> CreateDepartment(NewDepartment department);

    /// <summary>Departments ordered by name, each with its member count.</summary>
    [ReadOnly]
    Task<PagedList<DepartmentView>> ListDepartments(PageRequest page);

    /// <summary>A department; 404 when there is none.</summary>
    [ReadOnly]
    Task<DepartmentView> GetDepartment(string departmentId);

    /// <summary>Renames or re-describes a department. 404, 412 stale, 409 <c>name</c>.</summary>
    Task<DepartmentView> UpdateDepartment(string departmentId, DepartmentChange change, long expectedRevision);

    /// <summary>Deletes a department. 404, 412 stale, 409 while members or pending invitations belong to it.</summary>
    Task DeleteDepartment(string departmentId, long expectedRevision);

    // ---- API keys ----

    /// <summary>Records a new API key (its secret lives hashed in the directory only); 409 past 50 active keys.</summary>
    Task<ApiKeyView> CreateApiKey(NewApiKey key);

    /// <summary>Active API keys, newest first.</summary>
    [ReadOnly]
    Task<PagedList<ApiKeyView>> ListApiKeys(PageRequest page);

    /// <summary>An active API key, or null.</summary>
    [ReadOnly]
    Task<ApiKeyView?> FindApiKey(string keyId);

    /// <summary>Marks an API key revoked; 404 when there is no active key with this id.</summary>
    Task RevokeApiKey(string keyId);
}

/// <summary>An invitation to record; <see cref="Email"/> is normalized and <see cref="SecretHash"/> is the token's hash.</summary>
public sealed record NewInvitation(string Id, string Email, string Name, MemberRole Role, string? DepartmentId, string SecretHash, string InvitedBy, string? LocationId = null);

public sealed record InvitationView(
    string Id,
    string Email,
    string Name,
    MemberRole Role,
    string? DepartmentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string InvitedBy,
    long Revision,
    string? LocationId = null);

/// <summary>A held invitation: who the invitee will become.</summary>
public sealed record InvitationHold(string InvitationId, string MemberId, string Email, string Name, MemberRole Role, string? DepartmentId);

public sealed record MemberFilter(string? DepartmentId, MemberRole? Role, string? LocationId = null);

public sealed record MemberChange(MemberRole Role, string? DepartmentId, string? LocationId = null);

public sealed record NewDepartment(string Id, string Name, string? Description, string CreatedBy);

public sealed record DepartmentChange(string Name, string? Description);

public sealed record DepartmentView(
    string Id,
    string Name,
    string? Description,
    int MemberCount,
    DateTimeOffset CreatedAt,
    long Revision);

public sealed record NewApiKey(string Id, string Name, MemberRole Role, string CreatedBy);

public sealed record ApiKeyView(string Id, string Name, MemberRole Role, DateTimeOffset CreatedAt, string CreatedBy);
