using ServiceVision.Domain.Surveys;

namespace ServiceVision.Surveys.Grains;

/// <summary>What a survey grain stores (JSON, versioned by the store).</summary>
public sealed class SurveyState
{
    public string Id { get; set; } = "";

    public SurveyKind Kind { get; set; }

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public List<SurveyQuestion> Questions { get; set; } = [];

    public SurveyRecurrence Recurrence { get; set; }

    public int AnonymityThreshold { get; set; } = SurveyRules.DefaultAnonymityThreshold;

    public int CommentThreshold { get; set; } = SurveyRules.DefaultCommentThreshold;

    public SurveyStatus Status { get; set; }

    /// <summary>0 while a draft; 1 once opened; increases with each round of a recurring survey.</summary>
    public int Round { get; set; }

    public List<RoundRecord> Rounds { get; set; } = [];

    public List<LinkRecord> Links { get; set; } = [];

    public List<DistributionRecord> Distributions { get; set; } = [];

    /// <summary>Hex key the respondent tokens of this survey are hashed with; never leaves the service.</summary>
    public string Secret { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public long Revision { get; set; }

    /// <summary>Sequence of the last SurveyScoresPublished.</summary>
    public long ScoresSequence { get; set; }

    /// <summary>Round and response count the last publication was computed from (to skip unchanged minutes).</summary>
    public int ScoredRound { get; set; }

    public int ScoredCount { get; set; } = -1;
}

public sealed class RoundRecord
{
    public int Number { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
}

public sealed class LinkRecord
{
    public string Id { get; set; } = "";

    public string? LocationId { get; set; }

    public int Cap { get; set; }

    public string Token { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";
}

public sealed class DistributionRecord
{
    public string? DepartmentId { get; set; }

    public string? Role { get; set; }

    public string? LocationId { get; set; }

    public int Invited { get; set; }

    public DateTimeOffset DistributedAt { get; set; }

    public string DistributedBy { get; set; } = "";
}
