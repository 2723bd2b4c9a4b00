using System.Text.RegularExpressions;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Organizations;

namespace ServiceVision.Domain.Training;

/// <summary>What a leader sends to start a rollout; every field may be missing so that each missing one is named.</summary>
public sealed record RolloutStartInput(string? Title, string? CourseId, DateTimeOffset? DueAt, RolloutAudienceInput? Audience);

/// <summary>The audience as sent: a kind name and, except for Everyone, ids.</summary>
public sealed record RolloutAudienceInput(string? Kind, IReadOnlyList<string?>? Ids);

/// <summary>Validation and limits of training rollouts.</summary>
public static partial class RolloutRules
{
    public const int MaxTitleLength = 200;
    public const int MaxCourseIdLength = 100;

    /// <summary>As many ids as an organization can have members.</summary>
    public const int MaxAudienceIds = MemberRules.MaxMembers;

    /// <summary>Rollouts one organization keeps.</summary>
    public const int MaxRollouts = 1_000;

    /// <summary>The course the training service builds from the published vision; the default.</summary>
    public const string VisionCourseId = "vision";

    /// <summary>How far ahead a due date may be.</summary>
    public static readonly TimeSpan MaxDueIn = TimeSpan.FromDays(365);

    private static readonly RolloutAudienceKind[] kinds = Enum.GetValues<RolloutAudienceKind>();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex CourseIdPattern();

    /// <summary>Every problem of <paramref name="input"/> as of <paramref name="now"/>, each on its field (<c>audience.ids[2]</c>).</summary>
    public static IReadOnlyList<ValidationError> ValidateStart(RolloutStartInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        OrganizationRules.RequireText(errors, "title", input.Title, MaxTitleLength);

        if (input.CourseId is { } courseId && (courseId.Length > MaxCourseIdLength || !CourseIdPattern().IsMatch(courseId)))
        {
            errors.Add(new ValidationError("courseId", $"A course id is 1 to {MaxCourseIdLength} lower-case letters, digits and hyphens; leave it out for the vision course."));
        }

        if (input.DueAt is not { } dueAt)
        {
            errors.Add(new ValidationError("dueAt", "A due date is required (ISO 8601 with an offset, for example 2030-01-31T17:00:00Z)."));
        }
        else if (dueAt <= now)
        {
            errors.Add(new ValidationError("dueAt", "The due date must be in the future."));
        }
        else if (dueAt - now > MaxDueIn)
        {
            errors.Add(new ValidationError("dueAt", $"The due date is at most {MaxDueIn.TotalDays:0} days ahead."));
        }

        ValidateAudience(errors, input.Audience);
        return errors;
    }

    /// <summary>Reads an audience kind by name, in any case; numbers are not kind names.</summary>
    public static bool TryParseAudienceKind(string? value, out RolloutAudienceKind kind)
    {
        foreach (var candidate in kinds)
        {
            if (string.Equals(candidate.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The course of a validated input: the vision course unless another is named.</summary>
    public static string CourseOf(RolloutStartInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.CourseId ?? VisionCourseId;
    }

    /// <summary>The ids of a validated audience, each once, in the order sent (role names as the enum spells them).</summary>
    public static IReadOnlyList<string> IdsOf(RolloutAudienceInput audience)
    {
        ArgumentNullException.ThrowIfNull(audience);
        var kind = TryParseAudienceKind(audience.Kind, out var parsed) ? parsed : throw new ArgumentException("Validate the audience first.", nameof(audience));
        var ids = (audience.Ids ?? []).Select(id => id!);
        if (kind == RolloutAudienceKind.Roles)
        {
            ids = ids.Select(id => MemberRules.ParseRole(id).ToString());
        }

        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    private static void ValidateAudience(List<ValidationError> errors, RolloutAudienceInput? audience)
    {
        if (audience is null)
        {
            errors.Add(new ValidationError("audience", "An audience is required, for example { \"kind\": \"Everyone\" }."));
            return;
        }

        if (!TryParseAudienceKind(audience.Kind, out var kind))
        {
            errors.Add(new ValidationError("audience.kind", "The audience kind is Everyone, Departments, Roles, Members or Locations."));
            return;
        }

        var ids = audience.Ids ?? [];
        if (kind == RolloutAudienceKind.Everyone)
        {
            if (ids.Count > 0)
            {
                errors.Add(new ValidationError("audience.ids", "An audience of everyone takes no ids; leave them out."));
            }

            return;
        }

        if (ids.Count == 0)
        {
            errors.Add(new ValidationError("audience.ids", $"Name at least one of the {What(kind)}."));
            return;
        }

        if (ids.Count > MaxAudienceIds)
        {
            errors.Add(new ValidationError("audience.ids", $"At most {MaxAudienceIds} ids."));
            return;
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            if (kind == RolloutAudienceKind.Roles)
            {
                if (!MemberRules.TryParseRole(id, out _))
                {
                    errors.Add(new ValidationError($"audience.ids[{i}]", "A role is Employee, Leader or Owner."));
                }
            }
            else if (string.IsNullOrWhiteSpace(id) || id.Length > MemberRules.MaxIdLength || id.Any(char.IsControl))
            {
                errors.Add(new ValidationError($"audience.ids[{i}]", $"This is not an id of one of the {What(kind)}."));
            }
        }
    }

    private static string What(RolloutAudienceKind kind) => kind switch
    {
        RolloutAudienceKind.Departments => "departments",
        RolloutAudienceKind.Roles => "roles",
        RolloutAudienceKind.Members => "members",
        RolloutAudienceKind.Locations => "locations",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
