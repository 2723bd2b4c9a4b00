using ServiceVision.Domain.Members;
using ServiceVision.Domain.Organizations;
using ServiceVision.Domain.Training;

namespace ServiceVision.Domain.Plan;

/// <summary>Where an announcement is published. Stored by name.</summary>
public enum AnnouncementChannel
{
    Email,
    Chat,
    Intranet,
    Huddle,
    Poster,
    Sms,
}

/// <summary>Who an announcement is for. Stored by name.</summary>
public enum AnnouncementAudienceKind
{
    Everyone,
    Departments,
    Locations,
    Roles,
}

/// <summary>What a leader sends to announce the vision; every field may be missing so each missing one is named.</summary>
public sealed record AnnouncementInput(
    string? Title,
    string? Message,
    int? VisionVersion,
    IReadOnlyList<string?>? Channels,
    AnnouncementAudienceInput? Audience,
    int? RemindEveryHours,
    int? MaxReminders);

public sealed record AnnouncementAudienceInput(string? Kind, IReadOnlyList<string?>? Ids);

/// <summary>A validated announcement: parsed names, trimmed texts, defaults applied.</summary>
public sealed record AnnouncementDraft(
    string Title,
    string Message,
    int? VisionVersion,
    IReadOnlyList<AnnouncementChannel> Channels,
    AnnouncementAudienceKind AudienceKind,
    IReadOnlyList<string> AudienceIds,
    int RemindEveryHours,
    int MaxReminders);

/// <summary>Validation, audience resolution and reminder rounds of announcement campaigns.</summary>
public static class AnnouncementRules
{
    public const int MaxTitleLength = 200;
    public const int MaxMessageLength = 4_000;
    public const int MaxAudienceIds = 5_000;
    public const int MaxCampaigns = 200;
    public const int DefaultRemindEveryHours = 48;
    public const int MaxRemindEveryHours = 24 * 14;
    public const int DefaultMaxReminders = 3;
    public const int MaxMaxReminders = 10;

    public static (AnnouncementDraft? Draft, IReadOnlyList<ValidationError> Errors) Validate(AnnouncementInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        OrganizationRules.RequireText(errors, "title", input.Title, MaxTitleLength);
        if (string.IsNullOrWhiteSpace(input.Message))
        {
            errors.Add(new ValidationError("message", "A message is required: what the vision is and what it asks of everyone."));
        }
        else if (input.Message.Trim().Length > MaxMessageLength)
        {
            errors.Add(new ValidationError("message", $"At most {MaxMessageLength} characters."));
        }

        if (input.VisionVersion is < 1)
        {
            errors.Add(new ValidationError("visionVersion", "A version number is 1 or more; leave it out for the current version."));
        }

        var channels = new List<AnnouncementChannel>();
        if (input.Channels is not { Count: > 0 } sentChannels)
        {
            errors.Add(new ValidationError("channels", $"Name at least one channel: {string.Join(", ", Enum.GetNames<AnnouncementChannel>())}."));
        }
        else
        {
            for (var i = 0; i < sentChannels.Count; i++)
            {
                if (TryParse<AnnouncementChannel>(sentChannels[i], out var channel))
                {
                    if (!channels.Contains(channel))
                    {
                        channels.Add(channel);
                    }
                }
                else
                {
                    errors.Add(new ValidationError($"channels[{i}]", $"A channel is one of {string.Join(", ", Enum.GetNames<AnnouncementChannel>())}."));
                }
            }
        }

        var kind = AnnouncementAudienceKind.Everyone;
        var ids = new List<string>();
        if (input.Audience is not { } audience)
        {
            errors.Add(new ValidationError("audience", "An audience is required, for example { \"kind\": \"Everyone\" }."));
        }
        else if (!TryParse(audience.Kind, out kind))
        {
            errors.Add(new ValidationError("audience.kind", "The audience kind is Everyone, Departments, Locations or Roles."));
        }
        else if (kind == AnnouncementAudienceKind.Everyone)
        {
            if (audience.Ids is { Count: > 0 })
            {
                errors.Add(new ValidationError("audience.ids", "An audience of everyone takes no ids; leave them out."));
            }
        }
        else if (audience.Ids is not { Count: > 0 } sentIds)
        {
            errors.Add(new ValidationError("audience.ids", $"Name at least one of the {kind.ToString().ToLowerInvariant()}."));
        }
        else if (sentIds.Count > MaxAudienceIds)
        {
            errors.Add(new ValidationError("audience.ids", $"At most {MaxAudienceIds} ids."));
        }
        else
        {
            for (var i = 0; i < sentIds.Count; i++)
            {
                var id = sentIds[i];
                if (kind == AnnouncementAudienceKind.Roles)
                {
                    if (MemberRules.TryParseRole(id, out var role))
                    {
                        ids.Add(role.ToString());
                    }
                    else
                    {
                        errors.Add(new ValidationError($"audience.ids[{i}]", "A role is Employee, Leader or Owner."));
                    }
                }
                else if (string.IsNullOrWhiteSpace(id) || id.Length > MemberRules.MaxIdLength)
                {
                    errors.Add(new ValidationError($"audience.ids[{i}]", "This is not an id."));
                }
                else
                {
                    ids.Add(id);
                }
            }
        }

        if (input.RemindEveryHours is { } every && (every < 1 || every > MaxRemindEveryHours))
        {
            errors.Add(new ValidationError("remindEveryHours", $"Remind every 1 to {MaxRemindEveryHours} hours."));
        }

        if (input.MaxReminders is { } max && (max < 0 || max > MaxMaxReminders))
        {
            errors.Add(new ValidationError("maxReminders", $"0 to {MaxMaxReminders} reminders."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new AnnouncementDraft(
            input.Title!.Trim(),
            input.Message!.Trim(),
            input.VisionVersion,
            channels,
            kind,
            ids,
            input.RemindEveryHours ?? DefaultRemindEveryHours,
            input.MaxReminders ?? DefaultMaxReminders), []);
    }

    /// <summary>
    /// The active members an audience stands for, once each, in member order. Unknown department or
    /// location ids are errors on <c>audience.ids[i]</c> (positions as sent); an audience of nobody is
    /// an error on <c>audience</c>.
    /// </summary>
    public static RolloutAudienceResolution Resolve(
        AnnouncementAudienceKind kind,
        IReadOnlyList<string> ids,
        IReadOnlyList<RolloutCandidate> members,
        IReadOnlySet<string> departmentIds,
        IReadOnlySet<string> locationIds)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(departmentIds);
        ArgumentNullException.ThrowIfNull(locationIds);
        var errors = new List<ValidationError>();
        var set = ids.ToHashSet(StringComparer.Ordinal);
        Func<RolloutCandidate, bool> includes;
        switch (kind)
        {
            case AnnouncementAudienceKind.Everyone:
                includes = _ => true;
                break;
            case AnnouncementAudienceKind.Departments:
                Check(ids, departmentIds, "department", errors);
                includes = m => m.DepartmentId is { } d && set.Contains(d);
                break;
            case AnnouncementAudienceKind.Locations:
                Check(ids, locationIds, "location", errors);
                includes = m => m.LocationId is { } l && set.Contains(l);
                break;
            case AnnouncementAudienceKind.Roles:
                includes = m => set.Contains(m.Role.ToString());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown audience kind.");
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

    /// <summary>Whether a reminder tick should remind anyone: rounds left and someone still to acknowledge.</summary>
    public static bool ShouldRemind(int roundsSoFar, int maxReminders, int pendingMembers) =>
        pendingMembers > 0 && roundsSoFar < maxReminders;

    private static void Check(IReadOnlyList<string> ids, IReadOnlySet<string> known, string what, List<ValidationError> errors)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (!known.Contains(ids[i]))
            {
                errors.Add(new ValidationError($"audience.ids[{i}]", $"There is no such {what}."));
            }
        }
    }

    /// <summary>Reads an enum value by name in any case; numbers are not names.</summary>
    public static bool TryParse<T>(string? value, out T parsed)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                parsed = candidate;
                return true;
            }
        }

        parsed = default;
        return false;
    }
}
