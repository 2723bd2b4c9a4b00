using ServiceVision.Domain.Recognition;
using Xunit;

namespace ServiceVision.Domain.Tests.Recognition;

public sealed class RecognitionStatisticsTests
{
    [Theory]
    [InlineData("2026-11-25T10:00:00Z", "2026-W48")]
    [InlineData("2026-01-01T00:00:00Z", "2026-W01")]
    [InlineData("2027-01-01T12:00:00Z", "2026-W53")]
    [InlineData("2024-12-30T08:00:00Z", "2025-W01")]
    [InlineData("2026-11-29T23:30:00-02:00", "2026-W49")]
    public void Weeks_are_ISO_weeks_of_the_UTC_date(string at, string week)
    {
        Assert.Equal(week, RecognitionStatistics.WeekOf(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_week_starts_on_its_Monday()
    {
        Assert.Equal(new DateOnly(2024, 12, 30), RecognitionStatistics.WeekStart("2025-W01"));
        Assert.Equal(new DateOnly(2026, 11, 23), RecognitionStatistics.WeekStart("2026-W48"));
    }

    [Fact]
    public void Months_and_days_are_UTC()
    {
        var at = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.FromHours(3));

        Assert.Equal("2026-11", RecognitionStatistics.MonthOf(at));
        Assert.Equal("2026-11-30", RecognitionStatistics.DayOf(at));
    }

    [Fact]
    public void Counts_go_up_and_down_and_never_keep_a_zero()
    {
        var counts = new Dictionary<string, int>();

        RecognitionStatistics.Add(counts, "p1", 1);
        RecognitionStatistics.Add(counts, "p1", 1);
        RecognitionStatistics.Add(counts, "p2", 1);
        RecognitionStatistics.Add(counts, "p2", -1);
        RecognitionStatistics.Add(counts, null, 1);

        Assert.Equal(new Dictionary<string, int> { ["p1"] = 2 }, counts);
    }

    [Fact]
    public void Ranked_counts_are_largest_first_then_by_key()
    {
        var ranked = RecognitionStatistics.Ranked(new Dictionary<string, int> { ["b"] = 2, ["a"] = 2, ["c"] = 5 });

        Assert.Equal(["c", "a", "b"], ranked.Select(r => r.Key));
    }

    [Fact]
    public void Pillars_nobody_was_recognized_for_inside_the_window_are_listed_in_vision_order()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        PillarRef[] pillars = [new("p1", "Personal"), new("p2", "Beyond"), new("p3", "Quality")];
        var byDay = new Dictionary<string, Dictionary<string, int>>
        {
            ["2026-11-25"] = new() { ["p2"] = 1 },
            // 90 days ending today start on 2026-08-28: this day is just outside.
            ["2026-08-27"] = new() { ["p1"] = 3 },
            ["2026-08-28"] = new() { ["p3"] = 1 },
        };

        Assert.Equal(["p1"], RecognitionStatistics.UnrecognizedPillars(pillars, byDay, now, 90).Select(p => p.Id));
        Assert.Empty(RecognitionStatistics.UnrecognizedPillars(pillars, byDay, now, 91));
        Assert.Equal(["p1", "p3"], RecognitionStatistics.UnrecognizedPillars(pillars, byDay, now, 1).Select(p => p.Id));
    }
}
