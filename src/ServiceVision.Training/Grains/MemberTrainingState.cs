namespace ServiceVision.Training.Grains;

/// <summary>What a member training grain stores (JSON, versioned by the store).</summary>
public sealed class MemberTrainingState
{
    /// <summary>In the order they were assigned.</summary>
    public List<AssignmentRecord> Assignments { get; set; } = [];
}

public sealed class AssignmentRecord
{
    public string Id { get; set; } = "";

    /// <summary>One assignment per rollout; null for a refresher.</summary>
    public string? RolloutId { get; set; }

    /// <summary>One refresher per vision version; null for a rollout's assignment.</summary>
    public int? RefresherVersion { get; set; }

    /// <summary>One refresher per <c>AssignRefresher</c> command's refresher id (a complaint's recovery id); null otherwise.</summary>
    public string? RefresherId { get; set; }

    /// <summary>The course as it was when assigned; later rebuilds and edits leave it alone.</summary>
    public CourseRecord Course { get; set; } = new();

    /// <summary>The catalog revision the copy was taken at (0 for a refresher, built for this member).</summary>
    public long CourseRevision { get; set; }

    public List<string> ItemIds { get; set; } = [];

    public DateTimeOffset AssignedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public int? ScorePercent { get; set; }

    public List<ModuleResultRecord> Results { get; set; } = [];

    public List<ReminderSentRecord> RemindersSent { get; set; } = [];
}

public sealed class ModuleResultRecord
{
    public string ModuleId { get; set; } = "";

    public DateTimeOffset CompletedAt { get; set; }

    public int CorrectCount { get; set; }

    public int QuestionCount { get; set; }

    public int ScorePercent { get; set; }

    public List<AnswerRecord> Answers { get; set; } = [];

    public List<string> AcknowledgedItemIds { get; set; } = [];
}

public sealed class AnswerRecord
{
    public string QuestionId { get; set; } = "";

    public List<string> ChoiceIds { get; set; } = [];

    public string? Text { get; set; }

    public bool Correct { get; set; }
}

public sealed class ReminderSentRecord
{
    public string Kind { get; set; } = "";

    public DateTimeOffset SentAt { get; set; }
}
