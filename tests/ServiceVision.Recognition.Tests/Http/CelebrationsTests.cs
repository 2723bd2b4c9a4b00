using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Testing;
using static ServiceVision.Recognition.Tests.RecognitionHttp;

namespace ServiceVision.Recognition.Tests.Http;

public sealed class CelebrationsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Milestones = "/api/v1/celebrations/milestones";
    private const string Goals = "/api/v1/celebrations/goals";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IBus Bus => platform.Services.GetRequiredService<IBus>();

    private static DateTimeOffset NextWeek => DateTimeOffset.UtcNow.AddDays(7);

    [Fact]
    public async Task A_leader_schedules_nominates_and_holds_a_celebration_and_CelebrationHeld_names_the_honourees_once()
    {
        await using var events = await RecognitionEventListener.StartAsync(platform.BrokerUri);
        var org = await platform.OrganizationAsync(employees: 2);
        var first = (await RecognizeAsync(org.Leader, org.Employees[0], "One", [org.Pillar(Personal)])).GetProperty("id").GetString()!;
        var second = (await RecognizeAsync(org.Leader, org.Employees[1], "Two", [org.Pillar(Beyond)])).GetProperty("id").GetString()!;
        var created = await PostAsync(org.Leader, Celebrations, new { title = "Lived the vision: November", at = NextWeek, remindMinutesBefore = new List<int> { 60, 1440 } });
        var celebration = await JsonAsync(created, HttpStatusCode.Created);
        var id = celebration.GetProperty("id").GetString()!;
        Assert.Equal("\"1\"", ETag(created));
        Assert.Equal([1440, 60], celebration.GetProperty("remindMinutesBefore").EnumerateArray().Select(m => m.GetInt32()));

        await JsonAsync(await PostAsync(org.Leader, $"{Celebrations}/{id}/nominations", new { recognitionId = first }, ifMatch: "\"1\""));
        await JsonAsync(await PostAsync(org.Leader, $"{Celebrations}/{id}/nominations", new { recognitionId = second }, ifMatch: "\"2\""));
        Assert.Equal(["recognitionId"], await ErrorFieldsAsync(await PostAsync(org.Leader, $"{Celebrations}/{id}/nominations", new { recognitionId = first }, ifMatch: "\"3\""), HttpStatusCode.Conflict));
        Assert.Equal(["recognitionId"], await ErrorFieldsAsync(await PostAsync(org.Leader, $"{Celebrations}/{id}/nominations", new { recognitionId = "rcg_unknown" }, ifMatch: "\"3\"")));
        await JsonAsync(await SendAsync(org.Leader, HttpMethod.Delete, $"{Celebrations}/{id}/nominations/{second}", ifMatch: "\"3\""));
        await JsonAsync(await PostAsync(org.Leader, $"{Celebrations}/{id}/nominations", new { recognitionId = second }, ifMatch: "\"4\""));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(org.Employees[0], $"{Celebrations}/{id}/hold", ifMatch: "\"5\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await PostAsync(org.Leader, $"{Celebrations}/{id}/hold")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PostAsync(org.Leader, $"{Celebrations}/{id}/hold", ifMatch: "\"4\"")).StatusCode);

        var held = await JsonAsync(await PostAsync(org.Leader, $"{Celebrations}/{id}/hold", ifMatch: "\"5\""));

        Assert.Equal("Held", held.GetProperty("status").GetString());
        Assert.Equal(org.Leader.MemberId, held.GetProperty("heldBy").GetString());
        var message = await events.WaitForAsync<CelebrationHeld>(m => m.CelebrationId == id);
        Assert.Equal("Lived the vision: November", message.Title);
        Assert.Equal([(org.Employees[0].MemberId, first), (org.Employees[1].MemberId, second)], message.Honourees.Select(h => (h.MemberId, h.RecognitionId)));
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(org.Leader, $"{Celebrations}/{id}/hold", ifMatch: "\"6\"")).StatusCode);
        await Task.Delay(RecognitionEventListener.Quiet, Cancel);
        Assert.Single(events.All<CelebrationHeld>(m => m.CelebrationId == id));
        var seen = await GetJsonAsync(org.Employees[0], $"{Celebrations}/{id}");
        Assert.Equal(2, seen.GetProperty("honourees").GetArrayLength());
        Assert.Equal([id], Ids(await GetJsonAsync(org.Employees[0], $"{Celebrations}?status=Held")));
    }

    [Fact]
    public async Task Scheduling_refuses_bad_fields_by_name_needs_a_leader_and_a_retry_creates_one()
    {
        var org = await platform.OrganizationAsync(employees: 1);

        Assert.Equal(["title", "at"], await ErrorFieldsAsync(await PostAsync(org.Leader, Celebrations, new { })));
        Assert.Equal(["at", "remindMinutesBefore[0]"], await ErrorFieldsAsync(await PostAsync(org.Leader, Celebrations, new { title = "T", at = DateTimeOffset.UtcNow.AddDays(-1), remindMinutesBefore = new List<int> { 0 } })));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(org.Employees[0], Celebrations, new { title = "T", at = NextWeek })).StatusCode);
        var body = new { title = "Monthly", at = NextWeek };
        var first = await JsonAsync(await PostAsync(org.Leader, Celebrations, body, idempotencyKey: "cel-1"), HttpStatusCode.Created);
        var again = await JsonAsync(await PostAsync(org.Leader, Celebrations, body, idempotencyKey: "cel-1"), HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(1, (await GetJsonAsync(org.Employees[0], Celebrations)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Editing_a_celebration_needs_the_current_ETag_hidden_recognitions_cannot_be_nominated_and_unknown_celebrations_are_404()
    {
        var org = await platform.OrganizationAsync(employees: 1);
        var id = (await ScheduleAsync(org.Leader, "Monthly", NextWeek)).GetProperty("id").GetString();
        var later = NextWeek.AddDays(1);

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await SendAsync(org.Leader, HttpMethod.Put, $"{Celebrations}/{id}", new { title = "Renamed", at = later })).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(org.Leader, HttpMethod.Put, $"{Celebrations}/{id}", new { title = "Renamed", at = later }, ifMatch: "\"9\"")).StatusCode);
        Assert.Equal(["title"], await ErrorFieldsAsync(await SendAsync(org.Leader, HttpMethod.Put, $"{Celebrations}/{id}", new { title = "", at = later }, ifMatch: "\"1\"")));
        var renamed = await SendAsync(org.Leader, HttpMethod.Put, $"{Celebrations}/{id}", new { title = "Renamed", at = later, remindMinutesBefore = new List<int> { 30 } }, ifMatch: "\"1\"");

        Assert.Equal("\"2\"", ETag(renamed));
        var read = await GetJsonAsync(org.Employees[0], $"{Celebrations}/{id}");
        Assert.Equal("Renamed", read.GetProperty("title").GetString());
        Assert.Equal([30], read.GetProperty("remindMinutesBefore").EnumerateArray().Select(m => m.GetInt32()));
        var hidden = (await RecognizeAsync(org.Leader, org.Employees[0], "Hidden later", [org.Pillar(Personal)])).GetProperty("id").GetString();
        await JsonAsync(await PostAsync(org.Leader, $"{Recognitions}/{hidden}/hide", new { reason = "Wrong person" }, ifMatch: "\"1\""));
        Assert.Equal(["recognitionId"], await ErrorFieldsAsync(await PostAsync(org.Leader, $"{Celebrations}/{id}/nominations", new { recognitionId = hidden }, ifMatch: "\"2\""), HttpStatusCode.Conflict));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(org.Leader, HttpMethod.Delete, $"{Celebrations}/{id}/nominations/{hidden}", ifMatch: "\"2\"")).StatusCode);
        Assert.Empty((await GetJsonAsync(org.Leader, $"{Celebrations}/{id}")).GetProperty("honourees").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(org.Leader, HttpMethod.Get, $"{Celebrations}/cel_unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(org.Leader, $"{Celebrations}/cel_unknown/hold", ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(org.Leader, $"{Celebrations}/cel_unknown/nominations", new { recognitionId = "x" }, ifMatch: "\"1\"")).StatusCode);
    }

    [Fact]
    public async Task A_completed_rollout_delivered_twice_proposes_exactly_one_celebration_which_a_leader_schedules()
    {
        var org = await platform.OrganizationAsync(employees: 1, publish: false);
        var completed = new RolloutCompleted(org.Owner.OrganizationId, "rol_" + Guid.NewGuid().ToString("N"), "vision", 12, 87.5m, DateTimeOffset.UtcNow);

        await Bus.Publish(completed, Cancel);
        await Bus.Publish(completed, Cancel);
        JsonElement list = default;
        await Eventually.HoldsAsync(async () => (list = await GetJsonAsync(org.Leader, Milestones)).GetProperty("total").GetInt32() > 0, Eventually.Patience, "the rollout proposes a celebration");
        await Task.Delay(RecognitionEventListener.Quiet, Cancel);
        list = await GetJsonAsync(org.Leader, Milestones);

        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var milestone = list.GetProperty("items")[0];
        Assert.Equal("Everyone completed the vision course", milestone.GetProperty("title").GetString());
        Assert.Equal(completed.RolloutId, milestone.GetProperty("rolloutId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(org.Employees[0], HttpMethod.Get, Milestones)).StatusCode);

        var id = milestone.GetProperty("id").GetString();
        var celebration = await JsonAsync(await PostAsync(org.Leader, $"{Milestones}/{id}/accept", new { at = NextWeek }), HttpStatusCode.Created);
        Assert.Equal("Everyone completed the vision course", celebration.GetProperty("title").GetString());
        Assert.Equal(id, celebration.GetProperty("milestoneId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(org.Leader, $"{Milestones}/{id}/accept", new { at = NextWeek })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(org.Leader, $"{Milestones}/mls_unknown/dismiss")).StatusCode);
        Assert.Equal(1, (await GetJsonAsync(org.Leader, Celebrations)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_location_beating_the_owners_score_goal_proposes_one_celebration_per_round()
    {
        var org = await platform.OrganizationAsync(employees: 1, locations: 2, publish: false);
        var goals = await SendAsync(org.Owner, HttpMethod.Get, Goals);
        Assert.Equal("\"0\"", ETag(goals));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(org.Leader, HttpMethod.Put, Goals, new { npsAbove = 40 }, ifMatch: "\"0\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await SendAsync(org.Owner, HttpMethod.Put, Goals, new { npsAbove = 40 })).StatusCode);
        Assert.Equal(["npsAbove"], await ErrorFieldsAsync(await SendAsync(org.Owner, HttpMethod.Put, Goals, new { npsAbove = 140 }, ifMatch: "\"0\"")));
        var set = await SendAsync(org.Owner, HttpMethod.Put, Goals, new { npsAbove = 40, csatPercentAbove = 90 }, ifMatch: "\"0\"");
        Assert.Equal("\"1\"", ETag(set));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(org.Owner, HttpMethod.Put, Goals, new { npsAbove = 10 }, ifMatch: "\"0\"")).StatusCode);

        SurveyScoresPublished Scores(long sequence, decimal nps) => new(org.Owner.OrganizationId, "srv_cf", "CustomerFeedback", 3, sequence, DateTimeOffset.UtcNow,
        [
            new SurveyGroupScore("Organization", null, 50, nps, 4.5m, 88m, null),
            new SurveyGroupScore("Location", org.LocationIds[0], 30, nps, 4.6m, 85m, null),
            new SurveyGroupScore("Location", org.LocationIds[1], 20, 10m, 4.0m, 70m, null),
        ]);
        await Bus.Publish(Scores(1, 55m), Cancel);
        await Bus.Publish(Scores(2, 60m), Cancel);
        JsonElement list = default;
        await Eventually.HoldsAsync(async () => (list = await GetJsonAsync(org.Leader, Milestones)).GetProperty("total").GetInt32() > 0, Eventually.Patience, "the location proposes a celebration");
        await Task.Delay(RecognitionEventListener.Quiet, Cancel);
        list = await GetJsonAsync(org.Leader, Milestones);

        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var milestone = list.GetProperty("items")[0];
        Assert.Equal("ScoreGoalBeaten", milestone.GetProperty("kind").GetString());
        Assert.Equal(org.LocationIds[0], milestone.GetProperty("locationId").GetString());
        Assert.Equal(["NPS"], milestone.GetProperty("metrics").EnumerateArray().Select(m => m.GetString()));
    }
}
