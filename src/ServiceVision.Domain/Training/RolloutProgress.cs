namespace ServiceVision.Domain.Training;

/// <summary>Where a member of a rollout stands. It only moves forward: a late or repeated event never moves it back.</summary>
public enum RolloutMemberStatus
{
    /// <summary>The rollout asked the training service for the assignment; no confirmation yet.</summary>
    Pending = 0,

    /// <summary>The training service created the assignment.</summary>
    Assigned = 1,

    /// <summary>The member opened it.</summary>
    Started = 2,

    /// <summary>The member completed every module; the quiz score is known.</summary>
    Completed = 3,
}

/// <summary>Which members of a rollout a list shows: those with a status, or those overdue.</summary>
public enum RolloutMemberFilter
{
    Pending,
    Assigned,
    Started,
    Completed,

    /// <summary>Not completed and past the due date (any status but Completed).</summary>
    Overdue,
}

/// <summary>
/// One member's progress in a rollout, stored compactly (see <see cref="Encode"/>), because a rollout
/// to thousands of members is rewritten on every training event.
/// </summary>
/// <param name="Score">The quiz score (0-100) once <see cref="RolloutMemberStatus.Completed"/>; 0 before.</param>
public readonly record struct RolloutMemberProgress(RolloutMemberStatus Status, int Score)
{
    public const int MaxScore = 100;

    public static RolloutMemberProgress Pending { get; } = new(RolloutMemberStatus.Pending, 0);

    public bool IsCompleted => Status == RolloutMemberStatus.Completed;

    /// <summary>
    /// The progress after an event reported <paramref name="reported"/> (with <paramref name="score"/>
    /// for a completion): the later of the two statuses, so a repeated, late or out-of-order event
    /// changes nothing. The first completion's score stays.
    /// </summary>
    public RolloutMemberProgress Advance(RolloutMemberStatus reported, int score = 0)
    {
        if (reported <= Status)
        {
            return this;
        }

        return reported == RolloutMemberStatus.Completed
            ? new RolloutMemberProgress(reported, Math.Clamp(score, 0, MaxScore))
            : new RolloutMemberProgress(reported, 0);
    }

    /// <summary>Not completed and <paramref name="now"/> is past <paramref name="dueAt"/>.</summary>
    public bool IsOverdue(DateTimeOffset dueAt, DateTimeOffset now) => !IsCompleted && now > dueAt;

    public bool Matches(RolloutMemberFilter filter, DateTimeOffset dueAt, DateTimeOffset now) => filter switch
    {
        RolloutMemberFilter.Overdue => IsOverdue(dueAt, now),
        RolloutMemberFilter.Pending => Status == RolloutMemberStatus.Pending,
        RolloutMemberFilter.Assigned => Status == RolloutMemberStatus.Assigned,
        RolloutMemberFilter.Started => Status == RolloutMemberStatus.Started,
        RolloutMemberFilter.Completed => Status == RolloutMemberStatus.Completed,
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unknown filter."),
    };

    /// <summary>The stored form: "P", "A", "S", or "C" followed by the score ("C87").</summary>
    public string Encode() => Status switch
    {
        RolloutMemberStatus.Pending => "P",
        RolloutMemberStatus.Assigned => "A",
        RolloutMemberStatus.Started => "S",
        RolloutMemberStatus.Completed => "C" + Score.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Unknown status {Status}."),
    };

    /// <summary>Reads <see cref="Encode"/>'s form; anything else is a programming error (the store holds only what we wrote).</summary>
    public static RolloutMemberProgress Decode(string encoded)
    {
        ArgumentException.ThrowIfNullOrEmpty(encoded);
        return encoded[0] switch
        {
            'P' when encoded.Length == 1 => Pending,
            'A' when encoded.Length == 1 => new(RolloutMemberStatus.Assigned, 0),
            'S' when encoded.Length == 1 => new(RolloutMemberStatus.Started, 0),
            'C' when int.TryParse(encoded.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var score) && score <= MaxScore
                => new(RolloutMemberStatus.Completed, score),
            _ => throw new FormatException($"'{encoded}' is not a stored rollout member progress."),
        };
    }
}

/// <summary>
/// The numbers of a rollout. Counts are cumulative: a completed member also counts as assigned and
/// started. <see cref="Overdue"/> is computed when read: members not completed once the due date passed.
/// </summary>
/// <param name="Members">Members the rollout was sent to.</param>
/// <param name="Assigned">Members whose assignment the training service confirmed (or who went further).</param>
/// <param name="Started">Members who opened their assignment (or completed it).</param>
/// <param name="Completed">Members who completed it.</param>
/// <param name="Overdue">Members not completed after the due date.</param>
/// <param name="AverageScore">Mean quiz score of the completed members, one decimal; null while nobody completed.</param>
/// <param name="PercentComplete">Completed out of members, in percent, rounded down to one decimal (so 100 means everyone).</param>
public sealed record RolloutProgress(int Members, int Assigned, int Started, int Completed, int Overdue, decimal? AverageScore, decimal PercentComplete)
{
    public static RolloutProgress Of(IEnumerable<RolloutMemberProgress> members, DateTimeOffset dueAt, DateTimeOffset now) =>
        RolloutTally.Of(members).ToProgress(dueAt, now);
}

/// <summary>
/// The sums behind <see cref="RolloutProgress"/>, which add up: the tallies of the parts of a rollout
/// (its shards), added together, give the progress of the whole exactly as if it were counted at once.
/// </summary>
/// <param name="Members">Members counted.</param>
/// <param name="Assigned">Members assigned or further.</param>
/// <param name="Started">Members started or completed.</param>
/// <param name="Completed">Members completed.</param>
/// <param name="ScoreSum">The sum of the completed members' scores.</param>
public readonly record struct RolloutTally(int Members, int Assigned, int Started, int Completed, long ScoreSum)
{
    public static RolloutTally Empty { get; }

    /// <summary>Every member counted once, in any order.</summary>
    public bool IsComplete => Members > 0 && Completed == Members;

    public static RolloutTally Of(IEnumerable<RolloutMemberProgress> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        int count = 0, assigned = 0, started = 0, completed = 0;
        long scores = 0;
        foreach (var member in members)
        {
            count++;
            assigned += member.Status >= RolloutMemberStatus.Assigned ? 1 : 0;
            started += member.Status >= RolloutMemberStatus.Started ? 1 : 0;
            if (member.IsCompleted)
            {
                completed++;
                scores += member.Score;
            }
        }

        return new RolloutTally(count, assigned, started, completed, scores);
    }

    /// <summary><paramref name="members"/> members who are all still pending.</summary>
    public static RolloutTally AllPending(int members) => new(members, 0, 0, 0, 0);

    public static RolloutTally Sum(IEnumerable<RolloutTally> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts.Aggregate(Empty, (total, part) => total + part);
    }

    public static RolloutTally operator +(RolloutTally left, RolloutTally right) => left.Add(right);

    public RolloutTally Add(RolloutTally other) => new(
        Members + other.Members,
        Assigned + other.Assigned,
        Started + other.Started,
        Completed + other.Completed,
        ScoreSum + other.ScoreSum);

    /// <summary>The progress as of <paramref name="now"/>: overdue, the average score and the percentage are derived here, never summed.</summary>
    public RolloutProgress ToProgress(DateTimeOffset dueAt, DateTimeOffset now) => new(
        Members,
        Assigned,
        Started,
        Completed,
        now > dueAt ? Members - Completed : 0,
        Completed == 0 ? null : Math.Round((decimal)ScoreSum / Completed, 1, MidpointRounding.AwayFromZero),
        Members == 0 ? 0m : Math.Floor(Completed * 1000m / Members) / 10m);
}
