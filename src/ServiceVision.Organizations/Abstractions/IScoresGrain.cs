using ServiceVision.Api;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// What the other services report about one organization (key "{organizationId}/scores"): the latest
/// survey scores per survey (a lower sequence than one seen is stale), recent recognitions with their
/// pillars, and celebrations. Written only by the consumers; every record is keyed by the sender's id,
/// so a redelivered event changes nothing.
/// </summary>
public interface IScoresGrain : IGrain
{
    /// <summary>Keeps the scores unless a publication with the same or a higher sequence was seen; true when kept.</summary>
    Task<bool> RecordScores(SurveyScoresPublished scores);

    /// <summary>Counts a recognition once per recognition id; true when new.</summary>
    Task<bool> RecordRecognition(RecognitionGiven recognition);

    /// <summary>Counts a celebration once per celebration id; true when new.</summary>
    Task<bool> RecordCelebration(CelebrationHeld celebration);

    /// <summary>The latest score of every group, per survey kind: for each kind, dimension and group, the most recently computed.</summary>
    [ReadOnly]
    Task<PagedList<LatestScoreView>> ListLatest(string? kind, string? dimension, PageRequest page);

    /// <summary>Everything the plan, the alignment view and huddle topics read.</summary>
    [ReadOnly]
    Task<SignalsSnapshot> GetSnapshot();
}

public sealed record LatestScoreView(
    string SurveyKind,
    string Dimension,
    string? GroupId,
    string SurveyId,
    int Round,
    long Sequence,
    DateTimeOffset ComputedAt,
    int Responses,
    decimal? Nps,
    decimal? CsatAverage,
    decimal? CsatPercent,
    decimal? PulsePercent);

public sealed record RecognitionEntry(string RecognitionId, string MemberId, IReadOnlyList<string> PillarIds, string? LocationId, string? DepartmentId, DateTimeOffset GivenAt);

/// <param name="EmployeeInputSurveys">Employee-input surveys whose scores arrived.</param>
/// <param name="EmployeeInputResponses">The most responses one employee-input survey had (organization as a whole).</param>
/// <param name="Recognitions">Recognitions received, all time.</param>
/// <param name="RecentRecognitions">Recognitions kept for the alignment view and huddle topics (the latest, newest first).</param>
/// <param name="Pulse">The latest pulse scores of every group.</param>
public sealed record SignalsSnapshot(
    int EmployeeInputSurveys,
    int EmployeeInputResponses,
    int Recognitions,
    IReadOnlyList<RecognitionEntry> RecentRecognitions,
    int Celebrations,
    IReadOnlyList<LatestScoreView> Pulse);
