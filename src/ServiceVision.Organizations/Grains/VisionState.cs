using ServiceVision.Domain.Visions;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>What the vision grain of one organization stores (JSON, versioned by the store).</summary>
public sealed class VisionState
{
    public VisionPurposeRecord Purpose { get; set; } = new();

    public PublishRuleRecord PublishRule { get; set; } = new();

    /// <summary>Oldest first.</summary>
    public List<CultureObservationRecord> Observations { get; set; } = [];

    /// <summary>Every draft ever started (open, published or discarded), by id.</summary>
    public Dictionary<string, VisionDraftRecord> Drafts { get; set; } = [];

    /// <summary>Counts drafts, so drafts started in the same instant still list in the order they were started.</summary>
    public long DraftSequence { get; set; }

    /// <summary>Published versions; version n is at index n - 1 and never changes.</summary>
    public List<VisionVersionRecord> Versions { get; set; } = [];
}

public sealed class VisionPurposeRecord
{
    public string AspirationalPurpose { get; set; } = "";

    public string CommonPurpose { get; set; } = "";

    public long Revision { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>Starts as <see cref="Domain.Visions.PublishRule.Default"/> at revision 0.</summary>
public sealed class PublishRuleRecord
{
    public int RequiredApprovals { get; set; } = Domain.Visions.PublishRule.Default.RequiredApprovals;

    public int RestPeriodHours { get; set; } = (int)Domain.Visions.PublishRule.Default.RestPeriod.TotalHours;

    public bool BlockOnChangesRequested { get; set; } = Domain.Visions.PublishRule.Default.BlockOnChangesRequested;

    public long Revision { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

public sealed class CultureObservationRecord
{
    public string Id { get; set; } = "";

    public string Text { get; set; } = "";

    public string? Area { get; set; }

    public string AuthorId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class VisionDraftRecord
{
    public string Id { get; set; } = "";

    public long Sequence { get; set; }

    public string Statement { get; set; } = "";

    public List<VisionItemRecord> Items { get; set; } = [];

    public string AuthorId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the content last changed; reviews before it no longer count and the rest period starts from it.</summary>
    public DateTimeOffset LastEditedAt { get; set; }

    public string LastEditedBy { get; set; } = "";

    /// <summary>Counts changes to content and status (not reviews, so a review never makes an editor's If-Match stale).</summary>
    public long Revision { get; set; }

    public VisionDraftStatus Status { get; set; }

    public int? BasedOnVersion { get; set; }

    public int? PublishedAsVersion { get; set; }

    public List<VisionReviewRecord> Reviews { get; set; } = [];
}

public sealed class VisionItemRecord
{
    public string Id { get; set; } = "";

    public VisionItemKind Kind { get; set; }

    public string? ParentId { get; set; }

    public string Text { get; set; } = "";

    public int Order { get; set; }
}

public sealed class VisionReviewRecord
{
    public string Id { get; set; } = "";

    public string ReviewerId { get; set; } = "";

    public ReviewVerdict Verdict { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public long DraftRevision { get; set; }
}

public sealed class VisionVersionRecord
{
    public int Number { get; set; }

    public string Statement { get; set; } = "";

    public List<VisionItemRecord> Items { get; set; } = [];

    public DateTimeOffset PublishedAt { get; set; }

    public string PublishedBy { get; set; } = "";

    public string DraftId { get; set; } = "";
}
