namespace ServiceVision.Contracts.Training.V1;

// Events of the training service. Publisher: the training service (member training grains,
// through the outbox). Consumers: organizations (rollout progress), recognition (milestones),
// partners granted training events. Each is delivered at least once: key on AssignmentId.

/// <summary>A member was given an assignment (once per rollout and member).</summary>
/// <param name="RolloutId">The rollout, or null for an assignment outside any rollout (a refresher).</param>
public sealed record TrainingAssigned(
    string OrganizationId,
    string? RolloutId,
    string AssignmentId,
    string MemberId,
    string CourseId,
    DateTimeOffset DueAt) : ITenantMessage;

/// <summary>A member opened an assignment for the first time.</summary>
public sealed record TrainingStarted(
    string OrganizationId,
    string? RolloutId,
    string AssignmentId,
    string MemberId,
    DateTimeOffset StartedAt) : ITenantMessage;

/// <summary>A member completed every module of an assignment; <paramref name="ScorePercent"/> is the quiz score (0-100).</summary>
public sealed record TrainingCompleted(
    string OrganizationId,
    string? RolloutId,
    string AssignmentId,
    string MemberId,
    DateTimeOffset CompletedAt,
    int ScorePercent) : ITenantMessage;

/// <summary>
/// A new vision version changed or added items that a member's training covered: the member got a
/// short refresher on exactly those items.
/// </summary>
public sealed record RefresherAssigned(
    string OrganizationId,
    string AssignmentId,
    string MemberId,
    int VisionVersion,
    IReadOnlyList<string> ItemIds,
    DateTimeOffset DueAt) : ITenantMessage;

/// <summary>An assignment is about to be due, or is overdue, and is not completed: tell the member.</summary>
/// <param name="Kind">"BeforeDue" or "Overdue".</param>
public sealed record TrainingReminderDue(
    string OrganizationId,
    string? RolloutId,
    string AssignmentId,
    string MemberId,
    DateTimeOffset DueAt,
    string Kind) : ITenantMessage;
