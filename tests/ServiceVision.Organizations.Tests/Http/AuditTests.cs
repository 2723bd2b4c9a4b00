using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>The audit log: who published the vision and changed roles, API keys and invitations.</summary>
public sealed class AuditTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> AuditAsync(ApiSession session, string query = "")
    {
        var response = await session.Client.GetAsync(new Uri("/api/v1/audit" + query, UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
    }

    private static List<(string Kind, string Actor, string Subject, string Summary)> Entries(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(e => (
            e.GetProperty("kind").GetString()!,
            e.GetProperty("actorId").GetString()!,
            e.GetProperty("subjectId").GetString()!,
            e.GetProperty("summary").GetString()!))];

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
    }

    [Fact]
    public async Task Role_key_and_invitation_changes_are_recorded_newest_first_with_who_made_them()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var memberEtag = (await owner.Client.GetAsync(new Uri($"/api/v1/members/{employee.MemberId}", UriKind.Relative), Cancel)).Headers.ETag!.Tag;
        await ApiSessions.EnsureAsync(await ApiSessions.SendAsync(owner.Client, HttpMethod.Put, $"/api/v1/members/{employee.MemberId}", new { role = "Leader" }, memberEtag), HttpStatusCode.OK);
        var key = await CreatedAsync(await owner.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "Payroll sync", role = "Employee" }, Cancel));
        await ApiSessions.EnsureAsync(await owner.Client.DeleteAsync(new Uri($"/api/v1/api-keys/{key.GetProperty("id").GetString()}", UriKind.Relative), Cancel), HttpStatusCode.NoContent);
        var invitation = await CreatedAsync(await owner.Client.PostAsJsonAsync("/api/v1/invitations", new { email = $"later-{Guid.NewGuid():N}@example.com", name = "Later", role = "Employee" }, Cancel));
        await ApiSessions.EnsureAsync(await owner.Client.DeleteAsync(new Uri($"/api/v1/invitations/{invitation.GetProperty("id").GetString()}", UriKind.Relative), Cancel), HttpStatusCode.NoContent);

        var page = await AuditAsync(owner);
        var entries = Entries(page);

        Assert.Equal(
            ["InvitationRevoked", "InvitationCreated", "ApiKeyRevoked", "ApiKeyCreated", "MemberChanged", "InvitationAccepted", "InvitationCreated"],
            entries.Select(e => e.Kind));
        Assert.Equal(7, page.GetProperty("total").GetInt32());
        Assert.Equal((owner.MemberId, employee.MemberId), (entries[4].Actor, entries[4].Subject));
        Assert.Contains("Leader", entries[4].Summary, StringComparison.Ordinal);
        Assert.Equal(employee.MemberId, entries[5].Actor);
        Assert.Equal(key.GetProperty("id").GetString(), entries[3].Subject);
        Assert.All(entries.Where(e => e.Kind != "InvitationAccepted"), e => Assert.Equal(owner.MemberId, e.Actor));
        Assert.DoesNotContain(entries, e => e.Summary.Contains(key.GetProperty("token").GetString()!, StringComparison.Ordinal) || e.Summary.Contains('@', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publishing_the_vision_is_recorded_and_the_log_filters_by_kind_and_pages()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, "Every guest leaves smiling, every single time.", [new { kind = "Pillar", text = "Personal touch", order = 0 }]);
        await CreatedAsync(await owner.Client.PostAsJsonAsync("/api/v1/invitations", new { email = $"a-{Guid.NewGuid():N}@example.com", name = "A", role = "Employee" }, Cancel));
        await CreatedAsync(await owner.Client.PostAsJsonAsync("/api/v1/invitations", new { email = $"b-{Guid.NewGuid():N}@example.com", name = "B", role = "Leader" }, Cancel));

        var published = Entries(await AuditAsync(owner, "?kind=VisionPublished"));
        var invitations = await AuditAsync(owner, "?kind=InvitationCreated&pageSize=1&page=2");

        var entry = Assert.Single(published);
        Assert.Equal(owner.MemberId, entry.Actor);
        Assert.Contains("version 1", entry.Summary, StringComparison.Ordinal);
        Assert.Equal(2, invitations.GetProperty("total").GetInt32());
        Assert.Contains("Employee", Assert.Single(Entries(invitations)).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_owners_read_the_audit_log_and_an_unknown_kind_is_a_400_naming_kind()
    {
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");

        var forbidden = await leader.Client.GetAsync(new Uri("/api/v1/audit", UriKind.Relative), Cancel);
        var badKind = await owner.Client.GetAsync(new Uri("/api/v1/audit?kind=Everything", UriKind.Relative), Cancel);
        var badPage = await owner.Client.GetAsync(new Uri("/api/v1/audit?pageSize=1000", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.True((await badKind.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty("kind", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
    }

    [Fact]
    public async Task A_failed_change_records_nothing()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");

        var stale = await ApiSessions.SendAsync(owner.Client, HttpMethod.Put, $"/api/v1/members/{employee.MemberId}", new { role = "Leader" }, "\"999\"");
        var invalid = await owner.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "", role = "Owner" }, Cancel);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["InvitationAccepted", "InvitationCreated"], Entries(await AuditAsync(owner)).Select(e => e.Kind));
    }
}
