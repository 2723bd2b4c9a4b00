using System.Globalization;

namespace ServiceVision.Domain.Recognition;

/// <summary>A pillar of the published vision: its stable id and text.</summary>
public sealed record PillarRef(string Id, string Text);

/// <summary>
/// Counting recognitions: the buckets they fall in (UTC month, ISO week, day), tallies that never keep
/// a zero, and the pillars nobody was recognized for over a window.
/// </summary>
public static class RecognitionStatistics
{
    /// <summary>The default window of <see cref="UnrecognizedPillars"/>: 90 days.</summary>
    public const int DefaultWindowDays = 90;

    public const int MaxWindowDays = 366;

    /// <summary>The UTC month a recognition belongs to, "yyyy-MM": recognitions are stored per month.</summary>
    public static string MonthOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The ISO 8601 week (weeks start on Monday, UTC) as "yyyy-Www", for example "2026-W01" (which may start in December).</summary>
    public static string WeekOf(DateTimeOffset at)
    {
        var day = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day):D4}-W{ISOWeek.GetWeekOfYear(day):D2}");
    }

    /// <summary>The Monday (UTC) that starts the ISO week <paramref name="week"/> ("yyyy-Www").</summary>
    public static DateOnly WeekStart(string week)
    {
        ArgumentNullException.ThrowIfNull(week);
        var year = int.Parse(week.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        var number = int.Parse(week.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture);
        return DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday));
    }

    /// <summary>The UTC day, "yyyy-MM-dd".</summary>
    public static string DayOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Adds <paramref name="delta"/> to <paramref name="key"/>'s count; a count that reaches zero is removed.</summary>
    public static void Add(IDictionary<string, int> counts, string? key, int delta)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (key is null || delta == 0)
        {
            return;
        }

        var value = (counts.TryGetValue(key, out var current) ? current : 0) + delta;
        if (value <= 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = value;
        }
    }

    /// <summary>
    /// The pillars of <paramref name="pillars"/> that no visible recognition was tagged with on any of the
    /// <paramref name="days"/> UTC days ending with <paramref name="now"/>'s day; <paramref name="pillarsByDay"/>
    /// holds, per day ("yyyy-MM-dd"), the count per pillar id. In the vision's order.
    /// </summary>
    public static IReadOnlyList<PillarRef> UnrecognizedPillars(
        IReadOnlyList<PillarRef> pillars,
        IReadOnlyDictionary<string, Dictionary<string, int>> pillarsByDay,
        DateTimeOffset now,
        int days)
    {
        ArgumentNullException.ThrowIfNull(pillars);
        ArgumentNullException.ThrowIfNull(pillarsByDay);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var first = DayOf(now.AddDays(-(days - 1)));
        var last = DayOf(now);
        var recognized = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (day, counts) in pillarsByDay)
        {
            // "yyyy-MM-dd" sorts like the dates it names.
            if (string.CompareOrdinal(day, first) >= 0 && string.CompareOrdinal(day, last) <= 0)
            {
                recognized.UnionWith(counts.Where(c => c.Value > 0).Select(c => c.Key));
            }
        }

        return [.. pillars.Where(p => !recognized.Contains(p.Id))];
    }

    /// <summary>Counts as a list, largest first, then by key.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> Ranked(IReadOnlyDictionary<string, int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return [.. counts.Where(c => c.Value > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)];
    }
}
