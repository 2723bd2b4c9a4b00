using System.Net;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.VisionHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>The vision workshop as the issue describes it: a draft, reviews by several leaders, a publish rule, versions.</summary>
public sealed class VisionJourneyTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_draft_reviewed_by_two_leaders_is_published_as_version_1_and_a_revision_of_it_as_version_2_with_its_changes()
    {
        var owner = await platform.SignUpAsync();
        var first = await platform.InviteMemberAsync(owner, "Leader", "Lea Leader");
        var second = await platform.InviteMemberAsync(owner, "Leader", "Leo Leader");

        // The owner drafts; the quality check points at the vague word.
        var draft = await CreateDraftAsync(owner);
        var draftId = Id(draft);
        Assert.Equal("Open", draft.GetProperty("status").GetString());
        Assert.Equal(6, ItemIds(draft).Distinct().Count());
        Assert.Equal("p-personal", ItemId(draft, "Personal touch"));
        Assert.Equal("p-personal", draft.GetProperty("items")[1].GetProperty("parentId").GetString());
        var quality = draft.GetProperty("quality");
        Assert.False(quality.GetProperty("meetsAllCriteria").GetBoolean());
        var vague = quality.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "vague-word");
        Assert.Equal("MeasurableAndObservable", vague.GetProperty("criterion").GetString());
        Assert.Equal("excellent", Statement.Substring(vague.GetProperty("span").GetProperty("start").GetInt32(), vague.GetProperty("span").GetProperty("length").GetInt32()));

        // The default rule wants two approvals and two days of rest.
        var refused = await PublishAsync(owner, draftId);
        var reasons = await ReasonsAsync(refused);
        Assert.Contains("0 of 2 approvals since the last edit", reasons);
        Assert.Contains(reasons, r => r.StartsWith("rest period ends at", StringComparison.Ordinal));
        Assert.Contains("0 of 2 approvals", (await JsonAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri("/api/v1/vision", UriKind.Relative), Cancel)).StatusCode);

        await SetRuleAsync(owner, requiredApprovals: 2, restPeriodHours: 0);
        await ApproveAsync(first, draftId);
        await ApproveAsync(second, draftId);
        Assert.True((await GetDraftAsync(owner, draftId)).GetProperty("publishDecision").GetProperty("canPublish").GetBoolean());

        var published = await PublishAsync(owner, draftId);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal("/api/v1/vision/versions/1", published.Headers.Location!.OriginalString);
        var version1 = await JsonAsync(published);
        Assert.Equal(1, version1.GetProperty("number").GetInt32());
        Assert.Equal(Statement, version1.GetProperty("statement").GetString());
        Assert.Equal(owner.MemberId, version1.GetProperty("publishedBy").GetString());
        Assert.Equal(draftId, version1.GetProperty("draftId").GetString());
        Assert.Equal(ItemIds(draft), ItemIds(version1));
        Assert.Equal("Published", (await GetDraftAsync(owner, draftId)).GetProperty("status").GetString());
        Assert.Equal(1, (await GetJsonAsync(first, "/api/v1/vision")).GetProperty("number").GetInt32());

        // A second draft starts as a copy of version 1, with the same ids.
        var revision = await CreateDraftAsync(first, new { basedOnVersion = 1 });
        Assert.Equal(ItemIds(version1), ItemIds(revision));
        Assert.Equal(Statement, revision.GetProperty("statement").GetString());

        var standardId = ItemId(version1, "Answer the phone within three rings");
        var neverId = ItemId(version1, "Say \"that's not my job\"");
        var items = ItemsOf(revision).Where(i => (string?)i["id"] != neverId).ToList();
        items.Single(i => (string?)i["id"] == standardId)["text"] = "Answer the phone within two rings";
        items.Add(new() { ["kind"] = "Always", ["text"] = "Walk the guest to what they are looking for", ["order"] = 1 });
        revision = await UpdateDraftAsync(first, revision, new { statement = Statement, items });
        var addedId = ItemId(revision, "Walk the guest to what they are looking for");

        await ApproveAsync(owner, Id(revision));
        await ApproveAsync(second, Id(revision));
        var version2 = await PublishedAsync(first, Id(revision));
        Assert.Equal(2, version2.GetProperty("number").GetInt32());

        var changes = await GetJsonAsync(owner, "/api/v1/vision/versions/2/changes");
        Assert.Equal(2, changes.GetProperty("number").GetInt32());
        Assert.Equal(1, changes.GetProperty("previousNumber").GetInt32());
        Assert.False(changes.GetProperty("statementChanged").GetBoolean());
        Assert.Equal([addedId], ItemIdsIn(changes, "added"));
        Assert.Equal([neverId], ItemIdsIn(changes, "removed"));
        var changed = Assert.Single(changes.GetProperty("changed").EnumerateArray());
        Assert.Equal(standardId, changed.GetProperty("id").GetString());
        Assert.Equal(["text"], changed.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("Answer the phone within three rings", changed.GetProperty("previous").GetProperty("text").GetString());
        Assert.Equal("Answer the phone within two rings", changed.GetProperty("next").GetProperty("text").GetString());

        // Version 1 is unchanged, and the list shows both, newest first.
        Assert.Equal(ItemIds(version1), ItemIds(await GetJsonAsync(second, "/api/v1/vision/versions/1")));
        var versions = await GetJsonAsync(second, "/api/v1/vision/versions");
        Assert.Equal([2, 1], versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
    }

    [Fact]
    public async Task The_authors_own_approval_does_not_count()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        await SetRuleAsync(owner, requiredApprovals: 2, restPeriodHours: 0);
        var draftId = Id(await CreateDraftAsync(owner));

        await ApproveAsync(owner, draftId);
        await ApproveAsync(leader, draftId);

        Assert.Equal(["1 of 2 approvals since the last edit"], await ReasonsAsync(await PublishAsync(owner, draftId)));
        var draft = await GetDraftAsync(leader, draftId);
        Assert.Equal(2, draft.GetProperty("reviews").GetArrayLength());
        Assert.Equal("Open", draft.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_change_request_blocks_publishing_until_its_reviewer_approves()
    {
        var owner = await platform.SignUpAsync();
        var first = await platform.InviteMemberAsync(owner, "Leader");
        var second = await platform.InviteMemberAsync(owner, "Leader");
        await SetRuleAsync(owner, requiredApprovals: 1, restPeriodHours: 0);
        var draftId = Id(await CreateDraftAsync(owner));

        await ApproveAsync(first, draftId);
        var requested = await ReviewAsync(second, draftId, "RequestChanges", "Say what 'excellent' means.");
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var review = await JsonAsync(requested);
        Assert.Equal("RequestChanges", review.GetProperty("verdict").GetString());
        Assert.Equal(second.MemberId, review.GetProperty("reviewerId").GetString());

        Assert.Equal([$"changes requested by {second.MemberId}"], await ReasonsAsync(await PublishAsync(owner, draftId)));

        await ApproveAsync(second, draftId);
        Assert.Equal(1, (await PublishedAsync(owner, draftId)).GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task An_edit_after_approvals_means_they_no_longer_count()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        await SetRuleAsync(owner, requiredApprovals: 1, restPeriodHours: 0);
        var draft = await CreateDraftAsync(owner);
        await ApproveAsync(leader, Id(draft));
        Assert.True((await GetDraftAsync(owner, Id(draft))).GetProperty("publishDecision").GetProperty("canPublish").GetBoolean());

        var edited = await UpdateDraftAsync(owner, draft, new { statement = "We greet every guest by name within a minute." });

        Assert.Equal(draft.GetProperty("revision").GetInt64() + 1, edited.GetProperty("revision").GetInt64());
        Assert.True(edited.GetProperty("lastEditedAt").GetDateTimeOffset() > draft.GetProperty("lastEditedAt").GetDateTimeOffset());
        Assert.Equal(["0 of 1 approvals since the last edit"], edited.GetProperty("publishDecision").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["0 of 1 approvals since the last edit"], await ReasonsAsync(await PublishAsync(owner, Id(draft))));

        await ApproveAsync(leader, Id(draft));
        Assert.Equal("We greet every guest by name within a minute.", (await PublishedAsync(owner, Id(draft))).GetProperty("statement").GetString());
    }

    [Fact]
    public async Task A_review_with_a_stale_if_match_is_refused_so_a_verdict_never_lands_on_an_unread_edit()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        var read = await CreateDraftAsync(owner);
        await UpdateDraftAsync(owner, read, new { statement = "We greet every guest by name." });

        var response = await SendAsync(leader.Client, HttpMethod.Post, $"{Drafts}/{Id(read)}/reviews", new { verdict = "Approve" }, ETag(read));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(0, (await GetDraftAsync(owner, Id(read))).GetProperty("reviews").GetArrayLength());
    }

    [Fact]
    public async Task An_employee_reads_drafts_but_may_not_create_review_or_publish_them()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        await SetRuleAsync(owner, requiredApprovals: 0, restPeriodHours: 0);
        var draft = await CreateDraftAsync(owner);

        var create = await SendAsync(employee.Client, HttpMethod.Post, Drafts, new { statement = Statement, items = Items() });
        var review = await ReviewAsync(employee, Id(draft), "Approve");
        var publish = await PublishAsync(employee, Id(draft));
        var edit = await SendAsync(employee.Client, HttpMethod.Put, $"{Drafts}/{Id(draft)}", new { statement = "Mine now." }, ETag(draft));

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, review.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        var list = await GetJsonAsync(employee, Drafts);
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var unchanged = await GetDraftAsync(employee, Id(draft));
        Assert.Equal(Statement, unchanged.GetProperty("statement").GetString());
        Assert.Equal(0, unchanged.GetProperty("reviews").GetArrayLength());
        Assert.Equal("Open", unchanged.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Only_the_owner_changes_the_publish_rule_and_an_employee_can_not_read_it()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        var employee = await platform.InviteMemberAsync(owner, "Employee");

        var read = await leader.Client.GetAsync(new Uri("/api/v1/vision/publish-rule", UriKind.Relative), Cancel);
        var change = await SendAsync(leader.Client, HttpMethod.Put, "/api/v1/vision/publish-rule", new { requiredApprovals = 0, restPeriodHours = 0, blockOnChangesRequested = false }, read.Headers.ETag!.Tag);
        var employeeRead = await employee.Client.GetAsync(new Uri("/api/v1/vision/publish-rule", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, employeeRead.StatusCode);
        Assert.Equal(2, (await GetJsonAsync(owner, "/api/v1/vision/publish-rule")).GetProperty("requiredApprovals").GetInt32());
    }

    private static string[] ItemIdsIn(JsonElement changes, string list) =>
        [.. changes.GetProperty(list).EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
}
