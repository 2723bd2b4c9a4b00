using ServiceVision.Domain.ServiceDesign;

namespace ServiceVision.Domain.Recognition;

/// <summary>A celebration as a leader schedules or edits it (nullable so a missing field is named).</summary>
/// <param name="RemindMinutesBefore">Reminders before the event, in minutes (1440 = a day, 60 = an hour).</param>
public sealed record CelebrationInput(string? Title, string? Description, DateTimeOffset? At, IReadOnlyList<int>? RemindMinutesBefore);

/// <summary>A celebration that passed validation.</summary>
public sealed record ValidCelebration(string Title, string? Description, DateTimeOffset At, IReadOnlyList<int> RemindMinutesBefore);

/// <summary>The customer-score goals an owner sets: a location whose score beats one proposes a celebration.</summary>
/// <param name="NpsAbove">A location's NPS above this (-100..100) beats the goal.</param>
/// <param name="CsatPercentAbove">A location's share of CSAT 4-5 answers above this (0..100) beats the goal.</param>
public sealed record CelebrationGoals(decimal? NpsAbove, decimal? CsatPercentAbove);

/// <summary>Rules of celebrations: scheduling, reminders, honourees and score goals.</summary>
public static class CelebrationRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2_000;
    public const int MaxHonourees = 100;
    public const int MaxReminders = 5;
    public const int MaxRemindMinutes = 60 * 24 * 30;

    /// <summary>How far ahead a celebration may be scheduled.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(2 * 366);

    /// <summary>Checks a celebration to schedule at a time after <paramref name="now"/>.</summary>
    public static (ValidCelebration? Celebration, IReadOnlyList<ValidationError> Errors) Validate(CelebrationInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        TextRules.RequireLine(errors, "title", input.Title, MaxTitleLength);
        TextRules.OptionalParagraphs(errors, "description", input.Description, MaxDescriptionLength);
        if (input.At is not { } at)
        {
            errors.Add(new("at", "Say when the celebration takes place (a date and time with an offset)."));
        }
        else if (at <= now)
        {
            errors.Add(new("at", "A celebration is scheduled in the future."));
        }
        else if (at - now > MaxAhead)
        {
            errors.Add(new("at", "A celebration is scheduled at most two years ahead."));
        }

        var reminders = input.RemindMinutesBefore ?? [];
        if (reminders.Count > MaxReminders)
        {
            errors.Add(new("remindMinutesBefore", $"At most {MaxReminders} reminders; {reminders.Count} were given."));
        }
        else
        {
            for (var i = 0; i < reminders.Count; i++)
            {
                if (reminders[i] is < 1 or > MaxRemindMinutes)
                {
                    errors.Add(new($"remindMinutesBefore[{i}]", $"A reminder goes out 1 to {MaxRemindMinutes} minutes (30 days) before the celebration."));
                }
                else if (reminders.Take(i).Contains(reminders[i]))
                {
                    errors.Add(new($"remindMinutesBefore[{i}]", "This reminder is listed twice."));
                }
            }
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ValidCelebration(input.Title!.Trim(), TextRules.TrimToNull(input.Description), input.At!.Value, [.. reminders.OrderDescending()]), []);
    }

    /// <summary>
    /// When each reminder is due, from <paramref name="now"/>: <paramref name="at"/> minus its lead time,
    /// or at once when that moment has passed (a reminder is never skipped).
    /// </summary>
    public static IReadOnlyList<(int MinutesBefore, TimeSpan Delay)> Reminders(DateTimeOffset at, IReadOnlyList<int> minutesBefore, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(minutesBefore);
        return [.. minutesBefore.Select(m =>
        {
            var delay = at.AddMinutes(-m) - now;
            return (m, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
        })];
    }

    /// <summary>Checks score goals: each optional, NPS in -100..100, CSAT percent in 0..100.</summary>
    public static IReadOnlyList<ValidationError> ValidateGoals(CelebrationGoals goals)
    {
        ArgumentNullException.ThrowIfNull(goals);
        var errors = new List<ValidationError>();
        if (goals.NpsAbove is < -100 or > 100)
        {
            errors.Add(new("npsAbove", "An NPS goal is from -100 to 100."));
        }

        if (goals.CsatPercentAbove is < 0 or > 100)
        {
            errors.Add(new("csatPercentAbove", "A CSAT goal is a percentage from 0 to 100."));
        }

        return errors;
    }

    /// <summary>The metrics ("NPS", "CSAT") whose score is strictly above its goal; empty when no goal is set.</summary>
    public static IReadOnlyList<string> GoalsBeaten(CelebrationGoals goals, decimal? nps, decimal? csatPercent)
    {
        ArgumentNullException.ThrowIfNull(goals);
        var beaten = new List<string>();
        if (goals.NpsAbove is { } npsGoal && nps is { } n && n > npsGoal)
        {
            beaten.Add("NPS");
        }

        if (goals.CsatPercentAbove is { } csatGoal && csatPercent is { } c && c > csatGoal)
        {
            beaten.Add("CSAT");
        }

        return beaten;
    }
}
