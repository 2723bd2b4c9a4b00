using System.Net;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.VisionHttp;

namespace ServiceVision.Organizations.Tests.Http;

public sealed class VisionDraftTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_draft_reads_back_with_its_etag_author_and_every_item_id()
    {
        var owner = await platform.SignUpAsync();

        var response = await SendAsync(owner.Client, HttpMethod.Post, Drafts, new { statement = Statement, items = Items() });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        Assert.Equal($"{Drafts}/{Id(created)}", response.Headers.Location!.OriginalString);
        Assert.Equal(ETag(created), response.Headers.ETag!.Tag);
        Assert.StartsWith("itm_", ItemId(created, "Thank the guest"), StringComparison.Ordinal);

        var read = await owner.Client.GetAsync(new Uri($"{Drafts}/{Id(created)}", UriKind.Relative), Cancel);
        Assert.Equal(ETag(created), read.Headers.ETag!.Tag);
        var draft = await JsonAsync(read);
        Assert.Equal(owner.MemberId, draft.GetProperty("authorId").GetString());
        Assert.Equal(Statement, draft.GetProperty("statement").GetString());
        Assert.Equal(ItemIds(created), ItemIds(draft));
        Assert.Equal(["Pillar", "SubPillar", "Pillar", "Standard", "Never", "Always"], draft.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(JsonValueKindNull, draft.GetProperty("basedOnVersion").ValueKind);
        Assert.Equal(4, draft.GetProperty("quality").GetProperty("criteria").GetArrayLength());
        Assert.Equal(0, draft.GetProperty("reviews").GetArrayLength());
        Assert.False(draft.GetProperty("publishDecision").GetProperty("canPublish").GetBoolean());
    }

    [Fact]
    public async Task A_draft_may_start_without_a_statement_and_the_quality_check_says_so()
    {
        var owner = await platform.SignUpAsync();

        var draft = await CreateDraftAsync(owner, new { items = Items() });

        Assert.Equal("", draft.GetProperty("statement").GetString());
        Assert.Equal("empty", draft.GetProperty("quality").GetProperty("findings")[0].GetProperty("code").GetString());
        Assert.Contains("the statement is empty", draft.GetProperty("publishDecision").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Invalid_items_are_a_400_naming_each_field_and_create_nothing()
    {
        var owner = await platform.SignUpAsync();

        var response = await SendAsync(owner.Client, HttpMethod.Post, Drafts, new
        {
            statement = Statement,
            items = new object[]
            {
                new { id = "p1", kind = "Pillar", text = "Personal touch", order = 0 },
                new { kind = "SubPillar", parentId = "nope", text = "Use the guest's name", order = 0 },
                new { kind = "Mission", text = "Be great", order = 1 },
                new { kind = "Never", text = "  ", order = 2 },
                new { id = "p1", kind = "Always", text = "Thank the guest", order = 3 },
                new { kind = "Standard", parentId = "p1", text = "Answer within three rings", order = -1 },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["items[1].parentId", "items[2].kind", "items[3].text", "items[4].id", "items[5].order", "items[5].parentId"],
            (await ErrorFieldsAsync(response)).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await GetJsonAsync(owner, Drafts)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task More_items_than_the_limit_is_a_400()
    {
        var owner = await platform.SignUpAsync();
        var items = Enumerable.Range(0, 201).Select(i => new { kind = "Always", text = $"Thank guest {i}", order = i }).ToArray();

        var response = await SendAsync(owner.Client, HttpMethod.Post, Drafts, new { statement = Statement, items });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["items"], await ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task A_stale_if_match_on_an_edit_is_a_412_and_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var draft = await CreateDraftAsync(owner);
        var edited = await UpdateDraftAsync(owner, draft, new { statement = "We greet every guest by name." });

        var stale = await SendAsync(owner.Client, HttpMethod.Put, $"{Drafts}/{Id(draft)}", new { statement = "Lost update." }, ETag(draft));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var current = await GetDraftAsync(owner, Id(draft));
        Assert.Equal("We greet every guest by name.", current.GetProperty("statement").GetString());
        Assert.Equal(edited.GetProperty("revision").GetInt64(), current.GetProperty("revision").GetInt64());
        Assert.Equal(edited.GetProperty("lastEditedAt").GetDateTimeOffset(), current.GetProperty("lastEditedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_edit_or_discard_without_if_match_is_a_428()
    {
        var owner = await platform.SignUpAsync();
        var draft = await CreateDraftAsync(owner);

        var edit = await SendAsync(owner.Client, HttpMethod.Put, $"{Drafts}/{Id(draft)}", new { statement = "No precondition." });
        var discard = await SendAsync(owner.Client, HttpMethod.Delete, $"{Drafts}/{Id(draft)}");

        Assert.Equal((HttpStatusCode)428, edit.StatusCode);
        Assert.Equal((HttpStatusCode)428, discard.StatusCode);
        Assert.Equal("Open", (await GetDraftAsync(owner, Id(draft))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_invalid_edit_is_a_400_and_the_draft_keeps_its_items()
    {
        var owner = await platform.SignUpAsync();
        var draft = await CreateDraftAsync(owner);

        var response = await SendAsync(owner.Client, HttpMethod.Put, $"{Drafts}/{Id(draft)}", new { items = new[] { new { kind = "SubPillar", text = "Orphan", order = 0 } } }, ETag(draft));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["items[0].parentId"], await ErrorFieldsAsync(response));
        Assert.Equal(ItemIds(draft), ItemIds(await GetDraftAsync(owner, Id(draft))));
    }

    [Fact]
    public async Task An_edit_keeps_ids_the_draft_gave_and_what_it_leaves_out()
    {
        var owner = await platform.SignUpAsync();
        var draft = await CreateDraftAsync(owner);
        var items = ItemsOf(draft);
        items[5]["text"] = "Thank every guest";

        var edited = await UpdateDraftAsync(owner, draft, new { items });

        Assert.Equal(ItemIds(draft), ItemIds(edited));
        Assert.Equal("Thank every guest", edited.GetProperty("items")[5].GetProperty("text").GetString());
        Assert.Equal(Statement, edited.GetProperty("statement").GetString());
    }

    [Fact]
    public async Task Saving_a_draft_unchanged_is_not_an_edit()
    {
        var owner = await platform.SignUpAsync();
        var draft = await CreateDraftAsync(owner);

        var saved = await UpdateDraftAsync(owner, draft, new { statement = Statement, items = ItemsOf(draft) });

        Assert.Equal(draft.GetProperty("revision").GetInt64(), saved.GetProperty("revision").GetInt64());
        Assert.Equal(draft.GetProperty("lastEditedAt").GetDateTimeOffset(), saved.GetProperty("lastEditedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_draft_based_on_a_version_starts_as_its_copy_and_may_only_reuse_its_ids()
    {
        var owner = await platform.SignUpAsync();
        var version1 = await platform.PublishVisionAsync(owner, Statement, Items());
        var neverId = ItemId(version1, "Say \"that's not my job\"");
        var version2 = await platform.PublishVisionAsync(owner, Statement, [.. ItemsOf(version1).Where(i => (string?)i["id"] != neverId)]);
        Assert.Equal(2, version2.GetProperty("number").GetInt32());

        var copy = await CreateDraftAsync(owner, new { basedOnVersion = 2 });
        Assert.Equal(ItemIds(version2), ItemIds(copy));
        Assert.Equal(2, copy.GetProperty("basedOnVersion").GetInt32());

        // The removed item's id is not version 2's; reusing it would claim a different item is the old one.
        var reused = await SendAsync(owner.Client, HttpMethod.Post, Drafts, new
        {
            statement = Statement,
            basedOnVersion = 2,
            items = new[] { new { id = neverId, kind = "Never", text = "Say \"that's not my job\"", order = 0 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(["items[0].id"], await ErrorFieldsAsync(reused));

        // Without a based-on version, no published id may be used at all.
        var unbased = await SendAsync(owner.Client, HttpMethod.Post, Drafts, new { statement = Statement, items = ItemsOf(version2) });
        Assert.Equal(HttpStatusCode.BadRequest, unbased.StatusCode);
        Assert.Contains("items[0].id", await ErrorFieldsAsync(unbased));

        var unknown = await SendAsync(owner.Client, HttpMethod.Post, Drafts, new { basedOnVersion = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["basedOnVersion"], await ErrorFieldsAsync(unknown));
        Assert.Equal(1, (await GetJsonAsync(owner, Drafts)).GetProperty("items").EnumerateArray().Count(d => d.GetProperty("status").GetString() == "Open"));
    }

    [Fact]
    public async Task Unknown_drafts_are_404_for_every_route()
    {
        var owner = await platform.SignUpAsync();
        const string unknown = Drafts + "/drf_unknown";

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Get, unknown)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Put, unknown, new { statement = "x" }, "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Delete, unknown, ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReviewAsync(owner, "drf_unknown", "Approve")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PublishAsync(owner, "drf_unknown")).StatusCode);
    }

    [Fact]
    public async Task Another_organizations_draft_is_not_found()
    {
        var owner = await platform.SignUpAsync();
        var stranger = await platform.SignUpAsync();
        var draft = await CreateDraftAsync(owner);

        var response = await stranger.Client.GetAsync(new Uri($"{Drafts}/{Id(draft)}", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_discarded_draft_stays_listed_and_can_no_longer_be_edited_reviewed_or_published()
    {
        var owner = await platform.SignUpAsync();
        var draft = await CreateDraftAsync(owner);

        var discarded = await SendAsync(owner.Client, HttpMethod.Delete, $"{Drafts}/{Id(draft)}", ifMatch: ETag(draft));

        Assert.Equal(HttpStatusCode.NoContent, discarded.StatusCode);
        var read = await GetDraftAsync(owner, Id(draft));
        Assert.Equal("Discarded", read.GetProperty("status").GetString());
        var edit = await SendAsync(owner.Client, HttpMethod.Put, $"{Drafts}/{Id(draft)}", new { statement = "Again." }, ETag(read));
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ReviewAsync(owner, Id(draft), "Comment", "Too late?")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PublishAsync(owner, Id(draft))).StatusCode);
        Assert.Equal("Discarded", (await GetJsonAsync(owner, Drafts)).GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Drafts_list_newest_first_in_pages()
    {
        var owner = await platform.SignUpAsync();
        var first = await CreateDraftAsync(owner, new { statement = "First." });
        var second = await CreateDraftAsync(owner, new { statement = "Second." });
        var third = await CreateDraftAsync(owner, new { statement = "Third." });

        var page1 = await GetJsonAsync(owner, $"{Drafts}?page=1&pageSize=2");
        var page2 = await GetJsonAsync(owner, $"{Drafts}?page=2&pageSize=2");

        Assert.Equal(3, page1.GetProperty("total").GetInt32());
        Assert.Equal([Id(third), Id(second)], page1.GetProperty("items").EnumerateArray().Select(Id));
        Assert.Equal([Id(first)], page2.GetProperty("items").EnumerateArray().Select(Id));
        Assert.Equal(0, page1.GetProperty("items")[0].GetProperty("itemCount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(owner.Client, HttpMethod.Get, $"{Drafts}?pageSize=101")).StatusCode);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_creates_one_draft()
    {
        var owner = await platform.SignUpAsync();
        var body = new { statement = Statement, items = Items() };

        var first = await SendAsync(owner.Client, HttpMethod.Post, Drafts, body, idempotencyKey: "draft-1");
        var retry = await SendAsync(owner.Client, HttpMethod.Post, Drafts, body, idempotencyKey: "draft-1");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(Id(await JsonAsync(first)), Id(await JsonAsync(retry)));
        Assert.Equal(1, (await GetJsonAsync(owner, Drafts)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_comment_needs_text_and_a_verdict_must_be_known()
    {
        var owner = await platform.SignUpAsync();
        var draft = await CreateDraftAsync(owner);

        var empty = await ReviewAsync(owner, Id(draft), "Comment");
        var unknown = await ReviewAsync(owner, Id(draft), "Reject", "No.");
        var tooLong = await ReviewAsync(owner, Id(draft), "Comment", new string('a', 2001));

        Assert.Equal(["comment"], await ErrorFieldsAsync(empty));
        Assert.Equal(["verdict"], await ErrorFieldsAsync(unknown));
        Assert.Equal(["comment"], await ErrorFieldsAsync(tooLong));
        Assert.Equal(0, (await GetDraftAsync(owner, Id(draft))).GetProperty("reviews").GetArrayLength());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
