using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;

namespace ServiceVision.Recognition.Abstractions;

/// <summary>
/// Counts of the organization's visible recognitions (key "{organizationId}/recognition-statistics"):
/// per pillar, member, department, location, ISO week, UTC day and pillar (for the last
/// <see cref="RecognitionStatistics.MaxWindowDays"/> days), and per month for paging the feeds. Small:
/// it holds counts, never recognitions. The month grains send it every change.
/// </summary>
public interface IRecognitionStatisticsGrain : IGrain
{
    /// <summary>
    /// Adds (+1, a new recognition) or removes (-1, a recognition hidden by a leader) a recognition's
    /// counts; a <see cref="RecognitionDelta.Sequence"/> of the month applied before changes nothing.
    /// </summary>
    Task Apply(RecognitionDelta delta);

    [ReadOnly]
    Task<RecognitionStatisticsView> GetStatistics();

    /// <summary>The months holding visible recognitions of <paramref name="filter"/>, newest first, with how many.</summary>
    [ReadOnly]
    Task<IReadOnlyList<MonthCount>> Months(FeedFilter filter);

    /// <summary>The pillars of <paramref name="pillars"/> nobody was recognized for in the last <paramref name="days"/> days.</summary>
    [ReadOnly]
    Task<IReadOnlyList<PillarRef>> UnrecognizedPillars(IReadOnlyList<PillarRef> pillars, int days);

    /// <summary>The months holding hidden recognitions, newest first (for the leaders' audit list).</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> HiddenMonths();
}

/// <param name="Sequence">The month grain's number for this change (1, 2, ...): applied once.</param>
public sealed record RecognitionDelta(
    string Month,
    long Sequence,
    DateTimeOffset GivenAt,
    string MemberId,
    string? DepartmentId,
    string? LocationId,
    IReadOnlyList<string> PillarIds,
    int Change);

public sealed record MonthCount(string Month, int Count);

/// <param name="Name">A readable name where the service knows one (pillar text, member name).</param>
public sealed record CountView(string Id, string? Name, int Count);

/// <param name="Week">ISO week "yyyy-Www"; <paramref name="StartsOn"/> is its Monday.</param>
public sealed record WeekCountView(string Week, DateOnly StartsOn, int Count);

public sealed record RecognitionStatisticsView(
    int Total,
    IReadOnlyList<CountView> ByPillar,
    IReadOnlyList<CountView> ByMember,
    IReadOnlyList<CountView> ByDepartment,
    IReadOnlyList<CountView> ByLocation,
    IReadOnlyList<WeekCountView> ByWeek);
