namespace ServiceVision.Training.Grains;

/// <summary>What a training catalog grain stores (JSON, versioned by the store).</summary>
public sealed class TrainingCatalogState
{
    /// <summary>The latest vision version applied; 0 before the first.</summary>
    public int VisionVersion { get; set; }

    /// <summary>Courses by id.</summary>
    public Dictionary<string, CatalogCourseRecord> Courses { get; set; } = [];

    /// <summary>
    /// Per member who was assigned the vision course: which versions of it, and which items refreshers
    /// added since. Versions rather than item lists keep this small for large organizations.
    /// </summary>
    public Dictionary<string, MemberCoverageRecord> Members { get; set; } = [];

    /// <summary>The items the vision course of each version covers (for the versions some member was assigned).</summary>
    public Dictionary<int, List<string>> VersionItemIds { get; set; } = [];

    /// <summary>The refresher plan of <see cref="VisionVersion"/>, replayed when the same version arrives again.</summary>
    public RefresherPlanRecord? LatestRefreshers { get; set; }
}

public sealed class CatalogCourseRecord
{
    public CourseRecord Course { get; set; } = new();

    public long Revision { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The member who last edited it; null when it was (re)built from the vision.</summary>
    public string? UpdatedBy { get; set; }
}

public sealed class MemberCoverageRecord
{
    public List<int> VisionVersions { get; set; } = [];

    public List<string> RefreshedItemIds { get; set; } = [];
}

public sealed class RefresherPlanRecord
{
    public int VisionVersion { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>Member id to the items of their refresher.</summary>
    public Dictionary<string, List<string>> Members { get; set; } = [];
}
