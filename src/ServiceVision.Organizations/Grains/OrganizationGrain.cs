using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Organizations;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>The organization (tenant) grain: profile and members. Every change is written before the call returns.</summary>
public sealed partial class OrganizationGrain : Grain<OrganizationState>, IOrganizationGrain
{
    public async Task<OrganizationProfile> Create(NewOrganization organization)
    {
        if (State.Created)
        {
            throw new ConflictException("The organization exists already.");
        }

        var now = Time.GetUtcNow();
        State = new OrganizationState
        {
            Created = true,
            Name = organization.Name,
            Slug = organization.Slug,
            CreatedAt = now,
            Revision = 1,
        };
        State.Members[organization.OwnerMemberId] = new MemberRecord
        {
            Id = organization.OwnerMemberId,
            Name = organization.OwnerName,
            Email = organization.OwnerEmail,
            Role = MemberRole.Owner,
            JoinedAt = now,
            Revision = 1,
        };
        await WriteStateAsync();
        return Profile();
    }

    public Task<OrganizationProfile> GetProfile()
    {
        EnsureCreated();
        return Task.FromResult(Profile());
    }

    public async Task<OrganizationProfile> UpdateProfile(ProfileChange change, long expectedRevision)
    {
        EnsureCreated();
        ValidationFailedException.ThrowIfAny(OrganizationRules.ValidateProfile(change.Name, change.Description));
        if (expectedRevision != State.Revision)
        {
            throw new PreconditionFailedException("The organization profile", State.Revision);
        }

        State.Name = change.Name.Trim();
        State.Description = string.IsNullOrWhiteSpace(change.Description) ? null : change.Description.Trim();
        State.Revision++;
        await WriteStateAsync();
        return Profile();
    }

    public Task<MemberView?> FindMember(string memberId) =>
        Task.FromResult(State.Created && State.Members.TryGetValue(memberId, out var member) && !member.Removed ? View(member) : null);

    public Task<IReadOnlyList<MemberView>> ListMembers()
    {
        EnsureCreated();
        return Task.FromResult<IReadOnlyList<MemberView>>([.. ActiveMembers().OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id, StringComparer.Ordinal).Select(View)]);
    }

    private IEnumerable<MemberRecord> ActiveMembers() => State.Members.Values.Where(m => !m.Removed);

    private void EnsureCreated()
    {
        if (!State.Created)
        {
            throw new NotFoundException("The organization");
        }
    }

    private OrganizationProfile Profile() =>
        new(GrainKey, State.Name, State.Slug, State.Description, State.CreatedAt, ActiveMembers().Count(), State.Revision);

    private static MemberView View(MemberRecord m) =>
        new(m.Id, m.Name, m.Email, m.Role, m.DepartmentId, m.LocationId, m.JoinedAt, m.Revision);
}
