using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains.Storage;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.PlanHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Announcement campaigns: announcing the published vision, acknowledgements, who has not, durable reminders.</summary>
public sealed class AnnouncementsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Announcements = "/api/v1/announcements";

    private async Task<(ApiSession Owner, string FrontDesk, string Kitchen, string Harbour, ApiSession Ana, ApiSession Ben, ApiSession Cleo)> OrganizationAsync()
    {
        var owner = await platform.SignUpAsync();
        var frontDesk = await CreateDepartmentAsync(owner, "Front desk");
        var kitchen = await CreateDepartmentAsync(owner, "Kitchen");
        var harbour = await CreateLocationAsync(owner, "Harbour Street");
        var ana = await InviteAsync(platform, owner, "Employee", "Ana", frontDesk, harbour);
        var ben = await InviteAsync(platform, owner, "Employee", "Ben", frontDesk);
        var cleo = await InviteAsync(platform, owner, "Employee", "Cleo", kitchen, harbour);
        await platform.PublishVisionAsync(owner, Statement, [new { kind = "Pillar", text = "Personal touch", order = 0 }]);
        return (owner, frontDesk, kitchen, harbour, ana, ben, cleo);
    }

    [Fact]
    public async Task A_leader_announces_the_vision_to_departments_and_only_their_members_see_and_acknowledge_it()
    {
        var (owner, frontDesk, _, _, ana, ben, cleo) = await OrganizationAsync();

        var response = await SendAsync(owner, HttpMethod.Post, Announcements, Announcement(audience: new { kind = "Departments", ids = new[] { frontDesk } }));

        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        var announcement = await JsonAsync(response);
        Assert.Equal($"{Announcements}/{Id(announcement)}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("ann_", Id(announcement), StringComparison.Ordinal);
        Assert.Equal(1, announcement.GetProperty("visionVersion").GetInt32());
        Assert.Equal(["Email", "Huddle"], announcement.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, announcement.GetProperty("members").GetInt32());
        Assert.Equal(1, (await GetAsync(ana, Announcements)).GetProperty("total").GetInt32());
        Assert.True((await GetAsync(ana, $"{Announcements}/{Id(announcement)}")).GetProperty("forMe").GetBoolean());
        Assert.Equal(0, (await GetAsync(cleo, Announcements)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await cleo.Client.GetAsync(new Uri($"{Announcements}/{Id(announcement)}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(cleo, HttpMethod.Post, $"{Announcements}/{Id(announcement)}/acknowledge", new { channel = "Email" })).StatusCode);

        var first = await AcknowledgeAsync(ana, Id(announcement));
        var again = await PostAsync(ana, $"{Announcements}/{Id(announcement)}/acknowledge", new { channel = "Huddle" }, HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("acknowledgedAt").GetDateTimeOffset(), again.GetProperty("acknowledgedAt").GetDateTimeOffset());
        Assert.Equal("Email", again.GetProperty("channel").GetString());
        var read = await GetAsync(owner, $"{Announcements}/{Id(announcement)}");
        Assert.Equal(1, read.GetProperty("acknowledged").GetInt32());
        Assert.Equal(50m, read.GetProperty("acknowledgedPercent").GetDecimal());
        Assert.Equal(ben.MemberId, Assert.Single((await GetAsync(owner, $"{Announcements}/{Id(announcement)}/pending")).GetProperty("items").EnumerateArray()).GetProperty("memberId").GetString());
    }

    [Fact]
    public async Task Leaders_see_acknowledgements_and_who_has_not_per_department_and_location()
    {
        var (owner, frontDesk, kitchen, harbour, ana, _, cleo) = await OrganizationAsync();
        var id = Id(await PostAsync(owner, Announcements, Announcement()));
        await AcknowledgeAsync(ana, id);

        var departments = (await GetAsync(owner, $"{Announcements}/{id}/groups?by=department")).GetProperty("items").EnumerateArray().ToList();
        var locations = (await GetAsync(owner, $"{Announcements}/{id}/groups?by=location")).GetProperty("items").EnumerateArray().ToList();
        var pendingAtHarbour = await GetAsync(owner, $"{Announcements}/{id}/pending?locationId={harbour}");
        var pendingInKitchen = await GetAsync(owner, $"{Announcements}/{id}/pending?departmentId={kitchen}&pageSize=1");

        Assert.Equal([frontDesk, kitchen, null], departments.Select(d => d.GetProperty("groupId").GetString()));
        Assert.Equal(["Front desk", "Kitchen"], departments.Take(2).Select(d => d.GetProperty("name").GetString()));
        Assert.Equal([2, 1, 1], departments.Select(d => d.GetProperty("members").GetInt32()));
        Assert.Equal([1, 0, 0], departments.Select(d => d.GetProperty("acknowledged").GetInt32()));
        Assert.Equal(50m, departments[0].GetProperty("acknowledgedPercent").GetDecimal());
        Assert.Equal([harbour, null], locations.Select(l => l.GetProperty("groupId").GetString()));
        Assert.Equal(cleo.MemberId, Assert.Single(pendingAtHarbour.GetProperty("items").EnumerateArray()).GetProperty("memberId").GetString());
        Assert.Equal(1, pendingInKitchen.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.GetAsync(new Uri($"{Announcements}/{id}/groups?by=planet", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_due_reminder_records_a_round_with_who_has_not_acknowledged_and_stops_after_the_last_round()
    {
        var (owner, _, _, _, ana, ben, cleo) = await OrganizationAsync();
        var id = Id(await PostAsync(owner, Announcements, Announcement(maxReminders: 1, remindEveryHours: 24)));
        await AcknowledgeAsync(ana, id);
        await AcknowledgeAsync(owner, id);
        var reminders = platform.Services.GetRequiredService<IReminderTable>();
        var key = owner.OrganizationId + "/announcements";
        var reminder = await reminders.ReadAsync("announcements", key, "remind/" + id, Cancel);
        Assert.NotNull(reminder);
        Assert.Equal(TimeSpan.FromHours(24), reminder.Period);
        Assert.Equal(0, (await GetAsync(owner, $"{Announcements}/{id}/reminders")).GetProperty("total").GetInt32());

        // Bring the durable reminder forward: the host's reminder service fires it as it would after 24 hours.
        await reminders.UpsertAsync(reminder with { DueAt = DateTimeOffset.UtcNow.AddSeconds(-1) }, Cancel);
        await Eventually.HoldsAsync(
            async () => (await GetAsync(owner, $"{Announcements}/{id}/reminders")).GetProperty("total").GetInt32() == 1,
            TimeSpan.FromSeconds(20),
            "the reminder fires and records a round");

        var round = Assert.Single((await GetAsync(owner, $"{Announcements}/{id}/reminders")).GetProperty("items").EnumerateArray());
        Assert.Equal(1, round.GetProperty("round").GetInt32());
        Assert.Equal(new[] { ben.MemberId, cleo.MemberId }.Order(), round.GetProperty("memberIds").EnumerateArray().Select(m => m.GetString()).Order());
        Assert.Equal(1, (await GetAsync(owner, $"{Announcements}/{id}/pending?pageSize=100")).GetProperty("items").EnumerateArray().First().GetProperty("timesReminded").GetInt32());
        await Eventually.HoldsAsync(
            async () => await reminders.ReadAsync("announcements", key, "remind/" + id, Cancel) is null,
            TimeSpan.FromSeconds(20),
            "the last round removes the reminder");
        Assert.Equal(1, (await GetAsync(owner, $"{Announcements}/{id}")).GetProperty("reminderRounds").GetInt32());
    }

    [Fact]
    public async Task An_invalid_announcement_names_every_field_at_fault_and_creates_nothing()
    {
        var (owner, _, _, _, _, _, _) = await OrganizationAsync();

        var missing = await SendAsync(owner, HttpMethod.Post, Announcements, new { });
        var tooLong = await SendAsync(owner, HttpMethod.Post, Announcements, new { title = "T", message = new string('m', 4_001), channels = new List<string> { "Email", "Pigeon" }, audience = new { kind = "Departments", ids = new List<string> { "dep_unknown" } }, maxReminders = 11 });
        var unknownDepartment = await SendAsync(owner, HttpMethod.Post, Announcements, Announcement(audience: new { kind = "Departments", ids = new List<string> { "dep_unknown" } }));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["audience", "channels", "message", "title"], (await ErrorFieldsAsync(missing)).Order());
        Assert.Equal(["channels[1]", "maxReminders", "message"], (await ErrorFieldsAsync(tooLong)).Order());
        Assert.Equal(["audience.ids[0]"], await ErrorFieldsAsync(unknownDepartment));
        Assert.Equal(0, (await GetAsync(owner, Announcements)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Nothing_can_be_announced_before_a_vision_is_published()
    {
        var owner = await platform.SignUpAsync();

        var response = await SendAsync(owner, HttpMethod.Post, Announcements, Announcement());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["visionVersion"], await ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task Employees_may_not_announce_nor_see_who_has_not_acknowledged()
    {
        var (owner, _, _, _, ana, _, _) = await OrganizationAsync();
        var id = Id(await PostAsync(owner, Announcements, Announcement()));

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(ana, HttpMethod.Post, Announcements, Announcement())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ana.Client.GetAsync(new Uri($"{Announcements}/{id}/pending", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ana.Client.GetAsync(new Uri($"{Announcements}/{id}/groups", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(1, (await GetAsync(owner, Announcements)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Unknown_announcements_are_not_found_and_acknowledging_needs_a_channel()
    {
        var (owner, _, _, _, ana, _, _) = await OrganizationAsync();
        var id = Id(await PostAsync(owner, Announcements, Announcement()));

        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"{Announcements}/ann_unknown", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"{Announcements}/ann_unknown/reminders", UriKind.Relative), Cancel)).StatusCode);
        var noChannel = await SendAsync(ana, HttpMethod.Post, $"{Announcements}/{id}/acknowledge", new { });
        Assert.Equal(["channel"], await ErrorFieldsAsync(noChannel));
        Assert.Equal(0, (await GetAsync(owner, $"{Announcements}/{id}")).GetProperty("acknowledged").GetInt32());
    }

    [Fact]
    public async Task A_retried_announcement_with_the_same_idempotency_key_is_created_once()
    {
        var (owner, _, _, _, _, _, _) = await OrganizationAsync();

        var first = await SendAsync(owner, HttpMethod.Post, Announcements, Announcement(), idempotencyKey: "announce-1");
        var retry = await SendAsync(owner, HttpMethod.Post, Announcements, Announcement(), idempotencyKey: "announce-1");

        await ApiSessions.EnsureAsync(retry, HttpStatusCode.Created);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(Id(await JsonAsync(first)), Id(await JsonAsync(retry)));
        Assert.Equal(1, (await GetAsync(owner, Announcements)).GetProperty("total").GetInt32());
    }
}
