using System.Globalization;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Organizations;

namespace ServiceVision.Domain.Plan;

public enum HuddleTeamKind
{
    Department,
    Location,
}

/// <summary>What a huddle was about: a pillar or standard (never/always items count as standards), a recent recognition, or anything else.</summary>
public enum HuddleTopicKind
{
    Pillar,
    Standard,
    Recognition,
    Other,
}

/// <summary>A topic to talk about; <see cref="RefId"/> is the vision item or recognition id (null for Other).</summary>
public sealed record HuddleTopic(HuddleTopicKind Kind, string? RefId, string Text);

/// <summary>A recognition as topic material.</summary>
public sealed record RecognitionTopicSource(string RecognitionId, string Text, DateTimeOffset GivenAt);

public sealed record HuddleInput(HuddleTeamInput? Team, IReadOnlyList<string?>? AttendeeIds, HuddleTopicInput? Topic, DateTimeOffset? HeldAt, string? Notes);

public sealed record HuddleTeamInput(string? Kind, string? Id);

public sealed record HuddleTopicInput(string? Kind, string? RefId, string? Text);

public sealed record HuddleDraft(HuddleTeamKind TeamKind, string TeamId, IReadOnlyList<string> AttendeeIds, HuddleTopic Topic, DateTimeOffset HeldAt, string? Notes);

/// <summary>How far a team is toward the habit.</summary>
public sealed record HabitProgress(int Repetitions, int Target, decimal Percent, bool Reached);

/// <summary>
/// Leadership huddles: validation, the rotation of proposed topics, and progress toward a habit.
/// </summary>
public static class HuddleRules
{
    /// <summary>
    /// Repetitions toward a habit: 66, the median number of days of daily repetition it took
    /// participants to reach automaticity in Lally et al., "How are habits formed" (European Journal
    /// of Social Psychology 40(6), 2010).
    /// </summary>
    public const int HabitTarget = 66;

    public const int MaxAttendees = 500;
    public const int MaxTopicLength = 500;
    public const int MaxNotesLength = 2_000;
    public const int MaxHuddles = 20_000;

    /// <summary>How far back a huddle may be recorded.</summary>
    public static readonly TimeSpan MaxBackdating = TimeSpan.FromDays(60);

    /// <summary>Recognitions younger than this are topic material.</summary>
    public static readonly TimeSpan RecentRecognitions = TimeSpan.FromDays(30);

    public static (HuddleDraft? Huddle, IReadOnlyList<ValidationError> Errors) Validate(HuddleInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var teamKind = HuddleTeamKind.Department;
        if (input.Team is not { } team)
        {
            errors.Add(new ValidationError("team", "Name the team: { \"kind\": \"Department\" or \"Location\", \"id\": ... }."));
        }
        else
        {
            if (!AnnouncementRules.TryParse(team.Kind, out teamKind))
            {
                errors.Add(new ValidationError("team.kind", "A team is a Department or a Location."));
            }

            if (string.IsNullOrWhiteSpace(team.Id) || team.Id.Length > MemberRules.MaxIdLength)
            {
                errors.Add(new ValidationError("team.id", "The id of the department or location is required."));
            }
        }

        var attendees = new List<string>();
        if (input.AttendeeIds is not { Count: > 0 } sent)
        {
            errors.Add(new ValidationError("attendeeIds", "Name who attended (at least one member)."));
        }
        else if (sent.Count > MaxAttendees)
        {
            errors.Add(new ValidationError("attendeeIds", $"At most {MaxAttendees} attendees."));
        }
        else
        {
            for (var i = 0; i < sent.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(sent[i]) || sent[i]!.Length > MemberRules.MaxIdLength)
                {
                    errors.Add(new ValidationError($"attendeeIds[{i}]", "This is not a member id."));
                }
                else
                {
                    attendees.Add(sent[i]!);
                }
            }
        }

        HuddleTopic? topic = null;
        if (input.Topic is not { } t)
        {
            errors.Add(new ValidationError("topic", "Say what the huddle was about (take the proposed topic, or kind Other with a text)."));
        }
        else
        {
            var before = errors.Count;
            if (!AnnouncementRules.TryParse<HuddleTopicKind>(t.Kind, out var kind))
            {
                errors.Add(new ValidationError("topic.kind", "A topic is a Pillar, Standard, Recognition or Other."));
            }
            else if (kind != HuddleTopicKind.Other && (string.IsNullOrWhiteSpace(t.RefId) || t.RefId.Length > MemberRules.MaxIdLength))
            {
                errors.Add(new ValidationError("topic.refId", "Name the pillar, standard or recognition the huddle was about."));
            }

            OrganizationRules.RequireText(errors, "topic.text", t.Text, MaxTopicLength);
            if (errors.Count == before)
            {
                topic = new HuddleTopic(kind, kind == HuddleTopicKind.Other ? null : t.RefId, t.Text!.Trim());
            }
        }

        var heldAt = input.HeldAt ?? now;
        if (heldAt > now.AddMinutes(5))
        {
            errors.Add(new ValidationError("heldAt", "Record a huddle once it was held: heldAt is not in the future."));
        }
        else if (heldAt < now - MaxBackdating)
        {
            errors.Add(new ValidationError("heldAt", $"A huddle is recorded within {MaxBackdating.TotalDays:0} days."));
        }

        if (input.Notes is { } notes && notes.Trim().Length > MaxNotesLength)
        {
            errors.Add(new ValidationError("notes", $"At most {MaxNotesLength} characters."));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new HuddleDraft(teamKind, input.Team!.Id!, [.. attendees.Distinct(StringComparer.Ordinal)], topic!, heldAt.ToUniversalTime(), string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim()), []);
    }

    /// <summary>
    /// The topic of a team's next huddle. Topics rotate by kind (pillar, standard, recent recognition,
    /// skipping kinds with nothing to offer) and, within a kind, through its items in order, so the
    /// n-th huddle of a team always gets the same proposal for the same material.
    /// </summary>
    /// <param name="pillars">Pillars of the published vision in order.</param>
    /// <param name="standards">Standards, never and always items in order.</param>
    /// <param name="recognitions">Recent recognitions, newest first.</param>
    /// <param name="heldSoFar">How many huddles the team held.</param>
    /// <returns>Null when there is nothing to propose.</returns>
    public static HuddleTopic? ProposeTopic(
        IReadOnlyList<(string Id, string Text)> pillars,
        IReadOnlyList<(string Id, string Text)> standards,
        IReadOnlyList<RecognitionTopicSource> recognitions,
        int heldSoFar)
    {
        ArgumentNullException.ThrowIfNull(pillars);
        ArgumentNullException.ThrowIfNull(standards);
        ArgumentNullException.ThrowIfNull(recognitions);
        var kinds = new List<IReadOnlyList<HuddleTopic>>();
        if (pillars.Count > 0)
        {
            kinds.Add([.. pillars.Select(p => new HuddleTopic(HuddleTopicKind.Pillar, p.Id, p.Text))]);
        }

        if (standards.Count > 0)
        {
            kinds.Add([.. standards.Select(s => new HuddleTopic(HuddleTopicKind.Standard, s.Id, s.Text))]);
        }

        if (recognitions.Count > 0)
        {
            kinds.Add([.. recognitions.Select(r => new HuddleTopic(HuddleTopicKind.Recognition, r.RecognitionId, r.Text))]);
        }

        if (kinds.Count == 0)
        {
            return null;
        }

        var held = Math.Max(0, heldSoFar);
        var items = kinds[held % kinds.Count];
        return items[held / kinds.Count % items.Count];
    }

    public static HabitProgress Habit(int repetitions) =>
        new(repetitions, HabitTarget, Math.Min(100m, Math.Round(Math.Max(0, repetitions) * 100m / HabitTarget, 1, MidpointRounding.AwayFromZero)), repetitions >= HabitTarget);

    /// <summary>The ISO 8601 week of <paramref name="at"/> (UTC), as "2026-W48".</summary>
    public static string WeekOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(utc)}-W{ISOWeek.GetWeekOfYear(utc):00}");
    }
}
