using System.Net;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

public sealed class DepartmentsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => MemberApi.Cancel;

    [Fact]
    public async Task A_leader_creates_a_department_that_everyone_sees_with_its_member_count()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");

        var created = await MemberApi.SendAsync(leader.Client, HttpMethod.Post, "/api/v1/departments", new { name = "  Guest relations ", description = "Everything after check-in" });
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var department = await MemberApi.JsonAsync(created);
        var id = department.GetProperty("id").GetString()!;
        var employee = await platform.InviteMemberAsync(owner, "Employee", departmentId: id);

        Assert.Equal($"/api/v1/departments/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal("Guest relations", department.GetProperty("name").GetString());
        var list = await MemberApi.GetJsonAsync(employee.Client, "/api/v1/departments");
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(1, listed.GetProperty("memberCount").GetInt32());
        Assert.Equal("Everything after check-in", listed.GetProperty("description").GetString());
        var read = await employee.Client.GetAsync(new Uri($"/api/v1/departments/{id}", UriKind.Relative), Cancel);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_taken_name_ignoring_case_is_a_409_on_name_and_creates_nothing()
    {
        var owner = await platform.SignUpAsync();
        await MemberApi.CreateDepartmentAsync(owner.Client, "Housekeeping");

        var response = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/departments", new { name = " HOUSEKEEPING" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["name"], await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/departments")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\":\"  \"}", "name")]
    [InlineData("{\"name\":\"Tab\\there\"}", "name")]
    [InlineData("{\"name\":\"Ok\",\"description\":\"LONG\"}", "description")]
    public async Task An_invalid_department_is_a_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        var owner = await platform.SignUpAsync();
        var content = new StringContent(body.Replace("LONG", new string('d', 2001), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

        var response = await owner.Client.PostAsync(new Uri("/api/v1/departments", UriKind.Relative), content, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(0, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/departments")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_name_of_101_characters_is_refused_and_one_of_100_accepted()
    {
        var owner = await platform.SignUpAsync();

        var tooLong = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/departments", new { name = new string('x', 101) });
        var longest = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/departments", new { name = new string('x', 100) });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }

    [Fact]
    public async Task A_department_is_renamed_with_the_current_etag_and_a_stale_or_missing_one_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        var id = await MemberApi.CreateDepartmentAsync(owner.Client, "Spa");
        var path = $"/api/v1/departments/{id}";
        var etag = await MemberApi.EtagOfAsync(owner.Client, path);

        var renamed = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "Spa and wellness", description = "Relax" }, etag);
        var stale = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "Lost update" }, etag);
        var missing = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "No precondition" });
        var staleDelete = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: etag);

        await ApiSessions.EnsureAsync(renamed, HttpStatusCode.OK);
        Assert.Equal("\"2\"", renamed.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        var department = await MemberApi.GetJsonAsync(owner.Client, path);
        Assert.Equal("Spa and wellness", department.GetProperty("name").GetString());
        Assert.Equal("Relax", department.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Renaming_to_another_departments_name_is_a_409_on_name_but_changing_the_case_of_its_own_is_fine()
    {
        var owner = await platform.SignUpAsync();
        await MemberApi.CreateDepartmentAsync(owner.Client, "Bar");
        var id = await MemberApi.CreateDepartmentAsync(owner.Client, "Restaurant");
        var path = $"/api/v1/departments/{id}";

        var clash = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "bar" }, await MemberApi.EtagOfAsync(owner.Client, path));
        var recased = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "RESTAURANT" }, await MemberApi.EtagOfAsync(owner.Client, path));
        var invalid = await MemberApi.SendAsync(owner.Client, HttpMethod.Put, path, new { name = "" }, await MemberApi.EtagOfAsync(owner.Client, path));

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(["name"], await MemberApi.ErrorFieldsAsync(clash));
        Assert.Equal(HttpStatusCode.OK, recased.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["name"], await MemberApi.ErrorFieldsAsync(invalid));
        Assert.Equal("RESTAURANT", (await MemberApi.GetJsonAsync(owner.Client, path)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_department_with_members_cannot_be_deleted_until_they_move()
    {
        var owner = await platform.SignUpAsync();
        var id = await MemberApi.CreateDepartmentAsync(owner.Client, "Reception");
        var path = $"/api/v1/departments/{id}";
        var employee = await platform.InviteMemberAsync(owner, "Employee", departmentId: id);

        var refused = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: await MemberApi.EtagOfAsync(owner.Client, path));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);

        await ApiSessions.EnsureAsync(await MemberApi.ChangeMemberAsync(owner, employee.MemberId, "Employee", departmentId: null), HttpStatusCode.OK);
        var deleted = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: await MemberApi.EtagOfAsync(owner.Client, path));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_department_named_by_a_pending_invitation_cannot_be_deleted_until_it_is_revoked()
    {
        var owner = await platform.SignUpAsync();
        var id = await MemberApi.CreateDepartmentAsync(owner.Client, "Concierge");
        var path = $"/api/v1/departments/{id}";
        var invited = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email = $"c-{Guid.NewGuid():N}@example.com", name = "Cora", role = "Employee", departmentId = id });
        var invitationId = (await MemberApi.JsonAsync(invited)).GetProperty("id").GetString();

        var refused = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: "\"1\"");
        await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/invitations/{invitationId}");
        var deleted = await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, path, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task An_employee_gets_403_creating_changing_or_deleting_departments()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var id = await MemberApi.CreateDepartmentAsync(owner.Client, "Laundry");
        var path = $"/api/v1/departments/{id}";

        var create = await MemberApi.SendAsync(employee.Client, HttpMethod.Post, "/api/v1/departments", new { name = "Mine" });
        var update = await MemberApi.SendAsync(employee.Client, HttpMethod.Put, path, new { name = "Renamed" }, "\"1\"");
        var delete = await MemberApi.SendAsync(employee.Client, HttpMethod.Delete, path, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        var list = await MemberApi.GetJsonAsync(employee.Client, "/api/v1/departments");
        Assert.Equal("Laundry", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_unknown_department_or_one_of_another_organization_is_404()
    {
        var owner = await platform.SignUpAsync();
        var other = await platform.SignUpAsync();
        var theirs = await MemberApi.CreateDepartmentAsync(other.Client, "Theirs");

        foreach (var id in new[] { "dep_unknown", theirs })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"/api/v1/departments/{id}", UriKind.Relative), Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(owner.Client, HttpMethod.Put, $"/api/v1/departments/{id}", new { name = "Mine now" }, "\"1\"")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await MemberApi.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/departments/{id}", ifMatch: "\"1\"")).StatusCode);
        }

        Assert.Equal("Theirs", (await MemberApi.GetJsonAsync(other.Client, $"/api/v1/departments/{theirs}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_creates_one_department()
    {
        var owner = await platform.SignUpAsync();
        var key = Guid.NewGuid().ToString();

        var first = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/departments", new { name = "Valet" }, idempotencyKey: key);
        var retry = await MemberApi.SendAsync(owner.Client, HttpMethod.Post, "/api/v1/departments", new { name = "Valet" }, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await retry.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(1, (await MemberApi.GetJsonAsync(owner.Client, "/api/v1/departments")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Departments_are_listed_by_name_in_pages()
    {
        var owner = await platform.SignUpAsync();
        foreach (var name in new[] { "Charlie", "alpha", "Bravo" })
        {
            await MemberApi.CreateDepartmentAsync(owner.Client, name);
        }

        var first = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/departments?pageSize=2");
        var second = await MemberApi.GetJsonAsync(owner.Client, "/api/v1/departments?pageSize=2&page=2");
        var zero = await owner.Client.GetAsync(new Uri("/api/v1/departments?pageSize=0", UriKind.Relative), Cancel);

        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(["alpha", "Bravo"], first.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(["Charlie"], second.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal(["pageSize"], await MemberApi.ErrorFieldsAsync(zero));
    }
}
