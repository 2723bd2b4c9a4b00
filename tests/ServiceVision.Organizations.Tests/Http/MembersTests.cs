using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Small HTTP helpers shared by the members, invitations, departments and API key tests.</summary>
internal static class MemberApi
{
    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null, string? ifMatch = null, string? idempotencyKey = null) =>
        ApiSessions.SendAsync(client, method, path, body, ifMatch, idempotencyKey);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return await JsonAsync(response);
    }

    /// <summary>The fields named in a problem's <c>errors</c>.</summary>
    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response) =>
        [.. (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    public static async Task<string> EtagOfAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return response.Headers.ETag!.Tag;
    }

    public static async Task<string> CreateDepartmentAsync(HttpClient client, string name)
    {
        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/departments", new { name });
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    public static async Task<HttpResponseMessage> ChangeMemberAsync(ApiSession owner, string memberId, string role, string? departmentId = null)
    {
        var etag = await EtagOfAsync(owner.Client, $"/api/v1/members/{memberId}");
        return await SendAsync(owner.Client, HttpMethod.Put, $"/api/v1/members/{memberId}", new { role, departmentId }, etag);
    }
}

public sealed class MembersTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => MemberApi.Cancel;

    [Fact]
    public async Task An_employee_lists_the_members_and_reads_one_with_its_etag_and_never_sees_password_data()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader", "Lee Leader");
        var employee = await platform.InviteMemberAsync(owner, "Employee", "Emma Employee");

        var list = await employee.Client.GetAsync(new Uri("/api/v1/members", UriKind.Relative), Cancel);
        var one = await employee.Client.GetAsync(new Uri($"/api/v1/members/{leader.MemberId}", UriKind.Relative), Cancel);

        await ApiSessions.EnsureAsync(list, HttpStatusCode.OK);
        var page = await MemberApi.JsonAsync(list);
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(["Emma Employee", "Lee Leader", "Olivia Owner"], page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        await ApiSessions.EnsureAsync(one, HttpStatusCode.OK);
        Assert.Equal("\"1\"", one.Headers.ETag!.Tag);
        var member = await MemberApi.JsonAsync(one);
        Assert.Equal("Leader", member.GetProperty("role").GetString());
        Assert.Equal(leader.Email, member.GetProperty("email").GetString());
        var raw = await list.Content.ReadAsStringAsync(Cancel) + await one.Content.ReadAsStringAsync(Cancel);
        Assert.DoesNotContain("password", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(leader.Password, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_are_filtered_by_department_and_role()
    {
        var owner = await platform.SignUpAsync();
        var kitchen = await MemberApi.CreateDepartmentAsync(owner.Client, "Kitchen");
        var cook = await platform.InviteMemberAsync(owner, "Employee", "Carla Cook", kitchen);
        await platform.InviteMemberAsync(owner, "Leader", "Chef Leader", kitchen);
        await platform.InviteMemberAsync(owner, "Employee", "Dana Desk");

        var inKitchen = await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/members?departmentId={kitchen}");
        var kitchenEmployees = await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/members?departmentId={kitchen}&role=employee");
        var leaders = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/members?role=Leader");

        Assert.Equal(2, inKitchen.GetProperty("total").GetInt32());
        Assert.Equal(cook.MemberId, Assert.Single(kitchenEmployees.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("Chef Leader", Assert.Single(leaders.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("role=Boss", "role")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task A_bad_list_query_is_a_400_naming_the_parameter(string query, string field)
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.GetAsync(new Uri($"/api/v1/members?{query}", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await MemberApi.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task The_member_list_pages_with_a_total()
    {
        var owner = await platform.SignUpAsync();
        for (var i = 0; i < 4; i++)
        {
            await platform.InviteMemberAsync(owner, "Employee", $"Member {i}");
        }

        var first = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/members?page=1&pageSize=2");
        var third = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/members?page=3&pageSize=2");

        Assert.Equal(5, first.GetProperty("total").GetInt32());
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(2, first.GetProperty("pageSize").GetInt32());
        Assert.Equal(["Olivia Owner"], third.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_leader_demoted_to_employee_is_refused_a_leader_route_on_the_next_request_and_promoted_again_gets_it_back()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        await ApiSessions.EnsureAsync(await MemberApi.SendAsync(leader.Client, HttpMethod.Post, "/api/v1/departments", new { name = "Before" }), HttpStatusCode.Created);

        var demoted = await MemberApi.ChangeMemberAsync(owner, leader.MemberId, "Employee");
        var refused = await MemberApi.SendAsync(leader.Client, HttpMethod.Post, "/api/v1/departments", new { name = "While employee" });
        await MemberApi.ChangeMemberAsync(owner, leader.MemberId, "Leader");
        var allowed = await MemberApi.SendAsync(leader.Client, HttpMethod.Post, "/api/v1/departments", new { name = "After" });

        await ApiSessions.EnsureAsync(demoted, HttpStatusCode.OK);
        Assert.Equal("\"2\"", demoted.Headers.ETag!.Tag);
        Assert.Equal("Employee", (await MemberApi.JsonAsync(demoted)).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal("Leader", (await MemberApi.GetJsonAsync(leader.Client, "/api/v1/me")).GetProperty("member").GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_owner_moves_a_member_into_a_department()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var sales = await MemberApi.CreateDepartmentAsync(owner.Client, "Sales");

        var moved = await MemberApi.ChangeMemberAsync(owner, employee.MemberId, "Employee", sales);

        await ApiSessions.EnsureAsync(moved, HttpStatusCode.OK);
        Assert.Equal(sales, (await MemberApi.GetJsonAsync(employee.Client, $"/api/v1/members/{employee.MemberId}")).GetProperty("departmentId").GetString());
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/departments/{sales}")).GetProperty("memberCount").GetInt32());
    }

    [Fact]
    public async Task A_removed_members_session_gets_401_on_the_next_request_and_their_address_is_free_to_be_invited_elsewhere()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var etag = await MemberApi.EtagOfAsync(owner.Client, $"/api/v1/members/{employee.MemberId}");

        var removed = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/members/{employee.MemberId}", ifMatch: etag);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await employee.Client.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"/api/v1/members/{employee.MemberId}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/members")).GetProperty("total").GetInt32());
        using var signIn = platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await signIn.PostAsJsonAsync("/api/v1/auth/sign-in", new { email = employee.Email, password = employee.Password }, Cancel)).StatusCode);

        // The address is free platform-wide again: another organization can take the person on.
        var elsewhere = await platform.SignUpAsync();
        var invitedAgain = await MemberApi.SendAsync(elsewhere.Client, HttpMethod.Post, "/api/v1/invitations", new { email = employee.Email, name = "Back Again", role = "Employee" });
        await ApiSessions.EnsureAsync(invitedAgain, HttpStatusCode.Created);
        var accepted = await signIn.PostAsJsonAsync("/api/v1/invitations/accept", new { token = (await MemberApi.JsonAsync(invitedAgain)).GetProperty("token").GetString(), password = "a brand new password" }, Cancel);
        await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
        Assert.Equal(elsewhere.OrganizationId, (await MemberApi.JsonAsync(accepted)).GetProperty("organizationId").GetString());
    }

    [Fact]
    public async Task The_last_owner_can_be_neither_removed_nor_demoted_and_nothing_changes()
    {
        var owner = await platform.SignUpAsync();
        var etag = await MemberApi.EtagOfAsync(owner.Client, $"/api/v1/members/{owner.MemberId}");

        var demote = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, $"/api/v1/members/{owner.MemberId}", new { role = "Leader" }, etag);
        var remove = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/members/{owner.MemberId}", ifMatch: etag);

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(["role"], await MemberApi.ErrorFieldsAsync(demote));
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        var me = await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/members/{owner.MemberId}");
        Assert.Equal("Owner", me.GetProperty("role").GetString());
        Assert.Equal(1, me.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task With_a_second_owner_the_first_may_step_down_and_then_the_second_is_the_last_one()
    {
        var first = await platform.SignUpAsync();
        var second = await platform.InviteMemberAsync(first, "Owner");

        var steppedDown = await MemberApi.ChangeMemberAsync(first, first.MemberId, "Leader");
        var demoteLast = await MemberApi.ChangeMemberAsync(second, second.MemberId, "Employee");

        Assert.Equal(HttpStatusCode.OK, steppedDown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, demoteLast.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MemberApi.SendAsync(first.Client, HttpMethod.Post, "/api/v1/api-keys", new { name = "No longer owner", role = "Employee" })).StatusCode);
    }

    [Theory]
    [InlineData("Employee")]
    [InlineData("Leader")]
    public async Task A_member_below_owner_gets_403_changing_or_removing_members(string role)
    {
        var owner = await platform.SignUpAsync();
        var member = await platform.InviteMemberAsync(owner, role);
        var etag = await MemberApi.EtagOfAsync(member.Client, $"/api/v1/members/{member.MemberId}");

        var promote = await MemberApi.SendAsync(member.Client, HttpMethod.Put, $"/api/v1/members/{member.MemberId}", new { role = "Owner" }, etag);
        var removeOwner = await MemberApi.SendAsync(member.Client, HttpMethod.Delete, $"/api/v1/members/{owner.MemberId}", ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, removeOwner.StatusCode);
        Assert.Equal(role, (await MemberApi.GetJsonAsync(member.Client, $"/api/v1/members/{member.MemberId}")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_stale_if_match_gets_412_and_a_missing_one_428_and_nothing_changes()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var path = $"/api/v1/members/{employee.MemberId}";
        var etag = await MemberApi.EtagOfAsync(owner.Client, path);
        await ApiSessions.EnsureAsync(await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { role = "Leader" }, etag), HttpStatusCode.OK);

        var staleChange = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { role = "Owner" }, etag);
        var staleRemove = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: etag);
        var noChangeHeader = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { role = "Owner" });
        var noRemoveHeader = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path);

        Assert.Equal(HttpStatusCode.PreconditionFailed, staleChange.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleRemove.StatusCode);
        Assert.Equal((HttpStatusCode)428, noChangeHeader.StatusCode);
        Assert.Equal((HttpStatusCode)428, noRemoveHeader.StatusCode);
        var member = await MemberApi.GetJsonAsync(owner.Client, path);
        Assert.Equal("Leader", member.GetProperty("role").GetString());
        Assert.Equal(2, member.GetProperty("revision").GetInt64());
    }

    [Theory]
    [InlineData("{\"role\":\"Boss\"}", "role")]
    [InlineData("{}", "role")]
    [InlineData("{\"role\":\"Leader\",\"departmentId\":\"dep_unknown\"}", "departmentId")]
    [InlineData("{\"role\":\"Leader\",\"departmentId\":\"\"}", "departmentId")]
    public async Task An_invalid_member_change_is_a_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var path = $"/api/v1/members/{employee.MemberId}";
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", await MemberApi.EtagOfAsync(owner.Client, path));

        var response = await owner.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await MemberApi.ErrorFieldsAsync(response));
        var member = await MemberApi.GetJsonAsync(owner.Client, path);
        Assert.Equal("Employee", member.GetProperty("role").GetString());
        Assert.Equal(1, member.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task An_unknown_member_or_one_of_another_organization_is_404()
    {
        var owner = await platform.SignUpAsync();
        var other = await platform.SignUpAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri("/api/v1/members/mem_unknown", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"/api/v1/members/{other.MemberId}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(owner.Client, HttpMethod.Put, $"/api/v1/members/{other.MemberId}", new { role = "Employee" }, "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/members/{other.MemberId}", ifMatch: "\"1\"")).StatusCode);
        Assert.Equal("Owner", (await MemberApi.GetJsonAsync(other.Client, "/api/v1/me")).GetProperty("member").GetProperty("role").GetString());
    }
}
