using ServiceVision.Domain.Members;

namespace ServiceVision.Domain.Training;

/// <summary>
/// Who a rollout is for. Every switch over this enum fails loudly on a kind it does not know. Grain state stores the
/// number: add new kinds at the end, never reorder.
/// </summary>
public enum RolloutAudienceKind
{
    /// <summary>Every active member; no ids.</summary>
    Everyone,

    /// <summary>Members of the listed departments.</summary>
    Departments,

    /// <summary>Members with one of the listed roles (Employee, Leader, Owner).</summary>
    Roles,

    /// <summary>The listed members.</summary>
    Members,

    /// <summary>Members working at the listed locations.</summary>
    Locations,
}

/// <summary>A member as audience resolution sees them.</summary>
/// <param name="LocationId">Where the member works, if anywhere: the key of the Locations audience.</param>
public sealed record RolloutCandidate(string MemberId, string? DepartmentId, MemberRole Role, string? LocationId = null);

/// <summary>The members an audience stands for, or why it cannot be resolved.</summary>
public sealed record RolloutAudienceResolution(IReadOnlyList<string> MemberIds, IReadOnlyList<ValidationError> Errors);

public static class RolloutAudience
{
    /// <summary>
    /// The active members in the audience, once each, in the order of <paramref name="members"/>.
    /// Ids that name no department, no location (<paramref name="locationIds"/>; none when null) or no
    /// active member are errors on <c>audience.ids[i]</c>; an
    /// audience that resolves to nobody is an error on <c>audience</c>. Validate the request first
    /// (<see cref="RolloutRules.ValidateStart"/>): role ids must be role names.
    /// </summary>
    public static RolloutAudienceResolution Resolve(
        RolloutAudienceKind kind,
        IReadOnlyList<string> ids,
        IReadOnlyList<RolloutCandidate> members,
        IReadOnlySet<string> departmentIds,
        IReadOnlySet<string>? locationIds = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(departmentIds);

        var errors = new List<ValidationError>();
        Func<RolloutCandidate, bool> includes;
        switch (kind)
        {
            case RolloutAudienceKind.Everyone:
                includes = _ => true;
                break;
            case RolloutAudienceKind.Departments:
                for (var i = 0; i < ids.Count; i++)
                {
                    if (!departmentIds.Contains(ids[i]))
                    {
                        errors.Add(new ValidationError($"audience.ids[{i}]", "There is no such department."));
                    }
                }

                var departments = ids.ToHashSet(StringComparer.Ordinal);
                includes = m => m.DepartmentId is { } department && departments.Contains(department);
                break;
            case RolloutAudienceKind.Roles:
                var roles = ids.Select(MemberRules.ParseRole).ToHashSet();
                includes = m => roles.Contains(m.Role);
                break;
            case RolloutAudienceKind.Locations:
                for (var i = 0; i < ids.Count; i++)
                {
                    if (locationIds is null || !locationIds.Contains(ids[i]))
                    {
                        errors.Add(new ValidationError($"audience.ids[{i}]", "There is no such location."));
                    }
                }

                var locations = ids.ToHashSet(StringComparer.Ordinal);
                includes = m => m.LocationId is { } location && locations.Contains(location);
                break;
            case RolloutAudienceKind.Members:
                var known = members.Select(m => m.MemberId).ToHashSet(StringComparer.Ordinal);
                for (var i = 0; i < ids.Count; i++)
                {
                    if (!known.Contains(ids[i]))
                    {
                        errors.Add(new ValidationError($"audience.ids[{i}]", "There is no such member (or they left the organization)."));
                    }
                }

                var listed = ids.ToHashSet(StringComparer.Ordinal);
                includes = m => listed.Contains(m.MemberId);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "This audience kind cannot be resolved yet.");
        }

        if (errors.Count > 0)
        {
            return new RolloutAudienceResolution([], errors);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var memberIds = members.Where(includes).Select(m => m.MemberId).Where(seen.Add).ToList();
        return memberIds.Count == 0
            ? new RolloutAudienceResolution([], [new ValidationError("audience", "Nobody is in this audience: no active member matches it.")])
            : new RolloutAudienceResolution(memberIds, []);
    }
}
