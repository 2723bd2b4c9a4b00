using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Helpers for locations and for members placed at them.</summary>
internal static class LocationApi
{
    public static async Task<string> CreateLocationAsync(HttpClient client, string name, string? region = null, string? code = null)
    {
        var response = await MemberApi.SendAsync(client, HttpMethod.Post, "/api/v1/locations", new { name, region, code });
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return (await MemberApi.JsonAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>The owner invites someone at <paramref name="locationId"/>; they accept and are signed in.</summary>
    public static async Task<ApiSession> InviteAtAsync(PlatformFactory platform, ApiSession owner, string role, string? locationId, string? name = null)
    {
        var email = $"loc-{Guid.NewGuid():N}@example.com";
        const string password = "member password 1234";
        var invited = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email, name = name ?? role + " Member", role, locationId });
        await ApiSessions.EnsureAsync(invited, HttpStatusCode.Created);
        var token = (await MemberApi.JsonAsync(invited)).GetProperty("token").GetString();

        var client = platform.CreateClient();
        var accepted = await client.PostAsJsonAsync("/api/v1/invitations/accept", new { token, password }, MemberApi.Cancel);
        await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
        var member = await MemberApi.JsonAsync(accepted);
        return new ApiSession(client, member.GetProperty("organizationId").GetString()!, member.GetProperty("memberId").GetString()!, email, password);
    }

    public static IEnumerable<string?> Names(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString());
}

public sealed class LocationsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => MemberApi.Cancel;

    [Fact]
    public async Task The_owner_creates_a_location_that_every_member_sees_with_its_member_count()
    {
        var owner = await platform.SignUpAsync();

        var created = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/locations", new { name = "  Harbour Street ", region = " North ", code = " 0042 " });
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var location = await MemberApi.JsonAsync(created);
        var id = location.GetProperty("id").GetString()!;
        var employee = await LocationApi.InviteAtAsync(platform, owner, "Employee", id);

        Assert.Equal($"/api/v1/locations/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal("Harbour Street", location.GetProperty("name").GetString());
        Assert.Equal("North", location.GetProperty("region").GetString());
        Assert.Equal("0042", location.GetProperty("code").GetString());
        var listed = Assert.Single((await MemberApi.GetJsonAsync(employee.Client, "/api/v1/locations")).GetProperty("items").EnumerateArray());
        Assert.Equal(1, listed.GetProperty("memberCount").GetInt32());
        var read = await employee.Client.GetAsync(new Uri($"/api/v1/locations/{id}", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(read, HttpStatusCode.OK);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal(1, (await MemberApi.JsonAsync(read)).GetProperty("memberCount").GetInt32());
    }

    [Fact]
    public async Task Blank_region_and_code_are_stored_as_none()
    {
        var owner = await platform.SignUpAsync();

        var id = await LocationApi.CreateLocationAsync(owner.Client, "Airport", region: "  ", code: "");

        var location = await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/locations/{id}");
        Assert.Equal(JsonValueKind.Null, location.GetProperty("region").ValueKind);
        Assert.Equal(JsonValueKind.Null, location.GetProperty("code").ValueKind);
    }

    [Fact]
    public async Task A_taken_name_ignoring_case_is_a_409_on_name_and_creates_nothing()
    {
        var owner = await platform.SignUpAsync();
        await LocationApi.CreateLocationAsync(owner.Client, "Old Town");

        var response = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/locations", new { name = " OLD TOWN" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["name"], await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/locations")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\":\"  \"}", "name")]
    [InlineData("{\"name\":\"Tab\\there\"}", "name")]
    [InlineData("{\"name\":\"NAME101\"}", "name")]
    [InlineData("{\"name\":\"Ok\",\"region\":\"REGION101\"}", "region")]
    [InlineData("{\"name\":\"Ok\",\"region\":\"North\\nSouth\"}", "region")]
    [InlineData("{\"name\":\"Ok\",\"code\":\"CODE33\"}", "code")]
    [InlineData("{\"name\":\"Ok\",\"code\":\"A\\u0000\"}", "code")]
    public async Task An_invalid_location_is_a_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        var owner = await platform.SignUpAsync();
        var json = body
            .Replace("NAME101", new string('n', 101), StringComparison.Ordinal)
            .Replace("REGION101", new string('r', 101), StringComparison.Ordinal)
            .Replace("CODE33", new string('c', 33), StringComparison.Ordinal);

        var response = await owner.Client.PostAsync(new Uri("/api/v1/locations", UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(0, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/locations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_longest_name_region_and_code_are_accepted()
    {
        var owner = await platform.SignUpAsync();

        var response = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/locations", new { name = new string('n', 100), region = new string('r', 100), code = new string('c', 32) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_location_is_changed_with_the_current_etag_and_a_stale_or_missing_one_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var id = await LocationApi.CreateLocationAsync(owner.Client, "Station", "South", "S1");
        var path = $"/api/v1/locations/{id}";
        var etag = await MemberApi.EtagOfAsync(owner.Client, path);

        var changed = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "Central Station", region = "Centre" }, etag);
        var stale = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "Lost update" }, etag);
        var missing = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "No precondition" });
        var staleDelete = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: etag);
        var missingDelete = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path);

        await ApiSessions.EnsureAsync(changed, HttpStatusCode.OK);
        Assert.Equal("\"2\"", changed.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        Assert.Equal((HttpStatusCode)428, missingDelete.StatusCode);
        var location = await MemberApi.GetJsonAsync(owner.Client, path);
        Assert.Equal("Central Station", location.GetProperty("name").GetString());
        Assert.Equal("Centre", location.GetProperty("region").GetString());

        // PUT replaces: the code that was left out is gone.
        Assert.Equal(JsonValueKind.Null, location.GetProperty("code").ValueKind);
        Assert.Equal(2, location.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Renaming_to_another_locations_name_is_a_409_and_an_invalid_change_a_400_and_neither_changes_anything()
    {
        var owner = await platform.SignUpAsync();
        await LocationApi.CreateLocationAsync(owner.Client, "Mall");
        var id = await LocationApi.CreateLocationAsync(owner.Client, "Market", code: "M");
        var path = $"/api/v1/locations/{id}";

        var clash = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "mall" }, "\"1\"");
        var invalid = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "Market", code = new string('c', 33) }, "\"1\"");
        var recased = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "MARKET", code = "M" }, "\"1\"");

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(["name"], await MemberApi.ErrorFieldsAsync(clash));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["code"], await MemberApi.ErrorFieldsAsync(invalid));
        await ApiSessions.EnsureAsync(recased, HttpStatusCode.OK);
        Assert.Equal("\"2\"", recased.Headers.ETag!.Tag);
        Assert.Equal("MARKET", (await MemberApi.GetJsonAsync(owner.Client, path)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_change_that_changes_nothing_keeps_the_etag()
    {
        var owner = await platform.SignUpAsync();
        var id = await LocationApi.CreateLocationAsync(owner.Client, "Pier", "West", "P");

        var same = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, $"/api/v1/locations/{id}", new { name = " Pier", region = "West ", code = "P" }, "\"1\"");

        await ApiSessions.EnsureAsync(same, HttpStatusCode.OK);
        Assert.Equal("\"1\"", same.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_location_with_members_cannot_be_deleted_until_they_move()
    {
        var owner = await platform.SignUpAsync();
        var id = await LocationApi.CreateLocationAsync(owner.Client, "Lakeside");
        var path = $"/api/v1/locations/{id}";
        var employee = await LocationApi.InviteAtAsync(platform, owner, "Employee", id);

        var refused = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);

        await ApiSessions.EnsureAsync(await MemberApi.ChangeMemberAsync(owner, employee.MemberId, "Employee"), HttpStatusCode.OK);
        var deleted = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_location_named_by_a_pending_invitation_cannot_be_deleted_until_it_is_revoked()
    {
        var owner = await platform.SignUpAsync();
        var id = await LocationApi.CreateLocationAsync(owner.Client, "Riverside");
        var path = $"/api/v1/locations/{id}";
        var invited = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email = $"r-{Guid.NewGuid():N}@example.com", name = "Rui", role = "Employee", locationId = id });
        var invitationId = (await MemberApi.JsonAsync(invited)).GetProperty("id").GetString();

        var refused = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: "\"1\"");
        await ApiSessions.EnsureAsync(await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/invitations/{invitationId}"), HttpStatusCode.NoContent);
        var deleted = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Theory]
    [InlineData("Employee")]
    [InlineData("Leader")]
    public async Task A_member_below_owner_gets_403_creating_changing_or_deleting_locations(string role)
    {
        var owner = await platform.SignUpAsync();
        var member = await platform.InviteMemberAsync(owner, role);
        var id = await LocationApi.CreateLocationAsync(owner.Client, "Uptown");
        var path = $"/api/v1/locations/{id}";

        var create = await MemberApi.SendAsync(member.Client, HttpMethod.Post, "/api/v1/locations", new { name = "Mine" });
        var update = await MemberApi.SendAsync(member.Client, HttpMethod.Put, path, new { name = "Renamed" }, "\"1\"");
        var delete = await MemberApi.SendAsync(member.Client, HttpMethod.Delete, path, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        var list = await MemberApi.GetJsonAsync(member.Client, "/api/v1/locations");
        var only = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("Uptown", only.GetProperty("name").GetString());
        Assert.Equal(1, only.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task An_unknown_location_or_one_of_another_organization_is_404_and_theirs_stays_as_it_was()
    {
        var owner = await platform.SignUpAsync();
        var other = await platform.SignUpAsync();
        var theirs = await LocationApi.CreateLocationAsync(other.Client, "Theirs");

        foreach (var id in new[] { "loc_unknown", theirs })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"/api/v1/locations/{id}", UriKind.Relative), Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(owner.Client, HttpMethod.Put, $"/api/v1/locations/{id}", new { name = "Mine now" }, "\"1\"")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/locations/{id}", ifMatch: "\"1\"")).StatusCode);
        }

        var kept = await MemberApi.GetJsonAsync(other.Client, $"/api/v1/locations/{theirs}");
        Assert.Equal("Theirs", kept.GetProperty("name").GetString());
        Assert.Equal(1, kept.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_creates_one_location()
    {
        var owner = await platform.SignUpAsync();
        var key = Guid.NewGuid().ToString();

        var first = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/locations", new { name = "Dockside" }, idempotencyKey: key);
        var retry = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/locations", new { name = "Dockside" }, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await retry.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/locations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Locations_are_listed_by_name_in_pages_and_filtered_by_region_ignoring_case()
    {
        var owner = await platform.SignUpAsync();
        await LocationApi.CreateLocationAsync(owner.Client, "Charlie", "North");
        await LocationApi.CreateLocationAsync(owner.Client, "alpha", "north");
        await LocationApi.CreateLocationAsync(owner.Client, "Bravo", "South");
        await LocationApi.CreateLocationAsync(owner.Client, "Delta");

        var first = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/locations?pageSize=2");
        var second = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/locations?pageSize=2&page=2");
        var north = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/locations?region=NORTH");
        var nowhere = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/locations?region=West");
        var tooLong = await owner.Client.GetAsync(new Uri("/api/v1/locations?region=" + new string('r', 101), UriKind.Relative), Cancel);

        Assert.Equal(4, first.GetProperty("total").GetInt32());
        Assert.Equal(["alpha", "Bravo"], LocationApi.Names(first));
        Assert.Equal(["Charlie", "Delta"], LocationApi.Names(second));
        Assert.Equal(["alpha", "Charlie"], LocationApi.Names(north));
        Assert.Equal(0, nowhere.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(["region"], await MemberApi.ErrorFieldsAsync(tooLong));
    }
}

/// <summary>Members and invitations at locations.</summary>
public sealed class MembersAtLocationsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => MemberApi.Cancel;

    [Fact]
    public async Task An_invitee_invited_at_a_location_becomes_a_member_there()
    {
        var owner = await platform.SignUpAsync();
        var harbour = await LocationApi.CreateLocationAsync(owner.Client, "Harbour");

        var invited = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email = $"i-{Guid.NewGuid():N}@example.com", name = "Ines", role = "Employee", locationId = harbour });
        await ApiSessions.EnsureAsync(invited, HttpStatusCode.Created);
        var member = await LocationApi.InviteAtAsync(platform, owner, "Leader", harbour);

        Assert.Equal(harbour, (await MemberApi.JsonAsync(invited)).GetProperty("locationId").GetString());
        var pending = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/invitations");
        Assert.Equal(harbour, Assert.Single(pending.GetProperty("items").EnumerateArray()).GetProperty("locationId").GetString());
        Assert.Equal(harbour, (await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/members/{member.MemberId}")).GetProperty("locationId").GetString());
    }

    [Theory]
    [InlineData("loc_missing")]
    [InlineData("")]
    public async Task An_invitation_naming_an_unknown_location_is_a_400_on_locationId_and_sends_nothing(string locationId)
    {
        var owner = await platform.SignUpAsync();

        var response = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email = $"x-{Guid.NewGuid():N}@example.com", name = "Xavi", role = "Employee", locationId });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["locationId"], await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(0, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/invitations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_invitation_naming_another_organizations_location_is_a_400_on_locationId()
    {
        var owner = await platform.SignUpAsync();
        var other = await platform.SignUpAsync();
        var theirs = await LocationApi.CreateLocationAsync(other.Client, "Theirs");

        var response = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email = $"x-{Guid.NewGuid():N}@example.com", name = "Xavi", role = "Employee", locationId = theirs });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["locationId"], await MemberApi.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task The_owner_moves_a_member_to_a_location_and_back_to_none()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var airport = await LocationApi.CreateLocationAsync(owner.Client, "Airport");
        var path = $"/api/v1/members/{employee.MemberId}";

        var moved = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { role = "Employee", locationId = airport }, "\"1\"");
        await ApiSessions.EnsureAsync(moved, HttpStatusCode.OK);
        Assert.Equal("\"2\"", moved.Headers.ETag!.Tag);
        Assert.Equal(airport, (await MemberApi.GetJsonAsync(owner.Client, path)).GetProperty("locationId").GetString());
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/locations/{airport}")).GetProperty("memberCount").GetInt32());

        var back = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { role = "Employee" }, "\"2\"");
        await ApiSessions.EnsureAsync(back, HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, (await MemberApi.GetJsonAsync(owner.Client, path)).GetProperty("locationId").ValueKind);
        Assert.Equal(0, (await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/locations/{airport}")).GetProperty("memberCount").GetInt32());
    }

    [Theory]
    [InlineData("loc_unknown")]
    [InlineData(" ")]
    public async Task Moving_a_member_to_an_unknown_location_is_a_400_on_locationId_and_changes_nothing(string locationId)
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var path = $"/api/v1/members/{employee.MemberId}";

        var response = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { role = "Leader", locationId }, "\"1\"");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["locationId"], await MemberApi.ErrorFieldsAsync(response));
        var member = await MemberApi.GetJsonAsync(owner.Client, path);
        Assert.Equal("Employee", member.GetProperty("role").GetString());
        Assert.Equal(1, member.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Members_are_filtered_by_location_alone_or_with_role()
    {
        var owner = await platform.SignUpAsync();
        var north = await LocationApi.CreateLocationAsync(owner.Client, "North");
        var south = await LocationApi.CreateLocationAsync(owner.Client, "South");
        await LocationApi.InviteAtAsync(platform, owner, "Employee", north, "Ana North");
        await LocationApi.InviteAtAsync(platform, owner, "Leader", north, "Ben North");
        await LocationApi.InviteAtAsync(platform, owner, "Employee", south, "Cai South");

        var atNorth = await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/members?locationId={north}");
        var leadersAtNorth = await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/members?locationId={north}&role=Leader");
        var atSouth = await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/members?locationId={south}");
        var unknown = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/members?locationId=loc_unknown");
        var everyone = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/members");
        var bad = await owner.Client.GetAsync(new Uri("/api/v1/members?locationId=" + new string('l', 101), UriKind.Relative), Cancel);

        Assert.Equal(["Ana North", "Ben North"], LocationApi.Names(atNorth));
        Assert.Equal(["Ben North"], LocationApi.Names(leadersAtNorth));
        Assert.Equal(["Cai South"], LocationApi.Names(atSouth));
        Assert.Equal(0, unknown.GetProperty("total").GetInt32());
        Assert.Equal(4, everyone.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["locationId"], await MemberApi.ErrorFieldsAsync(bad));
    }
}

/// <summary>Rollouts to locations: the audience is the members working there.</summary>
public sealed class RolloutsToLocationsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_rollout_to_one_location_assigns_exactly_its_members()
    {
        await using var listener = await AssignTrainingListener.StartAsync(platform.BrokerUri);
        var owner = await platform.SignUpAsync();
        await RolloutHttp.PublishVisionAsync(platform, owner);
        var north = await LocationApi.CreateLocationAsync(owner.Client, "North");
        var south = await LocationApi.CreateLocationAsync(owner.Client, "South");
        var ana = await LocationApi.InviteAtAsync(platform, owner, "Employee", north, "Ana");
        var ben = await LocationApi.InviteAtAsync(platform, owner, "Leader", north, "Ben");
        await LocationApi.InviteAtAsync(platform, owner, "Employee", south, "Cai");
        await platform.InviteMemberAsync(owner, "Employee", "Dee Nowhere");

        var rollout = await RolloutHttp.StartAsync(owner, RolloutHttp.To("Locations", north));

        var expected = new[] { ana.MemberId, ben.MemberId }.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal("Locations", rollout.GetProperty("audience").GetProperty("kind").GetString());
        Assert.Equal([north], rollout.GetProperty("audience").GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(2, RolloutHttp.Count(rollout, "members"));
        var listed = (await RolloutHttp.MembersAsync(owner, RolloutHttp.Id(rollout))).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("memberId").GetString()!);
        Assert.Equal(expected, listed.Order(StringComparer.Ordinal));
        var commands = await listener.WaitForAsync(RolloutHttp.Id(rollout), members: 2);
        Assert.Equal(expected, commands.SelectMany(c => c.MemberIds).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Unknown_locations_are_named_by_position_an_empty_one_is_an_audience_of_nobody_and_nothing_is_started()
    {
        var owner = await platform.SignUpAsync();
        await RolloutHttp.PublishVisionAsync(platform, owner);
        var empty = await LocationApi.CreateLocationAsync(owner.Client, "Empty");
        var other = await platform.SignUpAsync();
        var theirs = await LocationApi.CreateLocationAsync(other.Client, "Theirs");

        var unknown = await RolloutHttp.PostAsync(owner, RolloutHttp.To("Locations", empty, "loc_nope", theirs));
        var nobody = await RolloutHttp.PostAsync(owner, RolloutHttp.To("Locations", empty));
        var none = await RolloutHttp.PostAsync(owner, RolloutHttp.To("Locations"));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["audience.ids[1]", "audience.ids[2]"], await RolloutHttp.ErrorFieldsAsync(unknown));
        Assert.Equal(["audience"], await RolloutHttp.ErrorFieldsAsync(nobody));
        Assert.Equal(["audience.ids"], await RolloutHttp.ErrorFieldsAsync(none));
        Assert.Equal(0, (await RolloutHttp.GetAsync(owner, RolloutHttp.Rollouts)).GetProperty("total").GetInt32());
    }
}
