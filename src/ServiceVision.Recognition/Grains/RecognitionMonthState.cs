namespace ServiceVision.Recognition.Grains;

/// <summary>What a month grain stores (JSON, versioned by the store): the month's recognitions in the order given.</summary>
public sealed class RecognitionMonthState
{
    public List<RecognitionRecord> Recognitions { get; set; } = [];

    /// <summary>Numbers the changes that move a count (1, 2, ...), so the statistics grain applies each once.</summary>
    public long CountSequence { get; set; }

    /// <summary>
    /// Count changes stored with the change itself and not yet confirmed by the statistics grain;
    /// sent again (in order) before the next change, so a failed call loses no count.
    /// </summary>
    public List<PendingCountRecord> PendingCounts { get; set; } = [];
}

public sealed class PendingCountRecord
{
    public long Sequence { get; set; }

    public DateTimeOffset GivenAt { get; set; }

    public string MemberId { get; set; } = "";

    public string? DepartmentId { get; set; }

    public string? LocationId { get; set; }

    public List<string> PillarIds { get; set; } = [];

    public int Change { get; set; }
}

public sealed class RecognitionRecord
{
    public string Id { get; set; } = "";

    public string GivenBy { get; set; } = "";

    public string? GivenByName { get; set; }

    public string MemberId { get; set; } = "";

    public string MemberName { get; set; } = "";

    public string? DepartmentId { get; set; }

    public string? LocationId { get; set; }

    public string Story { get; set; } = "";

    public List<string> PillarIds { get; set; } = [];

    public List<string> StandardIds { get; set; } = [];

    public string? FeedbackResponseId { get; set; }

    public DateTimeOffset GivenAt { get; set; }

    public long Revision { get; set; } = 1;

    /// <summary>Kept for audit once a leader hides it; hidden recognitions leave feeds and statistics.</summary>
    public HiddenRecord? Hidden { get; set; }

    /// <summary>Reaction kind to the members who reacted with it.</summary>
    public Dictionary<string, List<string>> Reactions { get; set; } = [];

    public List<CommentRecord> Comments { get; set; } = [];
}

public sealed class HiddenRecord
{
    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string Reason { get; set; } = "";
}

public sealed class CommentRecord
{
    public string Id { get; set; } = "";

    public string AuthorId { get; set; } = "";

    public string? AuthorName { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
