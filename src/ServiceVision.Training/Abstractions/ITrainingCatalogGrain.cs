using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;

namespace ServiceVision.Training.Abstractions;

/// <summary>
/// The training catalog of one organization (key "{organizationId}/training-catalog"): the courses
/// built from its published vision, leaders' edits of them, and which members were assigned which
/// vision course (so a new version re-trains exactly the members whose training covered what changed).
/// Only the training service reads it.
/// </summary>
public interface ITrainingCatalogGrain : IGrain
{
    /// <summary>
    /// Builds the "vision" course from a newer published version (keeping leaders' edits of what did not
    /// change, <see cref="CourseBuilder.CarryOverEdits"/>) and plans the refreshers it calls for
    /// (<see cref="RefresherRules.ItemsFor"/>). Idempotent per version: the same version again changes
    /// nothing and returns the same plan; an older version than the latest applied changes nothing and
    /// plans nothing.
    /// </summary>
    Task<VisionApplied> ApplyVision(VisionPublished vision);

    /// <summary>The courses, in id order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<CourseSummary>> ListCourses();

    /// <summary>A course with its correct answers (for leaders); 404 when there is none.</summary>
    [ReadOnly]
    Task<CourseView> GetCourse(string courseId);

    /// <summary>A leader's edit (<see cref="CourseEditing.Apply"/>); 404, 412 when stale, 400 naming the fields.</summary>
    Task<CourseView> EditCourse(string courseId, CourseEdit edit, long expectedRevision, string memberId);

    /// <summary>
    /// The course as it is now, for new assignments, and records the members as assigned it (the items
    /// of a vision course count as covered for refreshers from then on). Throws
    /// <see cref="CourseNotAvailableException"/> when there is no such course, or it has no module.
    /// </summary>
    Task<CourseSnapshot> PrepareAssignment(string courseId, IReadOnlyList<string> memberIds);
}

/// <summary>A course as assigned: the course and the catalog revision it was taken at.</summary>
public sealed record CourseSnapshot(Course Course, long Revision);

/// <summary>What applying a published vision did.</summary>
/// <param name="Applied">False when the version was applied before or is older than the latest.</param>
/// <param name="VisionCourse">The vision course of the latest version (null when none was ever built).</param>
/// <param name="Refreshers">The members to re-train and on which items (the same list for a repeat of the latest version).</param>
/// <param name="RefresherDueAt">When those refreshers are due.</param>
public sealed record VisionApplied(
    int VisionVersion,
    bool Applied,
    Course? VisionCourse,
    IReadOnlyList<RefresherPlan> Refreshers,
    DateTimeOffset RefresherDueAt);

public sealed record RefresherPlan(string MemberId, IReadOnlyList<string> ItemIds);

/// <summary>A course for leaders: every module and question with the right answers.</summary>
/// <param name="Revision">Goes up with each rebuild and each edit; the ETag.</param>
public sealed record CourseView(
    string Id,
    string Title,
    int VisionVersion,
    long Revision,
    DateTimeOffset UpdatedAt,
    string? UpdatedBy,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<CourseModule> Modules);

public sealed record CourseSummary(
    string Id,
    string Title,
    int VisionVersion,
    int ModuleCount,
    int QuestionCount,
    long Revision,
    DateTimeOffset UpdatedAt);

/// <summary>An assignment names a course that the catalog does not have (yet): the command is retried, then faults.</summary>
public sealed class CourseNotAvailableException : Exception
{
    public CourseNotAvailableException() { }

    public CourseNotAvailableException(string message) : base(message) { }

    public CourseNotAvailableException(string message, Exception innerException) : base(message, innerException) { }
}
