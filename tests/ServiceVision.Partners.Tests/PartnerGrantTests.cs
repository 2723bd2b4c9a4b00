using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Partners.Tests;

/// <summary>Grants over HTTP: owners only, revisioned, audited in the history.</summary>
public sealed class PartnerGrantTests(PlatformFactory platform) : IClassFixture<PlatformFactory>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.DeleteCreatedPartnersAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Path(string partnerId) => $"/api/v1/partner-grants/{partnerId}";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);

    [Fact]
    public async Task An_owner_grants_changes_and_revokes_and_the_history_says_who_and_when()
    {
        var partner = await platform.CreatePartnerAsync();
        var owner = await platform.SignUpAsync();

        var created = await ApiSessions.SendAsync(owner.Client, HttpMethod.Put, Path(partner.Id), new { events = new[] { "VisionPublished", "Recognitions" }, commands = new[] { "MemberLeft" } }, "\"0\"");
        await ApiSessions.EnsureAsync(created, HttpStatusCode.OK);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);

        var read = await owner.Client.GetAsync(new Uri(Path(partner.Id), UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(read, HttpStatusCode.OK);
        var grant = await JsonAsync(read);
        Assert.Equal(["VisionPublished", "Recognitions"], grant.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(owner.MemberId, grant.GetProperty("grantedBy").GetString());

        var changed = await ApiSessions.SendAsync(owner.Client, HttpMethod.Put, Path(partner.Id), new { events = Array.Empty<string>(), commands = new[] { "CourseCompleted" } }, read.Headers.ETag!.Tag);
        await ApiSessions.EnsureAsync(changed, HttpStatusCode.OK);
        Assert.Equal("\"2\"", changed.Headers.ETag!.Tag);

        var list = await JsonAsync(await owner.Client.GetAsync(new Uri("/api/v1/partner-grants", UriKind.Relative), Cancel));
        Assert.Equal(partner.Id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("partnerId").GetString());

        await ApiSessions.EnsureAsync(await ApiSessions.SendAsync(owner.Client, HttpMethod.Delete, Path(partner.Id), ifMatch: "\"2\""), HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri(Path(partner.Id), UriKind.Relative), Cancel)).StatusCode);

        var history = (await JsonAsync(await owner.Client.GetAsync(new Uri("/api/v1/partner-grants/history", UriKind.Relative), Cancel))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Revoked", "Changed", "Granted"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.All(history, h => Assert.Equal(owner.MemberId, h.GetProperty("actorId").GetString()));

        // The organization's audit log has them too, next to its other changes.
        var audit = (await JsonAsync(await owner.Client.GetAsync(new Uri("/api/v1/audit", UriKind.Relative), Cancel))).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("subjectId").GetString() == partner.Id)
            .Select(e => (Kind: e.GetProperty("kind").GetString(), Actor: e.GetProperty("actorId").GetString()))
            .ToList();
        Assert.Equal([("PartnerGrantRevoked", owner.MemberId), ("PartnerGrantCreated", owner.MemberId), ("PartnerGrantCreated", owner.MemberId)], audit);
    }

    [Fact]
    public async Task Grants_name_only_known_kinds_and_commands_and_every_field_at_fault_is_named()
    {
        var partner = await platform.CreatePartnerAsync();
        var owner = await platform.SignUpAsync();

        async Task<string[]> FieldsAsync(object body)
        {
            var response = await ApiSessions.SendAsync(owner.Client, HttpMethod.Put, Path(partner.Id), body, "\"0\"");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return [.. (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name)];
        }

        Assert.Equal(["events", "commands"], await FieldsAsync(new { }));
        Assert.Equal(["events[1]", "commands[0]"], await FieldsAsync(new { events = new[] { "VisionPublished", "Payroll" }, commands = new[] { "DeleteEverything" } }));
        Assert.Equal(["events[1]"], await FieldsAsync(new { events = new[] { "Recognitions", "Recognitions" }, commands = Array.Empty<string>() }));
        Assert.Equal(["events"], await FieldsAsync(new { events = Array.Empty<string>(), commands = Array.Empty<string>() }));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri(Path(partner.Id), UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_partner_is_404_and_an_edit_needs_the_current_etag()
    {
        var partner = await platform.CreatePartnerAsync();
        var owner = await platform.SignUpAsync();
        var body = new { events = new[] { "TrainingCompleted" }, commands = Array.Empty<string>() };

        Assert.Equal(HttpStatusCode.NotFound, (await ApiSessions.SendAsync(owner.Client, HttpMethod.Put, Path("ptn_" + Guid.NewGuid().ToString("N")), body, "\"0\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiSessions.SendAsync(owner.Client, HttpMethod.Delete, Path(partner.Id), ifMatch: "\"1\"")).StatusCode);
        Assert.Equal((HttpStatusCode)428, (await ApiSessions.SendAsync(owner.Client, HttpMethod.Put, Path(partner.Id), body)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await ApiSessions.SendAsync(owner.Client, HttpMethod.Put, Path(partner.Id), body, "\"3\"")).StatusCode);

        await PartnerHarness.GrantAsync(owner, partner.Id, ["TrainingCompleted"], []);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await ApiSessions.SendAsync(owner.Client, HttpMethod.Put, Path(partner.Id), new { events = Array.Empty<string>(), commands = new[] { "MemberLeft" } }, "\"0\"")).StatusCode);
        Assert.Equal((HttpStatusCode)428, (await ApiSessions.SendAsync(owner.Client, HttpMethod.Delete, Path(partner.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await ApiSessions.SendAsync(owner.Client, HttpMethod.Delete, Path(partner.Id), ifMatch: "\"7\"")).StatusCode);

        var unchanged = await JsonAsync(await owner.Client.GetAsync(new Uri(Path(partner.Id), UriKind.Relative), Cancel));
        Assert.Equal(["TrainingCompleted"], unchanged.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(unchanged.GetProperty("commands").EnumerateArray());
    }

    [Fact]
    public async Task Only_owners_grant_and_another_organization_never_sees_the_grant()
    {
        var partner = await platform.CreatePartnerAsync();
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        var body = new { events = new[] { "TrainingCompleted" }, commands = Array.Empty<string>() };

        Assert.Equal(HttpStatusCode.Forbidden, (await ApiSessions.SendAsync(leader.Client, HttpMethod.Put, Path(partner.Id), body, "\"0\"")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.Client.GetAsync(new Uri("/api/v1/partner-grants", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri(Path(partner.Id), UriKind.Relative), Cancel)).StatusCode);

        await PartnerHarness.GrantAsync(owner, partner.Id, ["TrainingCompleted"], []);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiSessions.SendAsync(leader.Client, HttpMethod.Delete, Path(partner.Id), ifMatch: "\"1\"")).StatusCode);

        var other = await platform.SignUpAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri(Path(partner.Id), UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiSessions.SendAsync(other.Client, HttpMethod.Delete, Path(partner.Id), ifMatch: "\"1\"")).StatusCode);
        var list = await JsonAsync(await other.Client.GetAsync(new Uri("/api/v1/partner-grants", UriKind.Relative), Cancel));
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync(new Uri(Path(partner.Id), UriKind.Relative), Cancel)).StatusCode);
    }
}
