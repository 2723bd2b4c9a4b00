using System.Net;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.PlanHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Latest survey scores from SurveyScoresPublished and the alignment view's rules at the edge.</summary>
public sealed class AlignmentTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task The_latest_scores_per_group_are_kept_and_stale_or_repeated_publications_change_nothing()
    {
        var owner = await platform.SignUpAsync();
        var org = owner.OrganizationId;
        var frontDesk = await CreateDepartmentAsync(owner, "Front desk");

        await PublishScoresAsync(platform, org, "srv_pulse", "Pulse", 2, new SurveyGroupScore("Organization", null, 10, null, null, null, 70m), new SurveyGroupScore("Department", frontDesk, 6, null, null, null, 80m));
        await Eventually.HoldsAsync(async () => (await GetAsync(owner, "/api/v1/scores")).GetProperty("total").GetInt32() == 2, Eventually.Patience, "the scores arrive");
        await PublishScoresAsync(platform, org, "srv_pulse", "Pulse", 1, new SurveyGroupScore("Organization", null, 3, null, null, null, 10m));
        await PublishScoresAsync(platform, org, "srv_pulse", "Pulse", 2, new SurveyGroupScore("Organization", null, 3, null, null, null, 20m));
        await PublishScoresAsync(platform, org, "srv_feedback", "CustomerFeedback", 1, new SurveyGroupScore("Organization", null, 40, 35m, 4.2m, 82m, null));
        await Eventually.HoldsAsync(async () => (await GetAsync(owner, "/api/v1/scores")).GetProperty("total").GetInt32() == 3, Eventually.Patience, "the feedback scores arrive");

        // The same queue delivers concurrently: give the stale publications time to be consumed too.
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

        var pulse = (await GetAsync(owner, "/api/v1/scores?kind=Pulse&dimension=Organization")).GetProperty("items");
        Assert.Equal(70m, Assert.Single(pulse.EnumerateArray()).GetProperty("pulsePercent").GetDecimal());
        Assert.Equal(2, pulse[0].GetProperty("sequence").GetInt64());
        var department = Assert.Single((await GetAsync(owner, "/api/v1/alignment?by=department")).GetProperty("items").EnumerateArray());
        Assert.Equal(80m, department.GetProperty("components").GetProperty("pulsePercent").GetDecimal());
        Assert.Equal(80m, department.GetProperty("score").GetDecimal());
        Assert.Equal(1m, department.GetProperty("weights").GetProperty("pulsePercent").GetDecimal());
    }

    [Fact]
    public async Task A_group_with_nothing_measured_has_no_score()
    {
        var owner = await platform.SignUpAsync();
        await CreateDepartmentAsync(owner, "Kitchen");

        var kitchen = Assert.Single((await GetAsync(owner, "/api/v1/alignment")).GetProperty("items").EnumerateArray());

        Assert.Equal(System.Text.Json.JsonValueKind.Null, kitchen.GetProperty("score").ValueKind);
        Assert.Equal("Kitchen", kitchen.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Alignment_and_scores_are_for_leaders_and_filters_are_checked()
    {
        var owner = await platform.SignUpAsync();
        var employee = await InviteAsync(platform, owner, "Employee", "Ana");

        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.GetAsync(new Uri("/api/v1/alignment", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.GetAsync(new Uri("/api/v1/scores", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(["by"], await ErrorFieldsAsync(await owner.Client.GetAsync(new Uri("/api/v1/alignment?by=planet", UriKind.Relative), Cancel)));
        Assert.Equal(["dimension", "kind"], (await ErrorFieldsAsync(await owner.Client.GetAsync(new Uri("/api/v1/scores?kind=Gossip&dimension=Galaxy", UriKind.Relative), Cancel))).Order());
    }
}
