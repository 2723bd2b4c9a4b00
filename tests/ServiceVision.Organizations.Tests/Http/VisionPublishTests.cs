using System.Net;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.VisionHttp;

namespace ServiceVision.Organizations.Tests.Http;

public sealed class VisionPublishTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Rule = "/api/v1/vision/publish-rule";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_default_rule_asks_for_two_approvals_and_48_hours_of_rest()
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.GetAsync(new Uri(Rule, UriKind.Relative), Cancel);

        Assert.Equal("\"0\"", response.Headers.ETag!.Tag);
        var rule = await JsonAsync(response);
        Assert.Equal(2, rule.GetProperty("requiredApprovals").GetInt32());
        Assert.Equal(48, rule.GetProperty("restPeriodHours").GetInt32());
        Assert.True(rule.GetProperty("blockOnChangesRequested").GetBoolean());
        Assert.Equal(0, rule.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Under_the_default_rule_a_fresh_draft_is_refused_with_every_reason_and_nothing_is_published()
    {
        var owner = await platform.SignUpAsync();
        var draft = await CreateDraftAsync(owner);

        var response = await PublishAsync(owner, Id(draft));

        var reasons = await ReasonsAsync(response);
        Assert.Equal(2, reasons.Length);
        Assert.Equal("0 of 2 approvals since the last edit", reasons[0]);
        Assert.StartsWith("rest period ends at ", reasons[1], StringComparison.Ordinal);
        var problem = await JsonAsync(response);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Contains(reasons[1], problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Open", (await GetDraftAsync(owner, Id(draft))).GetProperty("status").GetString());
        Assert.Equal(0, (await GetJsonAsync(owner, "/api/v1/vision/versions")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_rule_change_round_trips_and_a_stale_or_missing_if_match_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var etag = (await owner.Client.GetAsync(new Uri(Rule, UriKind.Relative), Cancel)).Headers.ETag!.Tag;

        var changed = await SendAsync(owner.Client, HttpMethod.Put, Rule, new { requiredApprovals = 3, restPeriodHours = 24, blockOnChangesRequested = false }, etag);
        var stale = await SendAsync(owner.Client, HttpMethod.Put, Rule, new { requiredApprovals = 0, restPeriodHours = 0, blockOnChangesRequested = true }, etag);
        var missing = await SendAsync(owner.Client, HttpMethod.Put, Rule, new { requiredApprovals = 0, restPeriodHours = 0, blockOnChangesRequested = true });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"1\"", changed.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        var rule = await GetJsonAsync(owner, Rule);
        Assert.Equal(3, rule.GetProperty("requiredApprovals").GetInt32());
        Assert.Equal(24, rule.GetProperty("restPeriodHours").GetInt32());
        Assert.False(rule.GetProperty("blockOnChangesRequested").GetBoolean());
    }

    [Theory]
    [InlineData(21, 0, "requiredApprovals")]
    [InlineData(-1, 0, "requiredApprovals")]
    [InlineData(1, 721, "restPeriodHours")]
    [InlineData(1, -2, "restPeriodHours")]
    public async Task A_rule_out_of_bounds_is_a_400_naming_the_field(int requiredApprovals, int restPeriodHours, string field)
    {
        var owner = await platform.SignUpAsync();

        var response = await SendAsync(owner.Client, HttpMethod.Put, Rule, new { requiredApprovals, restPeriodHours, blockOnChangesRequested = true }, "\"0\"");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await ErrorFieldsAsync(response));
        Assert.Equal(0, (await GetJsonAsync(owner, Rule)).GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task A_rule_without_its_fields_is_a_400_naming_each()
    {
        var owner = await platform.SignUpAsync();

        var response = await SendAsync(owner.Client, HttpMethod.Put, Rule, new { }, "\"0\"");

        Assert.Equal(["blockOnChangesRequested", "requiredApprovals", "restPeriodHours"], (await ErrorFieldsAsync(response)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Nothing_is_current_before_the_first_version_and_unknown_versions_are_404()
    {
        var owner = await platform.SignUpAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Get, "/api/v1/vision")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Get, "/api/v1/vision/versions/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Get, "/api/v1/vision/versions/0/changes")).StatusCode);
        Assert.Equal(0, (await GetJsonAsync(owner, "/api/v1/vision/versions")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_first_version_adds_everything()
    {
        var owner = await platform.SignUpAsync();
        var version = await platform.PublishVisionAsync(owner, Statement, Items());

        var changes = await GetJsonAsync(owner, "/api/v1/vision/versions/1/changes");

        Assert.Equal(JsonValueKindNull, changes.GetProperty("previousNumber").ValueKind);
        Assert.True(changes.GetProperty("statementChanged").GetBoolean());
        Assert.Equal(ItemIds(version), changes.GetProperty("added").EnumerateArray().Select(Id));
        Assert.Equal(0, changes.GetProperty("changed").GetArrayLength());
        Assert.Equal(0, changes.GetProperty("removed").GetArrayLength());
        Assert.Equal(1, (await GetJsonAsync(owner, "/api/v1/vision")).GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task A_published_draft_can_not_be_published_again_or_edited()
    {
        var owner = await platform.SignUpAsync();
        await SetRuleAsync(owner, 0, 0);
        var draft = await CreateDraftAsync(owner);
        await PublishedAsync(owner, Id(draft));
        var read = await GetDraftAsync(owner, Id(draft));

        var again = await PublishAsync(owner, Id(draft));
        var edit = await SendAsync(owner.Client, HttpMethod.Put, $"{Drafts}/{Id(draft)}", new { statement = "After the fact." }, ETag(read));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal("Published", read.GetProperty("status").GetString());
        Assert.Equal(1, read.GetProperty("publishedAsVersion").GetInt32());
        Assert.Equal(1, (await GetJsonAsync(owner, "/api/v1/vision/versions")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_retried_publish_with_the_same_idempotency_key_publishes_one_version()
    {
        var owner = await platform.SignUpAsync();
        await SetRuleAsync(owner, 0, 0);
        var draft = await CreateDraftAsync(owner);

        var first = await SendAsync(owner.Client, HttpMethod.Post, $"{Drafts}/{Id(draft)}/publish", idempotencyKey: "publish-1");
        var retry = await SendAsync(owner.Client, HttpMethod.Post, $"{Drafts}/{Id(draft)}/publish", idempotencyKey: "publish-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(1, (await JsonAsync(retry)).GetProperty("number").GetInt32());
        Assert.Equal(1, (await GetJsonAsync(owner, "/api/v1/vision/versions")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Other_open_drafts_stay_open_but_one_based_on_an_older_version_must_be_rebased_first()
    {
        var owner = await platform.SignUpAsync();
        var version1 = await platform.PublishVisionAsync(owner, Statement, Items());
        var stale = await CreateDraftAsync(owner, new { basedOnVersion = 1 });
        var scratch = await CreateDraftAsync(owner, new { statement = "We greet every guest by name." });
        await platform.PublishVisionAsync(owner, "We thank every guest before they leave.", ItemsOf(version1).Cast<object>().ToList());

        Assert.Equal("Open", (await GetDraftAsync(owner, Id(scratch))).GetProperty("status").GetString());
        var refused = await PublishAsync(owner, Id(stale));
        Assert.Equal(["the draft is based on version 1 but version 2 is current; base it on version 2 first"], await ReasonsAsync(refused));

        var rebased = await UpdateDraftAsync(owner, stale, new { basedOnVersion = 2 });
        Assert.Equal(2, rebased.GetProperty("basedOnVersion").GetInt32());
        Assert.Equal(3, (await PublishedAsync(owner, Id(stale))).GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task Versions_list_newest_first_in_pages()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, "We greet every guest by name.");
        await platform.PublishVisionAsync(owner, "We thank every guest by name.");
        await platform.PublishVisionAsync(owner, "We answer every guest within a minute.");

        var page = await GetJsonAsync(owner, "/api/v1/vision/versions?page=1&pageSize=2");

        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal([3, 2], page.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal("We answer every guest within a minute.", page.GetProperty("items")[0].GetProperty("statement").GetString());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
