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

    /// <summary>
    /// Recognitions per location and pillar, all time, for the network dashboard: every location that
    /// received one, ordered by location id. Exact (each recognition counted once, under each of its pillars).
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<LocationRecognitionSignals>> GetLocationSignals();
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

/// <param name="Recognitions">Recognitions of members of the location, all time.</param>
/// <param name="PerPillar">Pillar id to the recognitions tagged with it (a recognition with two pillars counts for both).</param>
/// <param name="LatestAt">When the latest of them was given.</param>
public sealed record LocationRecognitionSignals(string LocationId, int Recognitions, IReadOnlyDictionary<string, int> PerPillar, DateTimeOffset LatestAt);

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
