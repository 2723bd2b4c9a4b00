using System.Text.Json.Serialization;
using ServiceVision.Domain.Hiring;

namespace ServiceVision.Organizations.Grains;

/// <summary>What a hiring grain stores (JSON, versioned by the store).</summary>
public sealed class HiringState
{
    /// <summary>Leaders' own interview questions by criterion id; they follow the criterion across vision versions.</summary>
    public Dictionary<string, List<LeaderQuestionRecord>> LeaderQuestions { get; set; } = [];

    /// <summary>In the order they were added.</summary>
    public List<CandidateRecord> Candidates { get; set; } = [];
}

public sealed class LeaderQuestionRecord
{
    public string Id { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTimeOffset AddedAt { get; set; }

    public string AddedBy { get; set; } = "";
}

public sealed class CandidateRecord
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Position { get; set; } = "";

    public string? Email { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    /// <summary>The scorecard as it was when the candidate was added; later vision versions leave it alone.</summary>
    public ScorecardRecord Scorecard { get; set; } = new();

    public List<EvaluationRecord> Evaluations { get; set; } = [];

    public long Revision { get; set; }
}

public sealed class ScorecardRecord
{
    public int VisionVersion { get; set; }

    public DateTimeOffset VisionPublishedAt { get; set; }

    public List<CriterionRecord> Criteria { get; set; } = [];
}

public sealed class CriterionRecord
{
    public string Id { get; set; } = "";

    // Stored by name so that reordering the enum can never change stored data.
    [JsonConverter(typeof(JsonStringEnumConverter<HiringCriterionKind>))]
    public HiringCriterionKind Kind { get; set; }

    public string SourceItemId { get; set; } = "";

    public string Title { get; set; } = "";

    public int Weight { get; set; }

    public List<string> InterviewQuestions { get; set; } = [];

    public List<LeaderQuestionRecord> LeaderQuestions { get; set; } = [];
}

public sealed class EvaluationRecord
{
    public string Id { get; set; } = "";

    public string InterviewerId { get; set; } = "";

    public Dictionary<string, int> Scores { get; set; } = [];

    public string? Notes { get; set; }

    public DateTimeOffset At { get; set; }
}
