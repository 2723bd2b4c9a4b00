using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>Departments: named groups of members, unique by name (ignoring case) within the organization.</summary>
public sealed partial class OrganizationGrain
{
    public async Task<DepartmentView> CreateDepartment(NewDepartment department)
    {
        ArgumentNullException.ThrowIfNull(department);
        EnsureCreated();
        ValidationFailedException.ThrowIfAny(MemberRules.ValidateDepartment(department.Name, department.Description));
        RequireUniqueDepartmentName(department.Name, exceptId: null);
        if (State.Departments.Count >= MemberRules.MaxDepartments)
        {
            throw new ConflictException($"An organization has at most {MemberRules.MaxDepartments} departments.");
        }

        var record = new DepartmentRecord
        {
            Id = department.Id,
            Name = department.Name.Trim(),
            Description = NullIfBlank(department.Description),
            CreatedBy = department.CreatedBy,
            CreatedAt = Time.GetUtcNow(),
            Revision = 1,
        };
        State.Departments[record.Id] = record;
        await WriteStateAsync();
        return View(record, memberCount: 0);
    }

    public Task<PagedList<DepartmentView>> ListDepartments(PageRequest page)
    {
        EnsureCreated();
        var counts = DepartmentMemberCounts();
        var departments = State.Departments.Values
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => View(d, counts.GetValueOrDefault(d.Id)));
        return Task.FromResult(PagedList.Of(departments, page));
    }

    public Task<DepartmentView> GetDepartment(string departmentId)
    {
        var department = RequireDepartment(departmentId);
        return Task.FromResult(View(department, DepartmentMemberCounts().GetValueOrDefault(department.Id)));
    }

    public async Task<DepartmentView> UpdateDepartment(string departmentId, DepartmentChange change, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(change);
        var department = RequireDepartment(departmentId);
        ValidationFailedException.ThrowIfAny(MemberRules.ValidateDepartment(change.Name, change.Description));
        if (expectedRevision != department.Revision)
        {
            throw new PreconditionFailedException("The department", department.Revision);
        }

        RequireUniqueDepartmentName(change.Name, exceptId: department.Id);
        department.Name = change.Name.Trim();
        department.Description = NullIfBlank(change.Description);
        department.Revision++;
        await WriteStateAsync();
        return View(department, DepartmentMemberCounts().GetValueOrDefault(department.Id));
    }

    public async Task DeleteDepartment(string departmentId, long expectedRevision)
    {
        var department = RequireDepartment(departmentId);
        if (expectedRevision != department.Revision)
        {
            throw new PreconditionFailedException("The department", department.Revision);
        }

        var members = ActiveMembers().Count(m => m.DepartmentId == departmentId);
        if (members > 0)
        {
            throw new ConflictException($"{members} member(s) belong to this department; move them to another department first.");
        }

        var now = Time.GetUtcNow();
        var invitations = State.Invitations.Values.Count(i => i.DepartmentId == departmentId && IsPending(i, now));
        if (invitations > 0)
        {
            throw new ConflictException($"{invitations} pending invitation(s) name this department; revoke them first.");
        }

        State.Departments.Remove(departmentId);
        await WriteStateAsync();
    }

    /// <summary>400 on <c>departmentId</c> when <paramref name="departmentId"/> is given and is not one of this organization's departments.</summary>
    private void RequireDepartmentIfAny(string? departmentId)
    {
        if (departmentId is not null && !State.Departments.ContainsKey(departmentId))
        {
            throw new ValidationFailedException("departmentId", "There is no such department; create it first or leave departmentId out.");
        }
    }

    private DepartmentRecord RequireDepartment(string departmentId)
    {
        EnsureCreated();
        return State.Departments.TryGetValue(departmentId, out var department) ? department : throw new NotFoundException("The department");
    }

    private void RequireUniqueDepartmentName(string name, string? exceptId)
    {
        if (State.Departments.Values.Any(d => d.Id != exceptId && MemberRules.SameDepartmentName(d.Name, name)))
        {
            throw new ConflictException($"A department named '{name.Trim()}' exists already.", "name");
        }
    }

    private Dictionary<string, int> DepartmentMemberCounts() =>
        ActiveMembers().Where(m => m.DepartmentId is not null).GroupBy(m => m.DepartmentId!).ToDictionary(g => g.Key, g => g.Count());

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static DepartmentView View(DepartmentRecord d, int memberCount) =>
        new(d.Id, d.Name, d.Description, memberCount, d.CreatedAt, d.Revision);
}
