using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Testing;
using static ServiceVision.Surveys.Tests.SurveysHttp;

namespace ServiceVision.Surveys.Tests.Http;

/// <summary>Low customer scores on a touchpoint raise service recoveries: answered, overdue, mapped to the vision.</summary>
public sealed class ServiceRecoveryTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(ApiSession Owner, string SurveyId, string Location, string Token)> CustomerSurveyAsync()
    {
        var owner = await platform.SignUpAsync();
        var location = await CreateLocationAsync(owner.Client, "Harbour");
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);
        return (owner, surveyId, location, await CreateLinkAsync(owner.Client, surveyId, location));
    }

    private static async Task<System.Text.Json.JsonElement> WaitForRecoveryAsync(ApiSession owner, string status)
    {
        System.Text.Json.JsonElement found = default;
        await Eventually.HoldsAsync(async () =>
        {
            var list = await GetJsonAsync(owner.Client, $"{Recoveries}?status={status}");
            found = list.GetProperty("items").EnumerateArray().FirstOrDefault();
            return list.GetProperty("total").GetInt32() > 0;
        }, Eventually.Patience, $"a {status} recovery is listed");
        return found;
    }

    [Fact]
    public async Task A_low_score_on_a_touchpoint_raises_a_recovery_that_a_resolution_on_the_bus_closes_once()
    {
        await using var events = await SurveyEventListener.StartAsync(platform.BrokerUri);
        var (owner, surveyId, location, token) = await CustomerSurveyAsync();
        var customer = platform.CreateClient();

        await ApiSessions.EnsureAsync(await SubmitAsync(customer, token, CustomerResponse("happy-customer", 5, 10, "Great", "Checkout")), HttpStatusCode.Created);
        var low = await JsonAsync(await SubmitAsync(customer, token, CustomerResponse("angry-customer", 2, 3, "We waited forever", "Checkout", "InStore")), HttpStatusCode.Created);
        var replay = await SubmitAsync(customer, token, CustomerResponse("angry-customer", 2, 3, "We waited forever", "Checkout", "InStore"));

        var needed = await events.WaitForAsync<ServiceRecoveryNeeded>(e => e.SurveyId == surveyId);
        Assert.Equal(low.GetProperty("responseId").GetString(), needed.ResponseId);
        Assert.Equal(location, needed.LocationId);
        Assert.Equal("Checkout", needed.Touchpoint);
        Assert.Equal(TimeSpan.FromHours(48), needed.RespondBy - needed.RaisedAt);
        var feedback = await events.WaitForAsync<CustomerFeedbackReceived>(e => e.ResponseId == needed.ResponseId);
        Assert.Equal("We waited forever", feedback.Comment);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await Task.Delay(SurveyEventListener.Quiet, Cancel);
        Assert.Single(events.All<ServiceRecoveryNeeded>(e => e.SurveyId == surveyId));
        Assert.Equal(2, events.All<CustomerFeedbackReceived>(e => e.SurveyId == surveyId).Count);

        var open = await WaitForRecoveryAsync(owner, "Open");
        Assert.Equal(needed.RecoveryId, open.Id());
        Assert.Equal(2, open.GetProperty("csat").GetInt32());

        var bus = platform.Services.GetRequiredService<IBus>();
        var resolvedAt = DateTimeOffset.UtcNow;
        await bus.Publish(new ServiceRecoveryResolved(owner.OrganizationId, needed.RecoveryId, "mem_fixer", "Recovered", resolvedAt), Cancel);
        var resolved = await WaitForRecoveryAsync(owner, "Resolved");
        await bus.Publish(new ServiceRecoveryResolved(owner.OrganizationId, needed.RecoveryId, "mem_late", "NotRecovered", resolvedAt.AddMinutes(1)), Cancel);
        await Task.Delay(SurveyEventListener.Quiet, Cancel);

        var again = await GetJsonAsync(owner.Client, $"{Recoveries}/{needed.RecoveryId}");
        Assert.Equal("mem_fixer", again.GetProperty("resolvedBy").GetString());
        Assert.Equal("Recovered", again.GetProperty("outcome").GetString());
        Assert.Equal(resolved.GetProperty("revision").GetInt64(), again.GetProperty("revision").GetInt64());
        Assert.Equal(0, (await GetJsonAsync(owner.Client, $"{Recoveries}?status=Open")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_organizations_response_hours_set_the_deadline()
    {
        await using var events = await SurveyEventListener.StartAsync(platform.BrokerUri);
        var (owner, surveyId, _, token) = await CustomerSurveyAsync();
        var settings = await owner.Client.GetAsync(new Uri("/api/v1/survey-settings", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(await SendAsync(owner.Client, HttpMethod.Put, "/api/v1/survey-settings", new { recoveryResponseHours = 6 }, Etag(settings)), HttpStatusCode.OK);

        await ApiSessions.EnsureAsync(await SubmitAsync(platform.CreateClient(), token, CustomerResponse("unhappy-customer", 5, 2, null, "Phone")), HttpStatusCode.Created);
        await ApiSessions.EnsureAsync(await SubmitAsync(platform.CreateClient(), token, CustomerResponse("no-touchpoint", 1, 0)), HttpStatusCode.Created);

        var needed = await events.WaitForAsync<ServiceRecoveryNeeded>(e => e.SurveyId == surveyId);
        Assert.Equal(TimeSpan.FromHours(6), needed.RespondBy - needed.RaisedAt);
        await Task.Delay(SurveyEventListener.Quiet, Cancel);
        Assert.Single(events.All<ServiceRecoveryNeeded>(e => e.SurveyId == surveyId));
    }

    [Fact]
    public async Task An_unanswered_recovery_becomes_overdue_by_its_reminder_once()
    {
        await using var events = await SurveyEventListener.StartAsync(platform.BrokerUri);
        var owner = await platform.SignUpAsync();
        var now = DateTimeOffset.UtcNow;
        var bus = platform.Services.GetRequiredService<IBus>();
        var needed = new ServiceRecoveryNeeded(owner.OrganizationId, "rcv_overdue_" + Guid.NewGuid().ToString("N"), "svy_x", "rsp_1_0_x", null, "Phone", "Callback", 1, 0, "Nobody called back", now, now.AddSeconds(2));

        await bus.Publish(needed, Cancel);
        await bus.Publish(needed, Cancel);
        var overdue = await events.WaitForAsync<ServiceRecoveryOverdue>(e => e.RecoveryId == needed.RecoveryId);

        Assert.True(DateTimeOffset.UtcNow >= needed.RespondBy, "the reminder fires at the deadline, not before");
        Assert.Equal("Callback", overdue.Touchpoint);
        var listed = await WaitForRecoveryAsync(owner, "Overdue");
        Assert.Equal(needed.RecoveryId, listed.Id());
        Assert.Equal(System.Text.Json.JsonValueKind.String, JsonValueKindOf(listed, "overdueNotifiedAt"));
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        Assert.Single(events.All<ServiceRecoveryOverdue>(e => e.RecoveryId == needed.RecoveryId));
        Assert.Equal(1, (await GetJsonAsync(owner.Client, Recoveries)).GetProperty("total").GetInt32());
    }

    private static System.Text.Json.JsonValueKind JsonValueKindOf(System.Text.Json.JsonElement element, string property) => element.GetProperty(property).ValueKind;

    [Fact]
    public async Task A_leader_maps_a_complaint_to_the_items_it_broke_which_publishes_complaint_mapped()
    {
        await using var events = await SurveyEventListener.StartAsync(platform.BrokerUri);
        var (owner, surveyId, location, token) = await CustomerSurveyAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var vision = await platform.PublishVisionAsync(owner, "Every guest leaves feeling looked after, every single time.",
        [
            new { kind = "Pillar", text = "Care", order = 0 },
            new { kind = "Never", text = "Never leave a caller on hold", order = 0 },
            new { kind = "Always", text = "Always call back the same day", order = 1 },
        ]);
        var items = vision.GetProperty("items").EnumerateArray().ToList();
        var pillar = items.First(i => i.GetProperty("kind").GetString() == "Pillar").Id();
        var never = items.First(i => i.GetProperty("kind").GetString() == "Never").Id();
        var always = items.First(i => i.GetProperty("kind").GetString() == "Always").Id();
        await ApiSessions.EnsureAsync(await SubmitAsync(platform.CreateClient(), token, CustomerResponse("complainer-token", 1, 0, "On hold for ages", "Phone")), HttpStatusCode.Created);
        var recovery = await WaitForRecoveryAsync(owner, "Open");
        var uri = $"{Recoveries}/{recovery.Id()}/mapping";
        var read = await leader.Client.GetAsync(new Uri($"{Recoveries}/{recovery.Id()}", UriKind.Relative), Cancel);
        var etag = Etag(read);

        var forbidden = await SendAsync(employee.Client, HttpMethod.Put, uri, new { itemIds = new[] { never } }, etag);
        var missing = await SendAsync(leader.Client, HttpMethod.Put, uri, new { itemIds = new[] { never } });
        var invalid = await SendAsync(leader.Client, HttpMethod.Put, uri, new { itemIds = new[] { never, pillar, "nope" }, locationId = "loc_nope", role = "Chef" }, etag);
        var mapped = await SendAsync(leader.Client, HttpMethod.Put, uri, new { itemIds = new[] { never, always }, locationId = location, role = "Employee" }, etag);
        var stale = await SendAsync(leader.Client, HttpMethod.Put, uri, new { itemIds = new[] { always } }, etag);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(428, (int)missing.StatusCode);
        Assert.Equal(["itemIds[1]", "itemIds[2]", "role", "locationId"], await ErrorFieldsAsync(invalid));
        var view = await JsonAsync(mapped);
        Assert.Equal([never, always], view.GetProperty("mapping").GetProperty("itemIds").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var message = await events.WaitForAsync<ComplaintMapped>(e => e.RecoveryId == recovery.Id());
        Assert.Equal([never, always], message.ItemIds);
        Assert.Equal(location, message.LocationId);
        Assert.Equal("Employee", message.Role);
        Assert.Equal(leader.MemberId, message.MappedBy);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(leader.Client, HttpMethod.Put, $"{Recoveries}/rcv_unknown/mapping", new { itemIds = new[] { never } }, etag)).StatusCode);
        _ = surveyId;
    }

    [Fact]
    public async Task Closing_a_survey_publishes_its_scores_without_groups_under_the_threshold()
    {
        await using var events = await SurveyEventListener.StartAsync(platform.BrokerUri);
        var owner = await platform.SignUpAsync();
        var big = await CreateLocationAsync(owner.Client, "Big");
        var small = await CreateLocationAsync(owner.Client, "Small");
        var other = await CreateLocationAsync(owner.Client, "Other");
        var surveyId = await OpenCustomerSurveyAsync(owner.Client);
        var tokens = new Dictionary<string, string> { [big] = await CreateLinkAsync(owner.Client, surveyId, big), [small] = await CreateLinkAsync(owner.Client, surveyId, small), [other] = await CreateLinkAsync(owner.Client, surveyId, other) };
        var customer = platform.CreateClient();
        var counts = new Dictionary<string, int> { [big] = 8, [other] = 6, [small] = 3 };
        var n = 0;
        foreach (var (location, count) in counts)
        {
            for (var i = 0; i < count; i++)
            {
                await ApiSessions.EnsureAsync(await SubmitAsync(customer, tokens[location], CustomerResponse($"scores-respondent-{n++}", location == big ? 5 : 3, location == big ? 10 : 5)), HttpStatusCode.Created);
            }
        }

        await CloseAsync(owner.Client, surveyId);
        var scores = await events.WaitForAsync<SurveyScoresPublished>(e => e.SurveyId == surveyId);

        Assert.Equal("CustomerFeedback", scores.SurveyKind);
        var organization = scores.Groups.Single(g => g.Dimension == "Organization");
        Assert.Equal(17, organization.Responses);
        Assert.Equal(Math.Round(100m * (8 - 9) / 17, 1, MidpointRounding.AwayFromZero), organization.Nps);
        // Small (3) is under the threshold; Other (6) is hidden with it, or "organization minus big minus
        // other" would reveal small's scores. Only Big is published.
        var locations = scores.Groups.Where(g => g.Dimension == "Location").ToList();
        Assert.Equal(big, Assert.Single(locations).GroupId);
        Assert.Equal(100m, locations[0].Nps);
    }
}
