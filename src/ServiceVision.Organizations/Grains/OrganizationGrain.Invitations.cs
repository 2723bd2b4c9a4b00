using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Organizations;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>Invitations: an owner invites by e-mail; the invitee accepts with the token in two steps (hold, complete).</summary>
public sealed partial class OrganizationGrain
{
    // Long enough for the directory claim between hold and complete; short enough that a crashed accept frees the token soon.
    private static readonly TimeSpan InvitationHoldPeriod = TimeSpan.FromMinutes(2);

    public async Task<InvitationView> CreateInvitation(NewInvitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        EnsureCreated();
        ValidationFailedException.ThrowIfAny(
            [.. MemberRules.ValidateInvitation(invitation.Email, invitation.Name, invitation.Role.ToString(), invitation.DepartmentId), .. LocationRules.ValidateOptionalLocationId(invitation.LocationId)]);
        RequireDepartmentIfAny(invitation.DepartmentId);
        RequireLocationIfAny(invitation.LocationId);

        var now = Time.GetUtcNow();
        var email = OrganizationRules.NormalizeEmail(invitation.Email);
        if (ActiveMembers().Any(m => m.Email == email))
        {
            throw new ConflictException("This address belongs to a member of the organization already.", "email");
        }

        var pending = State.Invitations.Values.Where(i => IsPending(i, now)).ToList();
        if (pending.Any(i => i.Email == email))
        {
            throw new ConflictException("This address has a pending invitation; revoke it to send a new one.", "email");
        }

        if (pending.Count >= MemberRules.MaxPendingInvitations)
        {
            throw new ConflictException($"An organization has at most {MemberRules.MaxPendingInvitations} pending invitations; revoke some first.");
        }

        // Expired invitations are dead weight: drop them now that the state is written anyway.
        foreach (var expired in State.Invitations.Values.Where(i => !IsPending(i, now)).Select(i => i.Id).ToList())
        {
            State.Invitations.Remove(expired);
        }

        var record = new InvitationRecord
        {
            Id = invitation.Id,
            Email = email,
            Name = invitation.Name.Trim(),
            Role = invitation.Role,
            DepartmentId = invitation.DepartmentId,
            LocationId = invitation.LocationId,
            SecretHash = invitation.SecretHash,
            InvitedBy = invitation.InvitedBy,
            CreatedAt = now,
            ExpiresAt = now + MemberRules.InvitationLifetime,
            Revision = 1,
        };
        State.Invitations[record.Id] = record;
        await WriteStateAsync();
        return View(record);
    }

    public Task<PagedList<InvitationView>> ListInvitations(PageRequest page)
    {
        EnsureCreated();
        var now = Time.GetUtcNow();
        var pending = State.Invitations.Values
            .Where(i => IsPending(i, now))
            .OrderByDescending(i => i.CreatedAt)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(View);
        return Task.FromResult(PagedList.Of(pending, page));
    }

    public async Task RevokeInvitation(string invitationId)
    {
        EnsureCreated();
        if (!State.Invitations.TryGetValue(invitationId, out var invitation) || !IsPending(invitation, Time.GetUtcNow()))
        {
            throw new NotFoundException("The invitation");
        }

        State.Invitations.Remove(invitationId);
        await WriteStateAsync();
    }

    public async Task<InvitationHold> HoldInvitation(string secretHash)
    {
        var now = Time.GetUtcNow();

        // One answer for every kind of bad token (and for an organization that does not exist): no oracle.
        var invitation = State.Created
            ? State.Invitations.Values.FirstOrDefault(i => i.SecretHash == secretHash && i.ExpiresAt > now && !(i.HeldUntil > now))
            : null;
        if (invitation is null)
        {
            throw new NotFoundException("The invitation");
        }

        RequireRoomForMember(invitation.Email);

        // A hold that lapsed keeps its member id, so a directory claim left by a crashed accept is recognisably ours.
        invitation.HeldForMemberId ??= Ids.New("mem");
        invitation.HeldUntil = now + InvitationHoldPeriod;
        await WriteStateAsync();
        return new InvitationHold(invitation.Id, invitation.HeldForMemberId, invitation.Email, invitation.Name, invitation.Role, invitation.DepartmentId);
    }

    public async Task<MemberView> CompleteInvitation(string invitationId, string memberId, string? name)
    {
        if (!State.Created || !State.Invitations.TryGetValue(invitationId, out var invitation) || invitation.HeldForMemberId != memberId)
        {
            throw new NotFoundException("The invitation");
        }

        if (name is not null)
        {
            var errors = new List<Domain.ValidationError>();
            OrganizationRules.RequireText(errors, "name", name, MemberRules.MaxNameLength);
            ValidationFailedException.ThrowIfAny(errors);
        }

        RequireRoomForMember(invitation.Email);

        var member = new MemberRecord
        {
            Id = memberId,
            Name = name?.Trim() ?? invitation.Name,
            Email = invitation.Email,
            Role = invitation.Role,

            // Departments with pending invitations cannot be deleted; this only guards against older state.
            DepartmentId = invitation.DepartmentId is { } departmentId && State.Departments.ContainsKey(departmentId) ? departmentId : null,
            LocationId = invitation.LocationId is { } locationId && State.Locations.ContainsKey(locationId) ? locationId : null,
            JoinedAt = Time.GetUtcNow(),
            Revision = 1,
        };
        State.Members[member.Id] = member;
        State.Invitations.Remove(invitationId);
        await WriteStateAsync();
        return View(member);
    }

    public async Task ReleaseInvitation(string invitationId, string memberId)
    {
        if (State.Created && State.Invitations.TryGetValue(invitationId, out var invitation) && invitation.HeldForMemberId == memberId)
        {
            invitation.HeldForMemberId = null;
            invitation.HeldUntil = null;
            await WriteStateAsync();
        }
    }

    /// <summary>Pending: can still be accepted, or an acceptance that started before it expired is under way.</summary>
    private static bool IsPending(InvitationRecord invitation, DateTimeOffset now) => invitation.ExpiresAt > now || invitation.HeldUntil > now;

    private void RequireRoomForMember(string email)
    {
        if (ActiveMembers().Any(m => m.Email == email))
        {
            throw new ConflictException("This address belongs to a member of the organization already.", "email");
        }

        if (ActiveMembers().Count() >= MemberRules.MaxMembers)
        {
            throw new ConflictException($"An organization has at most {MemberRules.MaxMembers} members.");
        }
    }

    private static InvitationView View(InvitationRecord i) =>
        new(i.Id, i.Email, i.Name, i.Role, i.DepartmentId, i.CreatedAt, i.ExpiresAt, i.InvitedBy, i.Revision, i.LocationId);
}
