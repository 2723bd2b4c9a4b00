namespace ServiceVision.Training.Grains;

/// <summary>What a training catalog grain stores (JSON, versioned by the store).</summary>
public sealed class TrainingCatalogState
{
    /// <summary>The latest vision version applied; 0 before the first.</summary>
    public int VisionVersion { get; set; }

    /// <summary>Courses by id.</summary>
    public Dictionary<string, CatalogCourseRecord> Courses { get; set; } = [];

    /// <summary>
    /// How many coverage pages (<see cref="TrainingCoverageGrain"/>, numbered from 1) record who was
    /// assigned which vision course. A page is named here before anything is written to it.
    /// </summary>
    public int CoveragePages { get; set; }

    /// <summary>
    /// Per member, as catalogs stored it before coverage pages; moved to pages on the catalog's next
    /// assignment or vision, then empty.
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

/// <summary>Which versions of the vision course a member was assigned, and which items refreshers added since (versions rather than item lists keep it small).</summary>
public sealed class MemberCoverageRecord
{
    public List<int> VisionVersions { get; set; } = [];

    public List<string> RefreshedItemIds { get; set; } = [];
}

public sealed class RefresherPlanRecord
{
    public int VisionVersion { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>The coverage page that holds the plan: its members and their refreshed items; 0 when the plan is empty.</summary>
    public int Page { get; set; }

    /// <summary>Member id to the items of their refresher, as catalogs stored it before coverage pages; then empty.</summary>
    public Dictionary<string, List<string>> Members { get; set; } = [];
}
