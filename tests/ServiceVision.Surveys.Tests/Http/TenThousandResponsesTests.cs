using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using ServiceVision.Testing;
using static ServiceVision.Surveys.Tests.SurveysHttp;

namespace ServiceVision.Surveys.Tests.Http;

/// <summary>
/// The done-when test of the surveys issue: 10,000 customer responses across 20 locations, submitted
/// concurrently through the public route over real PostgreSQL and RabbitMQ, give per-location NPS and
/// CSAT identical to a direct computation from the raw data; groups under the threshold show no breakdown.
/// </summary>
public sealed class TenThousandResponsesTests(PlatformFactory platform, ITestOutputHelper output) : IClassFixture<PlatformFactory>
{
    private const int Total = 10_000;
    private const int Locations = 20;
    private const int Concurrency = 16;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_thousand_responses_across_twenty_locations_give_the_scores_a_direct_computation_gives()
    {
        // One address sends everything here: lift the per-address limits for this host only.
        await using var host = platform.WithWebHostBuilder(b => b.UseSetting("Surveys:PublicPermitsPerMinute", "1000000").UseSetting("RateLimits:PerAnonymousIpPermits", "1000000"));
        var client = await SignUpOnAsync(host);
        var surveyId = await OpenCustomerSurveyAsync(client);
        var locations = new string[Locations];
        var tokens = new string[Locations];
        for (var i = 0; i < Locations; i++)
        {
            locations[i] = await CreateLocationAsync(client, $"Store {i:00}");
            tokens[i] = await CreateLinkAsync(client, surveyId, locations[i]);
        }

        // Two small locations (3 responses each) stay under the threshold of 5; together they are 6,
        // so no other group needs hiding to protect them.
        var random = new Random(20261125);
        var raw = new List<(int Location, int Csat, int Nps)>(Total);
        for (var i = 0; i < 6; i++)
        {
            raw.Add((18 + (i % 2), random.Next(1, 6), random.Next(0, 11)));
        }

        while (raw.Count < Total)
        {
            var location = random.Next(0, 18);
            // Locations differ in mood, so a mix-up between them would show.
            var csat = Math.Clamp(random.Next(1, 6) + (location % 3) - 1, 1, 5);
            var nps = Math.Clamp(random.Next(0, 11) + (location % 4) - 1, 0, 10);
            raw.Add((location, csat, nps));
        }

        var anonymous = host.CreateClient();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Total), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = Cancel }, async (i, _) =>
        {
            var (location, csat, nps) = raw[i];
            var response = await SubmitAsync(anonymous, tokens[location], CustomerResponse($"respondent-{i:00000}", csat, nps));
            await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        });
        watch.Stop();
        output.WriteLine($"{Total} responses through the public route, {Concurrency} at a time: {watch.Elapsed.TotalSeconds:F1} s ({Total / watch.Elapsed.TotalSeconds:F0}/s)");

        var results = await ResultsAsync(client, surveyId, "?breakdown=location");
        Assert.False(results.GetProperty("suppressed").GetBoolean());
        Assert.Equal(Total, results.GetProperty("responses").GetInt32());
        AssertScores(raw, results.GetProperty("scores"));

        var groups = results.GetProperty("breakdown").EnumerateArray().ToDictionary(g => g.GetProperty("groupId").GetString()!);
        Assert.Equal(18, groups.Count);
        Assert.Equal(2, results.GetProperty("hiddenGroups").GetInt32());
        Assert.DoesNotContain(locations[18], groups.Keys);
        Assert.DoesNotContain(locations[19], groups.Keys);
        for (var l = 0; l < 18; l++)
        {
            var mine = raw.Where(r => r.Location == l).ToList();
            var group = groups[locations[l]];
            Assert.Equal(mine.Count, group.GetProperty("responses").GetInt32());
            AssertScores(mine, group.GetProperty("scores"));
        }

        // A small location cannot be read by filtering on it either.
        var filtered = await ResultsAsync(client, surveyId, $"?locationId={locations[18]}");
        Assert.True(filtered.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, filtered.GetProperty("responses").ValueKind);
    }

    /// <summary>The formulas computed here from the raw data: NPS = %promoters − %detractors, CSAT average and % of 4–5.</summary>
    private static void AssertScores(List<(int Location, int Csat, int Nps)> raw, JsonElement scores)
    {
        var n = (decimal)raw.Count;
        var nps = Math.Round(100m * (raw.Count(r => r.Nps >= 9) - raw.Count(r => r.Nps <= 6)) / n, 1, MidpointRounding.AwayFromZero);
        var csatAverage = Math.Round(raw.Sum(r => r.Csat) / n, 2, MidpointRounding.AwayFromZero);
        var csatPercent = Math.Round(100m * raw.Count(r => r.Csat >= 4) / n, 1, MidpointRounding.AwayFromZero);
        Assert.Equal(nps, scores.GetProperty("nps").GetDecimal());
        Assert.Equal(csatAverage, scores.GetProperty("csatAverage").GetDecimal());
        Assert.Equal(csatPercent, scores.GetProperty("csatPercent").GetDecimal());
    }
}
