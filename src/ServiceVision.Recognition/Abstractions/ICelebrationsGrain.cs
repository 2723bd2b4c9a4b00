using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;

namespace ServiceVision.Recognition.Abstractions;

/// <summary>
/// The organization's celebrations, the milestones that propose them, and the customer-score goals
/// (key "{organizationId}/celebrations"). Reminders before a celebration and its automatic holding
/// at its time are durable reminders, so they survive restarts.
/// </summary>
public interface ICelebrationsGrain : IGrain
{
    /// <summary>Schedules a celebration (400 naming the fields) and sets its reminders.</summary>
    Task<CelebrationView> Schedule(CelebrationInput input, string leaderId);

    /// <summary>Celebrations, latest date first, optionally only those with <paramref name="status"/>.</summary>
    [ReadOnly]
    Task<PagedList<CelebrationView>> List(CelebrationStatus? status, PageRequest page);

    [ReadOnly]
    Task<CelebrationView> GetCelebration(string celebrationId);

    /// <summary>Changes title, description, time and reminders of a scheduled celebration: 404, 412, 400, 409 once held.</summary>
    Task<CelebrationView> Update(string celebrationId, CelebrationInput input, long expectedRevision, string leaderId);

    /// <summary>
    /// Nominates a visible recognition's member as an honouree: 404, 412, 400 <c>recognitionId</c> (unknown),
    /// 409 <c>recognitionId</c> (hidden, nominated already, over <see cref="CelebrationRules.MaxHonourees"/>), 409 once held.
    /// </summary>
    Task<CelebrationView> Nominate(string celebrationId, string? recognitionId, long expectedRevision, string leaderId);

    /// <summary>Takes a nomination back: 404 (also for a recognition not nominated), 412, 409 once held.</summary>
    Task<CelebrationView> RemoveNomination(string celebrationId, string recognitionId, long expectedRevision);

    /// <summary>Holds (closes) the celebration and publishes <c>CelebrationHeld</c> once: 404, 412, 409 once held.</summary>
    Task<CelebrationView> Hold(string celebrationId, long expectedRevision, string leaderId);

    [ReadOnly]
    Task<CelebrationGoalsView> GetGoals();

    /// <summary>An owner sets the score goals: 412 stale, 400 naming the fields.</summary>
    Task<CelebrationGoalsView> SetGoals(CelebrationGoals goals, long expectedRevision, string ownerId);

    /// <summary>Proposes "Everyone completed …" once per rollout; true when new.</summary>
    Task<bool> ProposeForRollout(RolloutCompleted rollout);

    /// <summary>Proposes a celebration for each location of a customer-feedback survey beating a goal, once per location and round; returns how many were new.</summary>
    Task<int> ProposeForScores(SurveyScoresPublished scores);

    [ReadOnly]
    Task<PagedList<MilestoneView>> ListMilestones(ProposalStatus? status, PageRequest page);

    /// <summary>Schedules the proposed celebration (title and description default to the milestone's): 404, 409 when decided, 400.</summary>
    Task<CelebrationView> AcceptMilestone(string milestoneId, CelebrationInput input, string leaderId);

    /// <summary>404, 409 when decided already.</summary>
    Task<MilestoneView> DismissMilestone(string milestoneId, string leaderId);
}

public enum CelebrationStatus
{
    Scheduled,
    Held,
}

public enum MilestoneKind
{
    RolloutCompleted,
    ScoreGoalBeaten,
}

/// <param name="HeldBy">Null when it was held automatically at its time.</param>
public sealed record CelebrationView(
    string Id,
    string Title,
    string? Description,
    DateTimeOffset At,
    IReadOnlyList<int> RemindMinutesBefore,
    CelebrationStatus Status,
    IReadOnlyList<HonoureeView> Honourees,
    IReadOnlyList<CelebrationReminderView> RemindersSent,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? HeldAt,
    string? HeldBy,
    string? MilestoneId,
    long Revision);

public sealed record HonoureeView(string MemberId, string RecognitionId, string NominatedBy, DateTimeOffset NominatedAt);

public sealed record CelebrationReminderView(int MinutesBefore, DateTimeOffset SentAt);

public sealed record CelebrationGoalsView(decimal? NpsAbove, decimal? CsatPercentAbove, long Revision, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <param name="Metrics">For a beaten score goal: "NPS" and/or "CSAT".</param>
public sealed record MilestoneView(
    string Id,
    MilestoneKind Kind,
    string Title,
    string Description,
    DateTimeOffset ProposedAt,
    ProposalStatus Status,
    string? RolloutId,
    string? CourseId,
    string? LocationId,
    string? SurveyId,
    int? Round,
    IReadOnlyList<string> Metrics,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? CelebrationId);
