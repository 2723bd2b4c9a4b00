using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;
using ServiceVision.Testing;
using static ServiceVision.Recognition.Tests.RecognitionHttp;

namespace ServiceVision.Recognition.Tests.Http;

public sealed class FeedsAndStatisticsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static readonly string[] OlderDays = ["2026-09-03", "2026-09-10", "2026-09-20", "2026-10-01", "2026-10-15"];

    [Fact]
    public async Task Recognitions_across_departments_locations_and_pillars_appear_in_every_feed_and_statistic_with_exact_counts()
    {
        // Employee i works in department i % 2 and location i % 3.
        var org = await platform.OrganizationAsync(employees: 6, departments: 2, locations: 3);
        var (p, b, e) = (org.Pillar(Personal), org.Pillar(Beyond), org.Employees);
        (ApiSession Giver, int Member, string[] Pillars)[] plan =
        [
            (org.Leader, 0, [p]),
            (e[0], 1, [p, b]),
            (org.Leader, 2, [b]),
            (e[4], 3, [p]),
            (org.Owner, 4, [p]),
            (e[5], 0, [b]),
            (org.Leader, 5, [p]),
        ];
        var given = new List<JsonElement>();
        foreach (var (giver, member, pillars) in plan)
        {
            given.Add(await RecognizeAsync(giver, e[member], $"Story for employee {member}", pillars));
        }

        var ids = given.Select(g => g.GetProperty("id").GetString()!).ToArray();

        var firstPage = await GetJsonAsync(e[1], $"{Recognitions}?page=1&pageSize=3");
        var lastPage = await GetJsonAsync(e[1], $"{Recognitions}?page=3&pageSize=3");
        Assert.Equal(7, firstPage.GetProperty("total").GetInt32());
        Assert.Equal([ids[6], ids[5], ids[4]], Ids(firstPage));
        Assert.Equal([ids[0]], Ids(lastPage));
        var department0 = await GetJsonAsync(e[1], $"{Recognitions}/departments/{org.DepartmentIds[0]}?pageSize=100");
        Assert.Equal([ids[5], ids[4], ids[2], ids[0]], Ids(department0));
        Assert.Equal(4, department0.GetProperty("total").GetInt32());
        Assert.Equal([ids[6], ids[3], ids[1]], Ids(await GetJsonAsync(e[1], $"{Recognitions}/departments/{org.DepartmentIds[1]}")));
        Assert.Equal([ids[5], ids[3], ids[0]], Ids(await GetJsonAsync(e[1], $"{Recognitions}/locations/{org.LocationIds[0]}")));
        Assert.Equal([ids[4], ids[1]], Ids(await GetJsonAsync(e[1], $"{Recognitions}/locations/{org.LocationIds[1]}")));
        Assert.Equal([ids[6], ids[2]], Ids(await GetJsonAsync(e[1], $"{Recognitions}/locations/{org.LocationIds[2]}?page=1&pageSize=2")));

        var statistics = await GetJsonAsync(org.Leader, $"{Recognitions}/statistics");
        Assert.Equal(7, statistics.GetProperty("total").GetInt32());
        Assert.Equal([(p, Personal, 5), (b, Beyond, 3)], Counts(statistics, "byPillar"));
        Assert.Equal(
            [(e[0].MemberId, "Employee Number0", 2), .. Enumerable.Range(1, 5).Select(i => (e[i].MemberId, $"Employee Number{i}", 1)).OrderBy(c => c.MemberId, StringComparer.Ordinal)],
            Counts(statistics, "byMember"));
        Assert.Equal(new Dictionary<string, int> { [org.DepartmentIds[0]] = 4, [org.DepartmentIds[1]] = 3 }, CountsById(statistics, "byDepartment"));
        Assert.Equal(new Dictionary<string, int> { [org.LocationIds[0]] = 3, [org.LocationIds[1]] = 2, [org.LocationIds[2]] = 2 }, CountsById(statistics, "byLocation"));
        var weeks = given.GroupBy(g => RecognitionStatistics.WeekOf(g.GetProperty("givenAt").GetDateTimeOffset())).OrderBy(w => w.Key, StringComparer.Ordinal);
        Assert.Equal(
            [.. weeks.Select(w => (w.Key, w.Count()))],
            statistics.GetProperty("byWeek").EnumerateArray().Select(w => (w.GetProperty("week").GetString()!, w.GetProperty("count").GetInt32())));

        var unrecognized = await GetJsonAsync(org.Leader, $"{Recognitions}/statistics/unrecognized-pillars");
        Assert.Equal(90, unrecognized.GetProperty("days").GetInt32());
        Assert.Equal([org.Pillar(Quality)], unrecognized.GetProperty("pillars").EnumerateArray().Select(x => x.GetProperty("id").GetString()));
        Assert.Equal(Quality, unrecognized.GetProperty("pillars")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Feed_pages_run_across_months_newest_first_with_the_total_of_every_month()
    {
        var org = await platform.OrganizationAsync(employees: 2, departments: 2);
        var grains = platform.Services.GetRequiredService<IGrainFactory>();
        var given = new List<string>();
        foreach (var at in OlderDays.Select(d => DateTimeOffset.Parse(d + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)))
        {
            // Older months are written straight to their grains: the API only ever gives "now".
            var id = RecognitionKeys.NewRecognitionId(at);
            var month = grains.GetGrain<IRecognitionMonthGrain>(RecognitionKeys.Month(org.Owner.OrganizationId, RecognitionStatistics.MonthOf(at)));
            await month.Add(new NewRecognition(id, org.Leader.MemberId, "Lea Leader", org.Employees[0].MemberId, "Employee Number0", org.DepartmentIds[0], org.LocationIds[0], "Story", [org.Pillar(Personal)], [], null, at));
            given.Add(id);
        }

        var now = (await RecognizeAsync(org.Leader, org.Employees[1], "Today", [org.Pillar(Beyond)])).GetProperty("id").GetString()!;

        var pages = new List<string[]>();
        for (var page = 1; page <= 3; page++)
        {
            var list = await GetJsonAsync(org.Employees[0], $"{Recognitions}?page={page}&pageSize=2");
            Assert.Equal(6, list.GetProperty("total").GetInt32());
            pages.Add(Ids(list));
        }

        Assert.Equal([[now, given[4]], [given[3], given[2]], [given[1], given[0]]], pages);
        Assert.Empty(Ids(await GetJsonAsync(org.Employees[0], $"{Recognitions}?page=4&pageSize=2")));
        Assert.Equal(5, (await GetJsonAsync(org.Employees[0], $"{Recognitions}/departments/{org.DepartmentIds[0]}")).GetProperty("total").GetInt32());
        var statistics = await GetJsonAsync(org.Leader, $"{Recognitions}/statistics");
        Assert.Equal(6, statistics.GetProperty("total").GetInt32());
        Assert.Equal(["2026-W36", "2026-W37", "2026-W38", "2026-W40", "2026-W42"], statistics.GetProperty("byWeek").EnumerateArray().Select(w => w.GetProperty("week").GetString()).Take(5));
        // Recognitions older than the window do not count as living a pillar.
        var window = await GetJsonAsync(org.Leader, $"{Recognitions}/statistics/unrecognized-pillars?days=7");
        Assert.Equal([org.Pillar(Personal), org.Pillar(Quality)], window.GetProperty("pillars").EnumerateArray().Select(x => x.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_count_change_the_month_grain_sends_again_is_counted_once()
    {
        var statistics = platform.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IRecognitionStatisticsGrain>(RecognitionKeys.Statistics("org_" + Guid.NewGuid().ToString("N")));
        var at = DateTimeOffset.UtcNow;
        RecognitionDelta Delta(long sequence, int change) => new(RecognitionStatistics.MonthOf(at), sequence, at, "mem_a", "dep_a", "loc_a", ["p1", "p2"], change);

        await statistics.Apply(Delta(1, +1));
        await statistics.Apply(Delta(1, +1));
        await statistics.Apply(Delta(2, +1));
        await statistics.Apply(Delta(3, -1));
        await statistics.Apply(Delta(2, +1));

        var counts = await statistics.GetStatistics();
        Assert.Equal(1, counts.Total);
        Assert.Equal([("p1", 1), ("p2", 1)], counts.ByPillar.Select(c => (c.Id, c.Count)).OrderBy(c => c.Id, StringComparer.Ordinal));
        Assert.Equal([("mem_a", 1)], counts.ByMember.Select(c => (c.Id, c.Count)));
        Assert.Equal([RecognitionStatistics.MonthOf(at)], await statistics.HiddenMonths());
    }

    [Fact]
    public async Task Feeds_of_unknown_or_another_organizations_departments_and_locations_are_404()
    {
        var org = await platform.OrganizationAsync(employees: 1);
        var other = await platform.OrganizationAsync(employees: 1, publish: false);

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(org.Employees[0], HttpMethod.Get, $"{Recognitions}/departments/{other.DepartmentIds[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(org.Employees[0], HttpMethod.Get, $"{Recognitions}/locations/{other.LocationIds[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(org.Employees[0], HttpMethod.Get, $"{Recognitions}/departments/dep_unknown")).StatusCode);
    }

    [Fact]
    public async Task Statistics_are_for_leaders_and_the_window_is_1_to_366_days()
    {
        var org = await platform.OrganizationAsync(employees: 1);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(org.Employees[0], HttpMethod.Get, $"{Recognitions}/statistics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(org.Employees[0], HttpMethod.Get, $"{Recognitions}/statistics/unrecognized-pillars")).StatusCode);
        Assert.Equal(["days"], await ErrorFieldsAsync(await SendAsync(org.Leader, HttpMethod.Get, $"{Recognitions}/statistics/unrecognized-pillars?days=0")));
        Assert.Equal(["days"], await ErrorFieldsAsync(await SendAsync(org.Leader, HttpMethod.Get, $"{Recognitions}/statistics/unrecognized-pillars?days=367")));
        var empty = await GetJsonAsync(org.Leader, $"{Recognitions}/statistics/unrecognized-pillars?days=366");
        Assert.Equal(3, empty.GetProperty("pillars").GetArrayLength());
    }

    private static (string Id, string? Name, int Count)[] Counts(JsonElement statistics, string property) =>
        [.. statistics.GetProperty(property).EnumerateArray().Select(c => (c.GetProperty("id").GetString()!, c.GetProperty("name").GetString(), c.GetProperty("count").GetInt32()))];

    private static Dictionary<string, int> CountsById(JsonElement statistics, string property) =>
        statistics.GetProperty(property).EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("count").GetInt32());
}
