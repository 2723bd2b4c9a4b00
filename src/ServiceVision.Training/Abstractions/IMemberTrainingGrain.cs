using ServiceVision.Domain.Training;
using ServiceVision.Grains;

namespace ServiceVision.Training.Abstractions;

/// <summary>
/// One member's training (key "{organizationId}/training-member/{memberId}"): their assignments, each
/// with a copy of the course as assigned, their answers and scores, and the reminders sent. Every
/// change is stored before the call returns; events go out through the outbox with the change.
/// </summary>
public interface IMemberTrainingGrain : IGrain
{
    /// <summary>
    /// Assigns <paramref name="course"/> for a rollout, due at <paramref name="dueAt"/>: one assignment
    /// per rollout, so a repeat returns the existing one and changes nothing. Publishes
    /// <c>TrainingAssigned</c> and sets the reminders.
    /// </summary>
    Task<AssignmentSummary> Assign(string rolloutId, CourseSnapshot course, DateTimeOffset dueAt);

    /// <summary>
    /// Assigns the refresher of vision version <paramref name="visionVersion"/> on <paramref name="itemIds"/>:
    /// one per version (a repeat returns the existing one). Publishes <c>TrainingAssigned</c> (no
    /// rollout) and <c>RefresherAssigned</c> and sets the reminders. Null when the refresher has no module.
    /// </summary>
    Task<AssignmentSummary?> AssignRefresher(int visionVersion, Course refresher, IReadOnlyList<string> itemIds, DateTimeOffset dueAt);

    /// <summary>
    /// Assigns the refresher an <c>AssignRefresher</c> command orders (a complaint broke these items) on
    /// <paramref name="itemIds"/>: one per <paramref name="refresherId"/> (a repeat returns the existing
    /// one and changes nothing). Publishes <c>TrainingAssigned</c> (no rollout) and <c>RefresherAssigned</c>
    /// (with the course's vision version) and sets the reminders. Null when the refresher has no module.
    /// </summary>
    Task<AssignmentSummary?> AssignCommandedRefresher(string refresherId, Course refresher, IReadOnlyList<string> itemIds, DateTimeOffset dueAt);

    /// <summary>The member's assignments, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AssignmentSummary>> ListAssignments();

    /// <summary>An assignment with its modules and questions, never the right answers; 404 when the member has none with this id.</summary>
    [ReadOnly]
    Task<AssignmentView> GetAssignment(string assignmentId);

    /// <summary>The member opened the assignment: the first time publishes <c>TrainingStarted</c>; 404.</summary>
    Task<AssignmentView> Start(string assignmentId);

    /// <summary>
    /// Grades the answers to one module (<see cref="QuizGrading.Grade"/>) and records them; starts the
    /// assignment if needed; when it was the last module, completes the assignment (publishes
    /// <c>TrainingCompleted</c> with the score once and removes the reminders). 404 for an unknown
    /// assignment or module, 400 naming the fields, 409 when the module was completed before.
    /// </summary>
    Task<ModuleResultView> SubmitModule(string assignmentId, string moduleId, ModuleSubmission submission);
}

/// <summary>What a member sends for one module: <see cref="Answers"/> for a quiz, <see cref="AcknowledgedItemIds"/> for an attestation.</summary>
public sealed record ModuleSubmission(IReadOnlyList<AnswerInput?>? Answers, IReadOnlyList<string?>? AcknowledgedItemIds);

public enum AssignmentStatus
{
    NotStarted,
    InProgress,
    Completed,
}

/// <param name="RolloutId">Null for a refresher.</param>
/// <param name="RefresherVersion">The vision version a refresher is for; null for a rollout's assignment.</param>
/// <param name="ScorePercent">Right answers over every module in percent, once completed.</param>
public sealed record AssignmentSummary(
    string Id,
    string CourseId,
    string CourseTitle,
    string? RolloutId,
    int VisionVersion,
    int? RefresherVersion,
    AssignmentStatus Status,
    DateTimeOffset AssignedAt,
    DateTimeOffset DueAt,
    bool IsOverdue,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int ModuleCount,
    int ModulesCompleted,
    int ProgressPercent,
    int? ScorePercent);

/// <summary>An assignment as its member sees it: <see cref="AssignmentSummary"/>'s fields plus the modules.</summary>
/// <param name="ItemIds">The vision items the assignment covers.</param>
public sealed record AssignmentView(
    string Id,
    string CourseId,
    string CourseTitle,
    string? RolloutId,
    int VisionVersion,
    int? RefresherVersion,
    AssignmentStatus Status,
    DateTimeOffset AssignedAt,
    DateTimeOffset DueAt,
    bool IsOverdue,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int ModuleCount,
    int ModulesCompleted,
    int ProgressPercent,
    int? ScorePercent,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<AssignmentModuleView> Modules,
    IReadOnlyList<ReminderSentView> RemindersSent);

/// <summary>A module without its answers: what to read, the questions and choices, what to acknowledge, and the result once done.</summary>
public sealed record AssignmentModuleView(
    string Id,
    ModuleKind Kind,
    string Title,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<ContentPoint> Content,
    IReadOnlyList<QuizQuestionView> Questions,
    IReadOnlyList<Acknowledgement> Acknowledgements,
    bool Completed,
    ModuleResultSummary? Result);

/// <summary>A question as the member sees it: no right answer.</summary>
public sealed record QuizQuestionView(string Id, QuestionKind Kind, string Text, IReadOnlyList<Choice> Choices);

public sealed record ModuleResultSummary(DateTimeOffset CompletedAt, int CorrectCount, int QuestionCount, int ScorePercent, IReadOnlyList<QuestionGrade> Questions);

/// <summary>The graded module and where the assignment stands now.</summary>
public sealed record ModuleResultView(
    string AssignmentId,
    string ModuleId,
    DateTimeOffset CompletedAt,
    int CorrectCount,
    int QuestionCount,
    int ScorePercent,
    IReadOnlyList<QuestionGrade> Questions,
    int ProgressPercent,
    bool AssignmentCompleted,
    int? AssignmentScorePercent);

public sealed record ReminderSentView(string Kind, DateTimeOffset SentAt);
