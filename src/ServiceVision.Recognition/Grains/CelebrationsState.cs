using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Grains;

/// <summary>What the celebrations grain stores: celebrations, milestones and the score goals.</summary>
public sealed class CelebrationsState
{
    public List<CelebrationRecord> Celebrations { get; set; } = [];

    public List<MilestoneRecord> Milestones { get; set; } = [];

    public GoalsRecord Goals { get; set; } = new();
}

public sealed class CelebrationRecord
{
    public string Id { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Lead times of the reminders, in minutes, largest first.</summary>
    public List<int> RemindMinutesBefore { get; set; } = [];

    public CelebrationStatus Status { get; set; }

    public List<HonoureeRecord> Honourees { get; set; } = [];

    public List<CelebrationReminderRecord> RemindersSent { get; set; } = [];

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? HeldAt { get; set; }

    public string? HeldBy { get; set; }

    public string? MilestoneId { get; set; }

    public long Revision { get; set; } = 1;
}

public sealed class HonoureeRecord
{
    public string MemberId { get; set; } = "";

    public string RecognitionId { get; set; } = "";

    public string NominatedBy { get; set; } = "";

    public DateTimeOffset NominatedAt { get; set; }
}

public sealed class CelebrationReminderRecord
{
    public int MinutesBefore { get; set; }

    /// <summary>The moment the reminder was set for, so a reminder re-armed for a moved celebration goes out again.</summary>
    public DateTimeOffset ForAt { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

public sealed class MilestoneRecord
{
    public string Id { get; set; } = "";

    /// <summary>What makes it unique: "rollout:{rolloutId}" or "score:{surveyId}:{round}:{locationId}".</summary>
    public string Key { get; set; } = "";

    public MilestoneKind Kind { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public DateTimeOffset ProposedAt { get; set; }

    public ProposalStatus Status { get; set; }

    public string? RolloutId { get; set; }

    public string? CourseId { get; set; }

    public string? LocationId { get; set; }

    public string? SurveyId { get; set; }

    public int? Round { get; set; }

    public List<string> Metrics { get; set; } = [];

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? CelebrationId { get; set; }
}

public sealed class GoalsRecord
{
    public decimal? NpsAbove { get; set; }

    public decimal? CsatPercentAbove { get; set; }

    public long Revision { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
