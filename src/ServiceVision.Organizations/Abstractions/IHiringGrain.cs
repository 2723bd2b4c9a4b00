using ServiceVision.Domain.Hiring;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// Hiring of one organization (key "{organizationId}/hiring"): the scorecard derived from the current
/// published vision (<see cref="HiringCriteriaBuilder"/>), leaders' own interview questions, and
/// candidates, each scored against the scorecard as it was when the candidate was added.
/// </summary>
public interface IHiringGrain : IGrain
{
    /// <summary>The scorecard of the current published vision; 409 while nothing is published.</summary>
    [ReadOnly]
    Task<Scorecard> GetScorecard();

    /// <summary>
    /// Adds a leader's interview question to a criterion of the current scorecard. It stays on the
    /// criterion across vision versions for as long as the criterion exists. 409 when nothing is
    /// published, 404 for a criterion not on the scorecard, 400 <c>text</c>, 409 past the limit.
    /// </summary>
    Task<LeaderQuestionView> AddQuestion(string criterionId, string? text, string memberId);

    /// <summary>Removes a leader's question; 404 when there is none.</summary>
    Task RemoveQuestion(string criterionId, string questionId);

    /// <summary>
    /// Adds a candidate with a copy of the current scorecard, so later vision versions do not change
    /// how they are scored. 400 <c>name</c>/<c>position</c>/<c>email</c>; 409 when nothing is published
    /// or the scorecard has no criteria; 409 past <see cref="HiringLimits.MaxCandidates"/>.
    /// </summary>
    Task<CandidateView> CreateCandidate(NewCandidate candidate, string memberId);

    /// <summary>Candidates, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<CandidateSummary>> ListCandidates();

    /// <summary>A candidate with their scorecard, evaluations and overall result; 404 when there is none.</summary>
    [ReadOnly]
    Task<CandidateView> GetCandidate(string candidateId);

    /// <summary>
    /// Records one interviewer's scores for a candidate against the candidate's scorecard. 404; 400
    /// <c>scores</c>, <c>scores[{criterionId}]</c> (unknown criterion, outside 1..5) or <c>notes</c>;
    /// 409 when this interviewer already evaluated the candidate.
    /// </summary>
    Task<EvaluationView> Evaluate(string candidateId, EvaluationInput evaluation, string memberId);

    /// <summary>Deletes a candidate and their evaluations; 404, 412 when stale.</summary>
    Task RemoveCandidate(string candidateId, long expectedRevision);
}

public static class HiringLimits
{
    public const int MaxCandidates = 2000;
    public const int MaxEvaluationsPerCandidate = 50;
    public const int MaxLeaderQuestionsPerCriterion = 20;
}

/// <summary>The criteria interviewers score, from one published vision version.</summary>
public sealed record Scorecard(int VisionVersion, DateTimeOffset VisionPublishedAt, IReadOnlyList<ScorecardCriterion> Criteria);

/// <param name="InterviewQuestions">The questions derived from the vision (two per criterion).</param>
/// <param name="LeaderQuestions">Questions leaders added to this criterion.</param>
public sealed record ScorecardCriterion(
    string Id,
    HiringCriterionKind Kind,
    string SourceItemId,
    string Title,
    int Weight,
    bool IsNonNegotiable,
    IReadOnlyList<string> InterviewQuestions,
    IReadOnlyList<LeaderQuestionView> LeaderQuestions);

public sealed record LeaderQuestionView(string Id, string CriterionId, string Text, DateTimeOffset AddedAt, string AddedBy);

public sealed record NewCandidate(string? Name, string? Position, string? Email);

public sealed record EvaluationInput(IReadOnlyDictionary<string, int>? Scores, string? Notes);

public sealed record CandidateView(
    string Id,
    string Name,
    string Position,
    string? Email,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    Scorecard Scorecard,
    IReadOnlyList<EvaluationView> Evaluations,
    OverallResult Overall,
    long Revision);

public sealed record CandidateSummary(
    string Id,
    string Name,
    string Position,
    DateTimeOffset CreatedAt,
    int VisionVersion,
    int EvaluationCount,
    Recommendation Recommendation,
    decimal WeightedAverage,
    long Revision);

/// <summary>One interviewer's evaluation with what <see cref="CandidateEvaluation.Score"/> made of it.</summary>
public sealed record EvaluationView(
    string Id,
    string CandidateId,
    string InterviewerId,
    IReadOnlyDictionary<string, int> Scores,
    string? Notes,
    DateTimeOffset At,
    decimal WeightedAverage,
    Recommendation Recommendation,
    IReadOnlyList<string> MissingCriteria);
