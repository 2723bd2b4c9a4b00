using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Members;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>Members: listing, role, department and location changes, removal; the organization always keeps an owner.</summary>
public sealed partial class OrganizationGrain
{
    public Task<PagedList<MemberView>> QueryMembers(MemberFilter filter, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(filter);
        EnsureCreated();
        var members = ActiveMembers()
            .Where(m => filter.DepartmentId is null || m.DepartmentId == filter.DepartmentId)
            .Where(m => filter.Role is null || m.Role == filter.Role)
            .Where(m => filter.LocationId is null || m.LocationId == filter.LocationId)
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .Select(View);
        return Task.FromResult(PagedList.Of(members, page));
    }

    public async Task<MemberView> ChangeMember(string memberId, MemberChange change, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(change);
        var member = RequireActiveMember(memberId);
        ValidationFailedException.ThrowIfAny(
            [.. MemberRules.ValidateMemberChange(change.Role.ToString(), change.DepartmentId), .. LocationRules.ValidateOptionalLocationId(change.LocationId)]);
        RequireDepartmentIfAny(change.DepartmentId);
        RequireLocationIfAny(change.LocationId);
        if (expectedRevision != member.Revision)
        {
            throw new PreconditionFailedException("The member", member.Revision);
        }

        if (MemberRules.LeavesNoOwner(ActiveMembers().Count(m => m.Role == MemberRole.Owner), member.Role, change.Role))
        {
            throw new ConflictException("This is the organization's last owner; make someone else an owner first.", "role");
        }

        if (member.Role == change.Role && member.DepartmentId == change.DepartmentId && member.LocationId == change.LocationId)
        {
            return View(member);
        }

        member.Role = change.Role;
        member.DepartmentId = change.DepartmentId;
        member.LocationId = change.LocationId;
        member.Revision++;
        await WriteStateAsync();
        return View(member);
    }

    public async Task<MemberView> RemoveMember(string memberId, long expectedRevision)
    {
        var member = RequireActiveMember(memberId);
        if (expectedRevision != member.Revision)
        {
            throw new PreconditionFailedException("The member", member.Revision);
        }

        if (MemberRules.LeavesNoOwner(ActiveMembers().Count(m => m.Role == MemberRole.Owner), member.Role, newRole: null))
        {
            throw new ConflictException("This is the organization's last owner; make someone else an owner first.");
        }

        // The record stays (flagged) so names in history still resolve; the person loses access at once.
        member.Removed = true;
        member.Revision++;
        await WriteStateAsync();
        return View(member);
    }

    private MemberRecord RequireActiveMember(string memberId)
    {
        EnsureCreated();
        return State.Members.TryGetValue(memberId, out var member) && !member.Removed ? member : throw new NotFoundException("The member");
    }
}
