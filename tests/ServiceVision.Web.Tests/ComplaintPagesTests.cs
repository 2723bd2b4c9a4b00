using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Web.Tests.PageSessions;

namespace ServiceVision.Web.Tests;

/// <summary>The complaints page: open and overdue service recoveries, mapping one to what it broke, recording the recovery that closes it.</summary>
public sealed class ComplaintPagesTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record World(ApiSession Owner, string RecoveryId, string LocationId, string NeverId, string AlwaysId);

    /// <summary>A published vision with a never and an always item, and a customer's low score at "Checkout" in Harbour, recorded as an open complaint.</summary>
    private async Task<World> ComplaintAsync()
    {
        var owner = await platform.SignUpAsync();
        var vision = await platform.PublishVisionAsync(owner, "We make every guest feel at home.", [
            new { kind = "Never", text = "Never leave a guest waiting without a word", order = 0 },
            new { kind = "Always", text = "Always greet by name", order = 1 },
        ]);
        var items = vision.GetProperty("items").EnumerateArray().ToList();
        string ItemOf(string kind) => items.First(i => i.GetProperty("kind").GetString() == kind).GetProperty("id").GetString()!;
        var location = await owner.CreateLocationAsync("Harbour");
        var created = await owner.Client.PostAsJsonAsync("/api/v1/surveys", new { kind = "CustomerFeedback", title = "How was your visit?" }, Ct);
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var surveyId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await ApiSessions.EnsureAsync(await ApiSessions.SendAsync(owner.Client, HttpMethod.Post, $"/api/v1/surveys/{surveyId}/open", null, created.Headers.ETag!.Tag), HttpStatusCode.OK);
        var token = (await owner.PostJsonAsync($"/api/v1/surveys/{surveyId}/links", new { locationId = location })).GetProperty("token").GetString()!;
        var customer = platform.CreateClient();
        await ApiSessions.EnsureAsync(await customer.PostAsJsonAsync($"/api/v1/public/surveys/{token}", new
        {
            respondentToken = "angry-customer",
            answers = new object[] { new { questionId = "csat", value = 1 }, new { questionId = "nps", value = 2 }, new { questionId = "comment", text = "We waited twenty minutes at the till." } },
            touchpoint = "Checkout",
            channel = "InStore",
        }, Ct), HttpStatusCode.Created);

        string? recoveryId = null;
        await Eventually.HoldsAsync(async () =>
        {
            var list = await owner.GetJsonAsync("/api/v1/survey-recoveries?status=Open");
            recoveryId = list.GetProperty("items").EnumerateArray().FirstOrDefault().ValueKind == JsonValueKind.Object ? list.GetProperty("items")[0].GetProperty("id").GetString() : null;
            var complaints = await owner.GetJsonAsync("/api/v1/empowerment/complaints");
            return recoveryId is not null && complaints.GetProperty("total").GetInt32() > 0;
        }, Eventually.Patience, "the complaint is recorded by the surveys and the empowerment services");
        return new World(owner, recoveryId!, location, ItemOf("Never"), ItemOf("Always"));
    }

    private static async Task<JsonElement> RecoveryAsync(World world) => await world.Owner.GetJsonAsync("/api/v1/survey-recoveries/" + world.RecoveryId);

    private static string Revision(JsonElement recovery) => recovery.GetProperty("revision").GetInt64().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_leader_sees_an_open_complaint_with_its_touchpoint_comment_and_deadline()
    {
        var world = await ComplaintAsync();
        var recovery = await RecoveryAsync(world);

        var html = WebUtility.HtmlDecode(await world.Owner.Client.GetHtmlAsync("/app/complaints"));

        Assert.Contains("Checkout at Harbour", html, StringComparison.Ordinal);
        Assert.Contains("We waited twenty minutes at the till.", html, StringComparison.Ordinal);
        Assert.Contains("CSAT 1 of 5", html, StringComparison.Ordinal);
        Assert.Contains("answer by " + recovery.GetProperty("respondBy").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.Contains("Open (1)", html, StringComparison.Ordinal);
        Assert.Contains("Overdue (0)", html, StringComparison.Ordinal);
        Assert.Contains("Never: Never leave a guest waiting without a word", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/app/empowerment\"", html, StringComparison.Ordinal);
        Assert.Contains("/app/complaints", WebForms.NavLinks(html));
    }

    [Fact]
    public async Task Mapping_a_complaint_on_the_page_is_what_the_api_then_serves()
    {
        var world = await ComplaintAsync();
        var recovery = await RecoveryAsync(world);

        var response = await world.Owner.Client.SubmitAsync("/app/complaints", Fields(
            ("RecoveryId", world.RecoveryId), ("Revision", Revision(recovery)), ("ItemIds", world.NeverId), ("LocationId", world.LocationId), ("Role", "Employee")), action: "/app/complaints?handler=map");

        Assert.Contains("is mapped to 1 item(s)", WebUtility.HtmlDecode(await response.HtmlAsync()), StringComparison.Ordinal);
        var mapping = (await RecoveryAsync(world)).GetProperty("mapping");
        Assert.Equal([world.NeverId], mapping.GetProperty("itemIds").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(world.LocationId, mapping.GetProperty("locationId").GetString());
        Assert.Equal("Employee", mapping.GetProperty("role").GetString());
        Assert.Equal(world.Owner.MemberId, mapping.GetProperty("mappedBy").GetString());
    }

    [Fact]
    public async Task A_mapping_without_items_is_refused_next_to_the_items_and_changes_nothing()
    {
        var world = await ComplaintAsync();
        var recovery = await RecoveryAsync(world);

        var response = await world.Owner.Client.SubmitAsync("/app/complaints", Fields(
            ("RecoveryId", world.RecoveryId), ("Revision", Revision(recovery)), ("LocationId", ""), ("Role", "")), action: "/app/complaints?handler=map");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Name 1 to 20 never, always or standard items of the published vision.", WebForms.FieldError(await response.HtmlAsync(), "itemIds"));
        var after = await RecoveryAsync(world);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("mapping").ValueKind);
        Assert.Equal(Revision(recovery), Revision(after));
    }

    [Fact]
    public async Task A_mapping_with_a_stale_revision_says_so_and_changes_nothing()
    {
        var world = await ComplaintAsync();
        var recovery = await RecoveryAsync(world);
        await world.Owner.Client.SubmitAsync("/app/complaints", Fields(
            ("RecoveryId", world.RecoveryId), ("Revision", Revision(recovery)), ("ItemIds", world.NeverId)), action: "/app/complaints?handler=map");

        var stale = await world.Owner.Client.SubmitAsync("/app/complaints", Fields(
            ("RecoveryId", world.RecoveryId), ("Revision", Revision(recovery)), ("ItemIds", world.AlwaysId)), action: "/app/complaints?handler=map");

        Assert.Contains("Someone changed this meanwhile", await stale.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal([world.NeverId], (await RecoveryAsync(world)).GetProperty("mapping").GetProperty("itemIds").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task Recording_the_recovery_on_the_page_closes_the_complaint()
    {
        var world = await ComplaintAsync();

        var refused = await world.Owner.Client.SubmitAsync("/app/complaints", Fields(
            ("RecoveryId", world.RecoveryId), ("WhatHappened", "Long wait at the till."), ("WhatWasDone", ""), ("Outcome", "")), action: "/app/complaints?handler=recover");
        var refusedHtml = await refused.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(refusedHtml, "whatWasDone"));
        Assert.NotNull(WebForms.FieldError(refusedHtml, "outcome"));
        Assert.Equal(0, (await world.Owner.GetJsonAsync("/api/v1/empowerment/recoveries")).GetProperty("total").GetInt32());

        var response = await world.Owner.Client.SubmitAsync("/app/complaints", Fields(
            ("RecoveryId", world.RecoveryId), ("WhatHappened", "Long wait at the till."), ("WhatWasDone", "Called the guest and apologised."), ("Outcome", "Recovered"), ("Amount", ""), ("Currency", "")), action: "/app/complaints?handler=recover");

        Assert.Contains("the complaint is closed", await response.HtmlAsync(), StringComparison.Ordinal);
        var recorded = (await world.Owner.GetJsonAsync("/api/v1/empowerment/recoveries")).GetProperty("items")[0];
        Assert.Equal(world.RecoveryId, recorded.GetProperty("recoveryId").GetString());
        await Eventually.HoldsAsync(async () => (await RecoveryAsync(world)).GetProperty("status").GetString() == "Resolved", Eventually.Patience, "the complaint is resolved");
        Assert.Contains("Open (0)", await world.Owner.Client.GetHtmlAsync("/app/complaints"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_employee_is_sent_to_the_forbidden_page_and_cannot_post()
    {
        var world = await ComplaintAsync();
        var employee = await platform.InviteMemberAsync(world.Owner, "Employee");
        var client = await platform.WithoutRedirectsAsync(employee);
        var recovery = await RecoveryAsync(world);

        await client.AssertForbiddenPageAsync("/app/complaints");
        var posted = await client.PostFormAsync("/app/complaints?handler=map", Fields(
            ("RecoveryId", world.RecoveryId), ("Revision", Revision(recovery)), ("ItemIds", world.NeverId), ("__RequestVerificationToken", await client.TokenAsync())));

        AssertRefused(posted);
        Assert.DoesNotContain("/app/complaints", WebForms.NavLinks(await client.GetHtmlAsync("/app")));
        Assert.Equal(JsonValueKind.Null, (await RecoveryAsync(world)).GetProperty("mapping").ValueKind);
    }

    [Fact]
    public async Task Another_organizations_complaint_is_not_found_and_a_post_without_its_token_is_refused()
    {
        var world = await ComplaintAsync();
        var other = await platform.SignUpAsync();
        await platform.PublishVisionAsync(other, "Other vision.", [new { kind = "Never", text = "Never shout", order = 0 }]);

        var foreign = await other.Client.SubmitAsync("/app/complaints", Fields(
            ("RecoveryId", world.RecoveryId), ("Revision", "1"), ("ItemIds", world.NeverId)), action: "/app/complaints?handler=map");
        var foreignRecovery = await other.Client.SubmitAsync("/app/complaints", Fields(
            ("RecoveryId", world.RecoveryId), ("WhatHappened", "x"), ("WhatWasDone", "y"), ("Outcome", "Recovered")), action: "/app/complaints?handler=recover");
        var withoutToken = await world.Owner.Client.PostFormAsync("/app/complaints?handler=map", Fields(("RecoveryId", world.RecoveryId), ("Revision", "1"), ("ItemIds", world.NeverId)));

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignRecovery.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.DoesNotContain("We waited twenty minutes", await other.Client.GetHtmlAsync("/app/complaints"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await RecoveryAsync(world)).GetProperty("mapping").ValueKind);
    }
}
