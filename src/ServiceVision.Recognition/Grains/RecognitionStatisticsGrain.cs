using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Grains;

/// <summary>What the statistics grain stores: counts only, never recognitions.</summary>
public sealed class RecognitionStatisticsState
{
    public int Total { get; set; }

    public Dictionary<string, int> ByPillar { get; set; } = [];

    public Dictionary<string, int> ByMember { get; set; } = [];

    public Dictionary<string, int> ByDepartment { get; set; } = [];

    public Dictionary<string, int> ByLocation { get; set; } = [];

    /// <summary>ISO week ("yyyy-Www") to count.</summary>
    public Dictionary<string, int> ByWeek { get; set; } = [];

    /// <summary>UTC day ("yyyy-MM-dd") to count per pillar; only the last <see cref="RecognitionStatistics.MaxWindowDays"/> days are kept.</summary>
    public Dictionary<string, Dictionary<string, int>> PillarsByDay { get; set; } = [];

    /// <summary>Month ("yyyy-MM") to its counts, for paging the feeds across month grains.</summary>
    public Dictionary<string, MonthCountsRecord> Months { get; set; } = [];

    /// <summary>Month ("yyyy-MM") to the last count change of its month grain applied here.</summary>
    public Dictionary<string, long> AppliedSequences { get; set; } = [];

    /// <summary>Month ("yyyy-MM") to how many of its recognitions leaders hid.</summary>
    public Dictionary<string, int> HiddenByMonth { get; set; } = [];
}

public sealed class MonthCountsRecord
{
    public int Total { get; set; }

    public Dictionary<string, int> ByDepartment { get; set; } = [];

    public Dictionary<string, int> ByLocation { get; set; } = [];
}

/// <summary>Counts of an organization's visible recognitions; see <see cref="IRecognitionStatisticsGrain"/>.</summary>
public sealed class RecognitionStatisticsGrain : Grain<RecognitionStatisticsState>, IRecognitionStatisticsGrain
{
    public async Task Apply(RecognitionDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.Sequence <= State.AppliedSequences.GetValueOrDefault(delta.Month))
        {
            // Sent again because the month grain did not see the first confirmation: counted already.
            return;
        }

        State.AppliedSequences[delta.Month] = delta.Sequence;
        var change = delta.Change;
        State.Total = Math.Max(0, State.Total + change);
        foreach (var pillar in delta.PillarIds)
        {
            RecognitionStatistics.Add(State.ByPillar, pillar, change);
        }

        RecognitionStatistics.Add(State.ByMember, delta.MemberId, change);
        RecognitionStatistics.Add(State.ByDepartment, delta.DepartmentId, change);
        RecognitionStatistics.Add(State.ByLocation, delta.LocationId, change);
        RecognitionStatistics.Add(State.ByWeek, RecognitionStatistics.WeekOf(delta.GivenAt), change);

        var day = RecognitionStatistics.DayOf(delta.GivenAt);
        if (!State.PillarsByDay.TryGetValue(day, out var pillars))
        {
            State.PillarsByDay[day] = pillars = [];
        }

        foreach (var pillar in delta.PillarIds)
        {
            RecognitionStatistics.Add(pillars, pillar, change);
        }

        if (pillars.Count == 0)
        {
            State.PillarsByDay.Remove(day);
        }

        // Days beyond the longest window are never asked for again.
        var oldest = RecognitionStatistics.DayOf(Time.GetUtcNow().AddDays(-RecognitionStatistics.MaxWindowDays));
        foreach (var old in State.PillarsByDay.Keys.Where(d => string.CompareOrdinal(d, oldest) < 0).ToList())
        {
            State.PillarsByDay.Remove(old);
        }

        if (!State.Months.TryGetValue(delta.Month, out var month))
        {
            State.Months[delta.Month] = month = new MonthCountsRecord();
        }

        month.Total = Math.Max(0, month.Total + change);
        RecognitionStatistics.Add(month.ByDepartment, delta.DepartmentId, change);
        RecognitionStatistics.Add(month.ByLocation, delta.LocationId, change);
        if (month.Total == 0)
        {
            State.Months.Remove(delta.Month);
        }

        if (change < 0)
        {
            RecognitionStatistics.Add(State.HiddenByMonth, delta.Month, -change);
        }

        await WriteStateAsync();
    }

    public Task<RecognitionStatisticsView> GetStatistics() => Task.FromResult(new RecognitionStatisticsView(
        State.Total,
        Counts(State.ByPillar),
        Counts(State.ByMember),
        Counts(State.ByDepartment),
        Counts(State.ByLocation),
        [.. State.ByWeek.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => new WeekCountView(w.Key, RecognitionStatistics.WeekStart(w.Key), w.Value))]));

    public Task<IReadOnlyList<MonthCount>> Months(FeedFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        IReadOnlyList<MonthCount> months = [.. State.Months
            .OrderByDescending(m => m.Key, StringComparer.Ordinal)
            .Select(m => new MonthCount(
                m.Key,
                filter.DepartmentId is { } d ? m.Value.ByDepartment.GetValueOrDefault(d)
                : filter.LocationId is { } l ? m.Value.ByLocation.GetValueOrDefault(l)
                : m.Value.Total))
            .Where(m => m.Count > 0)];
        return Task.FromResult(months);
    }

    public Task<IReadOnlyList<PillarRef>> UnrecognizedPillars(IReadOnlyList<PillarRef> pillars, int days) =>
        Task.FromResult(RecognitionStatistics.UnrecognizedPillars(pillars, State.PillarsByDay, Time.GetUtcNow(), days));

    public Task<IReadOnlyList<string>> HiddenMonths() =>
        Task.FromResult<IReadOnlyList<string>>([.. State.HiddenByMonth.Keys.OrderDescending(StringComparer.Ordinal)]);

    private static List<CountView> Counts(Dictionary<string, int> counts) =>
        [.. RecognitionStatistics.Ranked(counts).Select(c => new CountView(c.Key, null, c.Value))];
}
