using System.Net;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Helpers for a network's vision as its locations hold it.</summary>
internal static class LocationVisionApi
{
    /// <summary>Version 1 of the network vision: two pillars (one with a sub-pillar), a standard and a never item, with chosen ids.</summary>
    public static readonly IReadOnlyList<object> Version1 =
    [
        new { id = "p-personal", kind = "Pillar", text = "Personal touch", order = 0 },
        new { id = "sp-name", kind = "SubPillar", parentId = "p-personal", text = "Use the guest's name", order = 0 },
        new { id = "p-speed", kind = "Pillar", text = "Speed", order = 1 },
        new { id = "s-phone", kind = "Standard", text = "Answer the phone within three rings", order = 2 },
        new { id = "n-job", kind = "Never", text = "Say that's not my job", order = 3 },
    ];

    /// <summary>Version 2: the personal pillar reworded, the speed pillar and the never item gone, an always item added.</summary>
    public static readonly IReadOnlyList<object> Version2 =
    [
        new { id = "p-personal", kind = "Pillar", text = "A personal touch for every guest", order = 0 },
        new { id = "sp-name", kind = "SubPillar", parentId = "p-personal", text = "Use the guest's name", order = 0 },
        new { id = "s-phone", kind = "Standard", text = "Answer the phone within three rings", order = 2 },
        new { id = "a-thanks", kind = "Always", text = "Thank the guest", order = 4 },
    ];

    public static string VisionPath(string locationId) => $"/api/v1/locations/{locationId}/vision";

    public static string ItemPath(string locationId, string itemId) => $"/api/v1/locations/{locationId}/vision/items/{itemId}";

    public static async Task<(JsonElement Body, string ETag)> ReadAsync(HttpClient client, string locationId)
    {
        var response = await client.GetAsync(new Uri(VisionPath(locationId), UriKind.Relative), MemberApi.Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return (await MemberApi.JsonAsync(response), response.Headers.ETag!.Tag);
    }

    /// <summary>Waits until the rollout consumer stored the offer of <paramref name="version"/> (a read alone may show it before).</summary>
    public static async Task<(JsonElement Body, string ETag)> WaitForOfferAsync(HttpClient client, string locationId, int version, long atLeastRevision)
    {
        (JsonElement Body, string ETag) last = default;
        await Eventually.HoldsAsync(
            async () =>
            {
                last = await ReadAsync(client, locationId);
                var adoption = last.Body.GetProperty("adoption");
                return adoption.GetProperty("offeredVersion").ValueKind == JsonValueKind.Number
                    && adoption.GetProperty("offeredVersion").GetInt32() == version
                    && last.Body.GetProperty("revision").GetInt64() >= atLeastRevision;
            },
            Eventually.Patience,
            $"version {version} is rolled out to location {locationId}");
        return last;
    }

    public static async Task<JsonElement> AddItemAsync(HttpClient client, string locationId, string kind, string? pillarId, string text)
    {
        var response = await MemberApi.SendAsync(client, HttpMethod.Post, VisionPath(locationId) + "/items", new { kind, pillarId, text });
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return await MemberApi.JsonAsync(response);
    }

    public static Task<HttpResponseMessage> AdoptAsync(HttpClient client, string locationId, int version, string? etag) =>
        MemberApi.SendAsync(client, HttpMethod.Post, VisionPath(locationId) + "/adoption", new { version }, etag);

    public static string[] Ids(JsonElement items) => [.. items.EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
}

/// <summary>
/// A franchise network's vision at its locations over HTTP: the core is offered to every location, a
/// location adopts it, adds local items but cannot change core ones, and a new version makes it pending again.
/// </summary>
public sealed class LocationVisionTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => MemberApi.Cancel;

    /// <summary>A network with one location, its manager, and version 1 rolled out to it.</summary>
    private async Task<(ApiSession Owner, string Location, ApiSession Manager, string ETag)> NetworkAsync(string? region = null)
    {
        var owner = await platform.SignUpAsync();
        var location = await LocationApi.CreateLocationAsync(owner.Client, "Harbour Street", region);
        var manager = await LocationApi.InviteAtAsync(platform, owner, "Leader", location, "Manny Manager");
        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", LocationVisionApi.Version1);
        var (_, etag) = await LocationVisionApi.WaitForOfferAsync(owner.Client, location, 1, atLeastRevision: 1);
        return (owner, location, manager, etag);
    }

    [Fact]
    public async Task A_location_adopts_the_network_vision_keeps_its_local_items_through_version_2_and_re_adopts_after_seeing_the_changes()
    {
        var (owner, location, manager, etag) = await NetworkAsync();

        var (pending, _) = await LocationVisionApi.ReadAsync(manager.Client, location);
        Assert.Equal("Pending", pending.GetProperty("adoption").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("adoption").GetProperty("adoptedVersion").ValueKind);
        Assert.Equal("Every guest leaves smiling, every time.", pending.GetProperty("statement").GetString());
        Assert.Equal(["p-personal", "sp-name", "p-speed", "s-phone", "n-job"], LocationVisionApi.Ids(pending.GetProperty("coreItems")));
        Assert.All(pending.GetProperty("coreItems").EnumerateArray(), i => Assert.True(i.GetProperty("core").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("changesSinceAdopted").ValueKind);

        var example = await LocationVisionApi.AddItemAsync(manager.Client, location, "PillarExample", "p-personal", "  Offer the harbour paper with the coffee  ");
        var speedy = await LocationVisionApi.AddItemAsync(manager.Client, location, "standard", "p-speed", "Coffee served within two minutes");
        var never = await LocationVisionApi.AddItemAsync(manager.Client, location, "Never", null, "Let the ferry queue wait unannounced");
        Assert.Equal("Offer the harbour paper with the coffee", example.GetProperty("text").GetString());
        Assert.False(example.GetProperty("core").GetBoolean());
        Assert.StartsWith("lci_", example.GetProperty("id").GetString(), StringComparison.Ordinal);

        var (beforeAdoption, current) = await LocationVisionApi.ReadAsync(manager.Client, location);
        Assert.Equal(3, beforeAdoption.GetProperty("adoption").GetProperty("localItems").GetInt32());
        Assert.NotEqual(etag, current);
        var adopted = await LocationVisionApi.AdoptAsync(manager.Client, location, 1, current);
        await ApiSessions.EnsureAsync(adopted, HttpStatusCode.OK);
        var adoption = await MemberApi.JsonAsync(adopted);
        Assert.Equal("Adopted", adoption.GetProperty("state").GetString());
        Assert.Equal(1, adoption.GetProperty("adoptedVersion").GetInt32());
        Assert.Equal(manager.MemberId, adoption.GetProperty("adoptedBy").GetString());
        Assert.Equal(adopted.Headers.ETag!.Tag, $"\"{adoption.GetProperty("revision").GetInt64()}\"");

        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", LocationVisionApi.Version2);
        var (v2, v2Etag) = await LocationVisionApi.WaitForOfferAsync(manager.Client, location, 2, atLeastRevision: 0);

        Assert.Equal("Pending", v2.GetProperty("adoption").GetProperty("state").GetString());
        Assert.Equal(1, v2.GetProperty("adoption").GetProperty("adoptedVersion").GetInt32());
        Assert.Equal(["p-personal", "sp-name", "s-phone", "a-thanks"], LocationVisionApi.Ids(v2.GetProperty("coreItems")));
        var changes = v2.GetProperty("changesSinceAdopted");
        Assert.Equal((1, 2), (changes.GetProperty("adoptedVersion").GetInt32(), changes.GetProperty("offeredVersion").GetInt32()));
        Assert.Equal(["a-thanks"], LocationVisionApi.Ids(changes.GetProperty("added")));
        Assert.Equal(["p-personal"], LocationVisionApi.Ids(changes.GetProperty("changed")));
        Assert.Equal(["text"], changes.GetProperty("changed")[0].GetProperty("fields").EnumerateArray().Select(f => f.GetString()!));
        Assert.Equal(["p-speed", "n-job"], LocationVisionApi.Ids(changes.GetProperty("removed")));
        var locals = v2.GetProperty("localItems");
        Assert.Equal([example.GetProperty("id").GetString()!, speedy.GetProperty("id").GetString()!, never.GetProperty("id").GetString()!], LocationVisionApi.Ids(locals));
        Assert.Equal([false, true, false], locals.EnumerateArray().Select(i => i.GetProperty("orphaned").GetBoolean()));

        var old = await LocationVisionApi.AdoptAsync(manager.Client, location, 1, v2Etag);
        Assert.Equal(HttpStatusCode.Conflict, old.StatusCode);
        Assert.Equal(["version"], await MemberApi.ErrorFieldsAsync(old));

        var readopted = await LocationVisionApi.AdoptAsync(manager.Client, location, 2, v2Etag);
        await ApiSessions.EnsureAsync(readopted, HttpStatusCode.OK);
        var (after, afterEtag) = await LocationVisionApi.ReadAsync(manager.Client, location);
        Assert.Equal("Adopted", after.GetProperty("adoption").GetProperty("state").GetString());
        Assert.Equal(2, after.GetProperty("adoption").GetProperty("adoptedVersion").GetInt32());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("changesSinceAdopted").ValueKind);
        Assert.Equal(3, after.GetProperty("localItems").GetArrayLength());
        Assert.True(after.GetProperty("localItems")[1].GetProperty("orphaned").GetBoolean());

        // Adopting the adopted version again changes nothing, even with an older ETag.
        var again = await LocationVisionApi.AdoptAsync(manager.Client, location, 2, v2Etag);
        await ApiSessions.EnsureAsync(again, HttpStatusCode.OK);
        Assert.Equal(afterEtag, again.Headers.ETag!.Tag);
        Assert.Equal(afterEtag, (await LocationVisionApi.ReadAsync(owner.Client, location)).ETag);
    }

    [Fact]
    public async Task An_orphaned_local_item_is_kept_and_can_be_moved_to_a_pillar_of_the_current_version()
    {
        var (owner, location, manager, _) = await NetworkAsync();
        var item = await LocationVisionApi.AddItemAsync(manager.Client, location, "PillarExample", "p-speed", "Coffee in two minutes");
        var id = item.GetProperty("id").GetString()!;
        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", LocationVisionApi.Version2);
        var (v2, etag) = await LocationVisionApi.WaitForOfferAsync(manager.Client, location, 2, atLeastRevision: 0);
        Assert.True(v2.GetProperty("localItems")[0].GetProperty("orphaned").GetBoolean());

        var keepOrphan = await MemberApi.SendAsync(manager.Client, HttpMethod.Put, LocationVisionApi.ItemPath(location, id), new { kind = "PillarExample", pillarId = "p-speed", text = "Coffee in two minutes" }, etag);
        var moved = await MemberApi.SendAsync(manager.Client, HttpMethod.Put, LocationVisionApi.ItemPath(location, id), new { kind = "PillarExample", pillarId = "sp-name", text = "Coffee in two minutes, by name" }, etag);

        Assert.Equal(HttpStatusCode.BadRequest, keepOrphan.StatusCode);
        Assert.Equal(["pillarId"], await MemberApi.ErrorFieldsAsync(keepOrphan));
        await ApiSessions.EnsureAsync(moved, HttpStatusCode.OK);
        var read = await MemberApi.GetJsonAsync(manager.Client, LocationVisionApi.ItemPath(location, id));
        Assert.Equal(("sp-name", "Coffee in two minutes, by name", false), (read.GetProperty("pillarId").GetString(), read.GetProperty("text").GetString(), read.GetProperty("orphaned").GetBoolean()));
    }

    [Fact]
    public async Task Editing_or_deleting_a_core_item_through_a_location_is_a_409_that_says_why_and_changes_nothing()
    {
        var (owner, location, manager, _) = await NetworkAsync();
        var (before, etag) = await LocationVisionApi.ReadAsync(manager.Client, location);

        var edit = await MemberApi.SendAsync(manager.Client, HttpMethod.Put, LocationVisionApi.ItemPath(location, "s-phone"), new { kind = "Standard", pillarId = "p-personal", text = "Answer within ten rings" }, etag);
        var delete = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, LocationVisionApi.ItemPath(location, "p-personal"), ifMatch: etag);

        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Contains("belongs to the network's vision; a location can add local items but not change core ones", (await MemberApi.JsonAsync(edit)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        var (after, afterEtag) = await LocationVisionApi.ReadAsync(manager.Client, location);
        Assert.Equal(etag, afterEtag);
        Assert.Equal(before.GetRawText(), after.GetRawText());
        var network = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/vision");
        Assert.Equal("Answer the phone within three rings", network.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "s-phone").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_manager_acts_only_for_their_own_location_and_gets_403_on_another()
    {
        var (owner, location, manager, _) = await NetworkAsync();
        var other = await LocationApi.CreateLocationAsync(owner.Client, "Airport");
        var (before, etag) = await LocationVisionApi.WaitForOfferAsync(owner.Client, other, 1, atLeastRevision: 0);

        var read = await manager.Client.GetAsync(new Uri(LocationVisionApi.VisionPath(other), UriKind.Relative), Cancel);
        var adopt = await LocationVisionApi.AdoptAsync(manager.Client, other, 1, etag);
        var add = await MemberApi.SendAsync(manager.Client, HttpMethod.Post, LocationVisionApi.VisionPath(other) + "/items", new { kind = "Never", text = "Run out of ice" });
        var own = await manager.Client.GetAsync(new Uri(LocationVisionApi.VisionPath(location), UriKind.Relative), Cancel);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK], [read.StatusCode, adopt.StatusCode, add.StatusCode, own.StatusCode]);
        var (after, afterEtag) = await LocationVisionApi.ReadAsync(owner.Client, other);
        Assert.Equal(etag, afterEtag);
        Assert.Equal(before.GetProperty("localItems").GetRawText(), after.GetProperty("localItems").GetRawText());
        Assert.Equal("Pending", after.GetProperty("adoption").GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_employee_reads_their_location_vision_but_cannot_adopt_or_add_and_cannot_read_another_location()
    {
        var (owner, location, _, etag) = await NetworkAsync();
        var employee = await LocationApi.InviteAtAsync(platform, owner, "Employee", location);
        var other = await LocationApi.CreateLocationAsync(owner.Client, "Airport");

        var read = await employee.Client.GetAsync(new Uri(LocationVisionApi.VisionPath(location), UriKind.Relative), Cancel);
        var adopt = await LocationVisionApi.AdoptAsync(employee.Client, location, 1, etag);
        var add = await MemberApi.SendAsync(employee.Client, HttpMethod.Post, LocationVisionApi.VisionPath(location) + "/items", new { kind = "Never", text = "Run out of ice" });
        var elsewhere = await employee.Client.GetAsync(new Uri(LocationVisionApi.VisionPath(other), UriKind.Relative), Cancel);

        await ApiSessions.EnsureAsync(read, HttpStatusCode.OK);
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [adopt.StatusCode, add.StatusCode, elsewhere.StatusCode]);
        var (after, afterEtag) = await LocationVisionApi.ReadAsync(owner.Client, location);
        Assert.Equal(etag, afterEtag);
        Assert.Equal("Pending", after.GetProperty("adoption").GetProperty("state").GetString());
        Assert.Equal(0, after.GetProperty("localItems").GetArrayLength());
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_a_missing_one_428_and_neither_changes_anything()
    {
        var (_, location, manager, etag) = await NetworkAsync();
        var item = await LocationVisionApi.AddItemAsync(manager.Client, location, "Always", null, "Wave goodbye");
        var id = item.GetProperty("id").GetString()!;
        var (before, current) = await LocationVisionApi.ReadAsync(manager.Client, location);

        var staleAdopt = await LocationVisionApi.AdoptAsync(manager.Client, location, 1, etag);
        var missingAdopt = await LocationVisionApi.AdoptAsync(manager.Client, location, 1, null);
        var stalePut = await MemberApi.SendAsync(manager.Client, HttpMethod.Put, LocationVisionApi.ItemPath(location, id), new { kind = "Always", text = "Wave" }, etag);
        var missingPut = await MemberApi.SendAsync(manager.Client, HttpMethod.Put, LocationVisionApi.ItemPath(location, id), new { kind = "Always", text = "Wave" });
        var staleDelete = await MemberApi.SendAsync(manager.Client, HttpMethod.Delete, LocationVisionApi.ItemPath(location, id), ifMatch: etag);
        var missingDelete = await MemberApi.SendAsync(manager.Client, HttpMethod.Delete, LocationVisionApi.ItemPath(location, id));

        Assert.Equal(
            [HttpStatusCode.PreconditionFailed, (HttpStatusCode)428, HttpStatusCode.PreconditionFailed, (HttpStatusCode)428, HttpStatusCode.PreconditionFailed, (HttpStatusCode)428],
            [staleAdopt.StatusCode, missingAdopt.StatusCode, stalePut.StatusCode, missingPut.StatusCode, staleDelete.StatusCode, missingDelete.StatusCode]);
        var (after, afterEtag) = await LocationVisionApi.ReadAsync(manager.Client, location);
        Assert.Equal(current, afterEtag);
        Assert.Equal(before.GetRawText(), after.GetRawText());

        var changed = await MemberApi.SendAsync(manager.Client, HttpMethod.Put, LocationVisionApi.ItemPath(location, id), new { kind = "Always", text = "Wave goodbye from the door" }, current);
        await ApiSessions.EnsureAsync(changed, HttpStatusCode.OK);
        var removed = await MemberApi.SendAsync(manager.Client, HttpMethod.Delete, LocationVisionApi.ItemPath(location, id), ifMatch: changed.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(0, (await LocationVisionApi.ReadAsync(manager.Client, location)).Body.GetProperty("localItems").GetArrayLength());
    }

    [Theory]
    [InlineData("{}", new[] { "kind", "text" })]
    [InlineData("{\"kind\":\"Pillar\",\"text\":\"A local pillar\"}", new[] { "kind" })]
    [InlineData("{\"kind\":\"Standard\",\"text\":\"No pillar\"}", new[] { "pillarId" })]
    [InlineData("{\"kind\":\"Standard\",\"pillarId\":\"p-unknown\",\"text\":\"Unknown pillar\"}", new[] { "pillarId" })]
    [InlineData("{\"kind\":\"PillarExample\",\"pillarId\":\"s-phone\",\"text\":\"A standard is no pillar\"}", new[] { "pillarId" })]
    [InlineData("{\"kind\":\"Never\",\"pillarId\":\"p-personal\",\"text\":\"Never items have no pillar\"}", new[] { "pillarId" })]
    [InlineData("{\"kind\":\"Never\",\"text\":\"TEXT501\"}", new[] { "text" })]
    [InlineData("{\"kind\":\"Never\",\"text\":\"Line\\nbreak\"}", new[] { "text" })]
    public async Task An_invalid_local_item_is_a_400_naming_the_fields_and_adds_nothing(string body, string[] fields)
    {
        var (_, location, manager, etag) = await NetworkAsync();
        var json = body.Replace("TEXT501", new string('t', 501), StringComparison.Ordinal);

        var response = await manager.Client.PostAsync(new Uri(LocationVisionApi.VisionPath(location) + "/items", UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(fields, await MemberApi.ErrorFieldsAsync(response));
        var (after, afterEtag) = await LocationVisionApi.ReadAsync(manager.Client, location);
        Assert.Equal(etag, afterEtag);
        Assert.Equal(0, after.GetProperty("localItems").GetArrayLength());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"version\":0}")]
    [InlineData("{\"version\":null}")]
    public async Task An_adoption_without_a_valid_version_is_a_400_naming_version(string body)
    {
        var (_, location, manager, etag) = await NetworkAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, LocationVisionApi.VisionPath(location) + "/adoption") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", etag);

        var response = await manager.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["version"], await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal("Pending", (await LocationVisionApi.ReadAsync(manager.Client, location)).Body.GetProperty("adoption").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_version_that_is_not_the_latest_offered_is_a_409_naming_version()
    {
        var (_, location, manager, etag) = await NetworkAsync();

        var response = await LocationVisionApi.AdoptAsync(manager.Client, location, 2, etag);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["version"], await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(etag, (await LocationVisionApi.ReadAsync(manager.Client, location)).ETag);
    }

    [Fact]
    public async Task Before_the_network_publishes_a_location_is_not_offered_anything_and_has_nothing_to_adopt()
    {
        var owner = await platform.SignUpAsync();
        var location = await LocationApi.CreateLocationAsync(owner.Client, "Harbour Street");

        var (vision, etag) = await LocationVisionApi.ReadAsync(owner.Client, location);
        var adopt = await LocationVisionApi.AdoptAsync(owner.Client, location, 1, etag);
        var example = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, LocationVisionApi.VisionPath(location) + "/items", new { kind = "PillarExample", pillarId = "p-personal", text = "Paper" });

        Assert.Equal("NotOffered", vision.GetProperty("adoption").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, vision.GetProperty("statement").ValueKind);
        Assert.Equal(0, vision.GetProperty("coreItems").GetArrayLength());
        Assert.Equal("\"0\"", etag);
        Assert.Equal(HttpStatusCode.Conflict, adopt.StatusCode);
        Assert.Equal(["version"], await MemberApi.ErrorFieldsAsync(adopt));
        Assert.Equal(HttpStatusCode.BadRequest, example.StatusCode);
        Assert.Equal(["pillarId"], await MemberApi.ErrorFieldsAsync(example));
    }

    [Fact]
    public async Task A_location_created_after_the_network_published_starts_pending_on_the_current_version_and_can_adopt_it()
    {
        var (owner, first, _, _) = await NetworkAsync();
        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every time.", LocationVisionApi.Version2);

        // Once version 2 reached the first location, its rollout listed the locations before the next one exists.
        await LocationVisionApi.WaitForOfferAsync(owner.Client, first, 2, atLeastRevision: 0);

        var late = await LocationApi.CreateLocationAsync(owner.Client, "New Pier");
        var (vision, etag) = await LocationVisionApi.ReadAsync(owner.Client, late);
        var adopted = await LocationVisionApi.AdoptAsync(owner.Client, late, 2, etag);

        Assert.Equal("Pending", vision.GetProperty("adoption").GetProperty("state").GetString());
        Assert.Equal(2, vision.GetProperty("adoption").GetProperty("offeredVersion").GetInt32());
        Assert.Equal(["p-personal", "sp-name", "s-phone", "a-thanks"], LocationVisionApi.Ids(vision.GetProperty("coreItems")));
        await ApiSessions.EnsureAsync(adopted, HttpStatusCode.OK);
        Assert.Equal("Adopted", (await MemberApi.JsonAsync(adopted)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Unknown_locations_and_items_are_404()
    {
        var (_, location, manager, etag) = await NetworkAsync();

        var vision = await manager.Client.GetAsync(new Uri(LocationVisionApi.VisionPath("loc_unknown"), UriKind.Relative), Cancel);
        var adopt = await LocationVisionApi.AdoptAsync(manager.Client, "loc_unknown", 1, etag);
        var add = await MemberApi.SendAsync(manager.Client, HttpMethod.Post, LocationVisionApi.VisionPath("loc_unknown") + "/items", new { kind = "Never", text = "Run out of ice" });
        var get = await manager.Client.GetAsync(new Uri(LocationVisionApi.ItemPath(location, "lci_unknown"), UriKind.Relative), Cancel);
        var put = await MemberApi.SendAsync(manager.Client, HttpMethod.Put, LocationVisionApi.ItemPath(location, "lci_unknown"), new { kind = "Never", text = "Run out of ice" }, etag);
        var delete = await MemberApi.SendAsync(manager.Client, HttpMethod.Delete, LocationVisionApi.ItemPath(location, "lci_unknown"), ifMatch: etag);

        Assert.All([vision, adopt, add, get, put, delete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
    }

    [Fact]
    public async Task Creating_a_local_item_again_with_the_same_idempotency_key_replays_it_and_adds_nothing()
    {
        var (_, location, manager, _) = await NetworkAsync();
        var body = new { kind = "PillarExample", pillarId = "p-personal", text = "Offer the harbour paper" };

        var first = await MemberApi.SendAsync(manager.Client, HttpMethod.Post, LocationVisionApi.VisionPath(location) + "/items", body, idempotencyKey: "local-item-1");
        var retry = await MemberApi.SendAsync(manager.Client, HttpMethod.Post, LocationVisionApi.VisionPath(location) + "/items", body, idempotencyKey: "local-item-1");

        await ApiSessions.EnsureAsync(first, HttpStatusCode.Created);
        await ApiSessions.EnsureAsync(retry, HttpStatusCode.Created);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await MemberApi.JsonAsync(first)).GetProperty("id").GetString(), (await MemberApi.JsonAsync(retry)).GetProperty("id").GetString());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(1, (await LocationVisionApi.ReadAsync(manager.Client, location)).Body.GetProperty("localItems").GetArrayLength());
    }

    [Fact]
    public async Task A_location_holds_at_most_fifty_local_items()
    {
        var (_, location, manager, _) = await NetworkAsync();
        for (var i = 0; i < 50; i++)
        {
            await LocationVisionApi.AddItemAsync(manager.Client, location, "Always", null, $"Local habit {i}");
        }

        var one = await MemberApi.SendAsync(manager.Client, HttpMethod.Post, LocationVisionApi.VisionPath(location) + "/items", new { kind = "Always", text = "One too many" });

        Assert.Equal(HttpStatusCode.Conflict, one.StatusCode);
        Assert.Equal(50, (await LocationVisionApi.ReadAsync(manager.Client, location)).Body.GetProperty("localItems").GetArrayLength());
    }

    [Fact]
    public async Task Network_leaders_list_every_location_with_its_adoption_by_state_and_region_and_a_manager_only_their_own()
    {
        var (owner, harbour, manager, etag) = await NetworkAsync(region: "North");
        var airport = await LocationApi.CreateLocationAsync(owner.Client, "Airport", "South");
        var pier = await LocationApi.CreateLocationAsync(owner.Client, "Pier", "North");
        var employee = await LocationApi.InviteAtAsync(platform, owner, "Employee", harbour);
        await ApiSessions.EnsureAsync(await LocationVisionApi.AdoptAsync(manager.Client, harbour, 1, etag), HttpStatusCode.OK);

        static (string?, string?)[] Rows(JsonElement page) =>
            [.. page.GetProperty("items").EnumerateArray().Select(r => (r.GetProperty("name").GetString(), r.GetProperty("adoption").GetProperty("state").GetString()))];

        var all = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/network/adoption");
        var pending = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/network/adoption?state=pending");
        var northPending = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/network/adoption?state=Pending&region=north&pageSize=1");
        var managers = await MemberApi.GetJsonAsync(manager.Client, "/api/v1/network/adoption");
        var badState = await owner.Client.GetAsync(new Uri("/api/v1/network/adoption?state=1", UriKind.Relative), Cancel);
        var byEmployee = await employee.Client.GetAsync(new Uri("/api/v1/network/adoption", UriKind.Relative), Cancel);

        Assert.Equal([("Airport", "Pending"), ("Harbour Street", "Adopted"), ("Pier", "Pending")], Rows(all));
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal([("Airport", "Pending"), ("Pier", "Pending")], Rows(pending));
        Assert.Equal([("Pier", "Pending")], Rows(northPending));
        Assert.Equal(1, northPending.GetProperty("total").GetInt32());
        Assert.Equal([("Harbour Street", "Adopted")], Rows(managers));
        Assert.Equal(manager.MemberId, managers.GetProperty("items")[0].GetProperty("adoption").GetProperty("adoptedBy").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Equal(["state"], await MemberApi.ErrorFieldsAsync(badState));
        Assert.Equal(HttpStatusCode.Forbidden, byEmployee.StatusCode);
        Assert.Contains(airport, all.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(pier, all.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adoptions_and_local_item_changes_are_in_the_audit_log_with_who_made_them()
    {
        var (owner, location, manager, _) = await NetworkAsync();
        var item = await LocationVisionApi.AddItemAsync(manager.Client, location, "Never", null, "Let the ferry queue wait");
        var id = item.GetProperty("id").GetString()!;
        var (_, etag) = await LocationVisionApi.ReadAsync(manager.Client, location);
        var changed = await MemberApi.SendAsync(manager.Client, HttpMethod.Put, LocationVisionApi.ItemPath(location, id), new { kind = "Never", text = "Let the ferry queue wait unannounced" }, etag);
        await ApiSessions.EnsureAsync(changed, HttpStatusCode.OK);
        await ApiSessions.EnsureAsync(await LocationVisionApi.AdoptAsync(manager.Client, location, 1, changed.Headers.ETag!.Tag), HttpStatusCode.OK);
        var (_, last) = await LocationVisionApi.ReadAsync(manager.Client, location);
        await ApiSessions.EnsureAsync(await LocationVisionApi.AdoptAsync(manager.Client, location, 1, last), HttpStatusCode.OK);
        await ApiSessions.EnsureAsync(await MemberApi.SendAsync(manager.Client, HttpMethod.Delete, LocationVisionApi.ItemPath(location, id), ifMatch: last), HttpStatusCode.NoContent);

        var page = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/audit");
        var entries = page.GetProperty("items").EnumerateArray()
            .Select(e => (Kind: e.GetProperty("kind").GetString(), Actor: e.GetProperty("actorId").GetString(), Subject: e.GetProperty("subjectId").GetString()))
            .Where(e => e.Kind is "LocationVisionAdopted" or "LocalItemAdded" or "LocalItemChanged" or "LocalItemRemoved")
            .ToList();

        // Adopting the adopted version again records nothing.
        Assert.Equal(
            [("LocalItemRemoved", manager.MemberId, id), ("LocationVisionAdopted", manager.MemberId, location), ("LocalItemChanged", manager.MemberId, id), ("LocalItemAdded", manager.MemberId, id)],
            entries);
    }
}
