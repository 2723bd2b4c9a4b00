using System.Net;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.PlanHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Leadership huddles: proposed topics, huddles held, repetitions per team toward a habit.</summary>
public sealed class HuddlesTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Huddles = "/api/v1/huddles";

    private async Task<(ApiSession Owner, ApiSession Leader, ApiSession Employee, string FrontDesk, JsonElement Version)> OrganizationAsync()
    {
        var owner = await platform.SignUpAsync();
        var frontDesk = await CreateDepartmentAsync(owner, "Front desk");
        var leader = await InviteAsync(platform, owner, "Leader", "Lee", frontDesk);
        var employee = await InviteAsync(platform, owner, "Employee", "Ana", frontDesk);
        var version = await platform.PublishVisionAsync(owner, Statement,
        [
            new { kind = "Pillar", text = "Personal touch", order = 0 },
            new { kind = "Pillar", text = "Above and beyond", order = 1 },
            new { kind = "Standard", text = "Greet every guest by name", order = 2 },
        ]);
        return (owner, leader, employee, frontDesk, version);
    }

    private static string ItemId(JsonElement version, string text) =>
        version.GetProperty("items").EnumerateArray().First(i => i.GetProperty("text").GetString() == text).GetProperty("id").GetString()!;

    private static object Held(string departmentId, IEnumerable<string> attendees, JsonElement topic, DateTimeOffset? heldAt = null) => new
    {
        team = new { kind = "Department", id = departmentId },
        attendeeIds = attendees,
        topic = new { kind = topic.GetProperty("kind").GetString(), refId = topic.GetProperty("refId").GetString(), text = topic.GetProperty("text").GetString() },
        heldAt,
    };

    [Fact]
    public async Task Each_huddle_held_moves_the_proposed_topic_through_pillars_standards_and_recent_recognitions()
    {
        var (_, leader, employee, frontDesk, version) = await OrganizationAsync();
        await PublishRecognitionAsync(platform, employee, "rcg_huddle", ItemId(version, "Personal touch"), frontDesk);
        await Eventually.HoldsAsync(
            async () => (await GetAsync(leader, "/api/v1/plan")).GetProperty("steps")[7].GetProperty("evidence").GetProperty("recognitions").GetInt32() == 1,
            TimeSpan.FromSeconds(20),
            "the recognition arrives");
        string[] attendees = [leader.MemberId, employee.MemberId];

        var proposed = new List<(string? Kind, string? RefId)>();
        for (var i = 0; i < 4; i++)
        {
            var next = await GetAsync(leader, $"{Huddles}/next-topic?departmentId={frontDesk}");
            Assert.Equal(i, next.GetProperty("huddlesHeld").GetInt32());
            var topic = next.GetProperty("topic");
            proposed.Add((topic.GetProperty("kind").GetString(), topic.GetProperty("refId").GetString()));
            var held = await PostAsync(leader, Huddles, Held(frontDesk, attendees, topic));
            Assert.Equal(i + 1, held.GetProperty("repetitions").GetInt32());
        }

        Assert.Equal(
            [("Pillar", ItemId(version, "Personal touch")), ("Standard", ItemId(version, "Greet every guest by name")), ("Recognition", "rcg_huddle"), ("Pillar", ItemId(version, "Above and beyond"))],
            proposed);
        var recognitionTopic = (await GetAsync(leader, $"{Huddles}?departmentId={frontDesk}")).GetProperty("items").EnumerateArray()
            .Single(h => h.GetProperty("topic").GetProperty("kind").GetString() == "Recognition");
        Assert.Contains("Ana was recognized", recognitionTopic.GetProperty("topic").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_show_their_repetitions_weeks_and_progress_toward_the_habit_of_66()
    {
        var (_, leader, employee, frontDesk, version) = await OrganizationAsync();
        var pillar = ItemId(version, "Personal touch");
        await PostAsync(leader, Huddles, Huddle(frontDesk, [employee.MemberId], pillar, DateTimeOffset.UtcNow.AddDays(-14)));
        await PostAsync(leader, Huddles, Huddle(frontDesk, [employee.MemberId], pillar, DateTimeOffset.UtcNow.AddDays(-7)));
        var latest = await PostAsync(leader, Huddles, Huddle(frontDesk, [employee.MemberId, leader.MemberId], pillar));

        var team = Assert.Single((await GetAsync(leader, $"{Huddles}/teams")).GetProperty("items").EnumerateArray());
        Assert.Equal(frontDesk, team.GetProperty("team").GetProperty("id").GetString());
        Assert.Equal(3, team.GetProperty("repetitions").GetInt32());
        Assert.Equal(3, team.GetProperty("weeks").GetInt32());
        Assert.Equal(66, team.GetProperty("habit").GetProperty("target").GetInt32());
        Assert.Equal(4.5m, team.GetProperty("habit").GetProperty("percent").GetDecimal());
        var read = await GetAsync(leader, $"{Huddles}/{Id(latest)}");
        Assert.Equal(3, read.GetProperty("repetitions").GetInt32());
        Assert.Equal(leader.MemberId, read.GetProperty("leaderId").GetString());
        Assert.Equal(2, read.GetProperty("attendeeIds").GetArrayLength());
        Assert.Equal(Id(latest), (await GetAsync(leader, Huddles)).GetProperty("items")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_invalid_huddle_names_every_field_and_records_nothing()
    {
        var (_, leader, employee, frontDesk, version) = await OrganizationAsync();
        var pillar = ItemId(version, "Personal touch");

        var missing = await SendAsync(leader, HttpMethod.Post, Huddles, new { });
        var unknownTeam = await SendAsync(leader, HttpMethod.Post, Huddles, Huddle("dep_unknown", [employee.MemberId], pillar));
        var strangers = await SendAsync(leader, HttpMethod.Post, Huddles, new
        {
            team = new { kind = "Department", id = frontDesk },
            attendeeIds = new List<string> { employee.MemberId, "mem_stranger" },
            topic = new { kind = "Standard", refId = pillar, text = "Not a standard" },
        });
        var future = await SendAsync(leader, HttpMethod.Post, Huddles, Huddle(frontDesk, [employee.MemberId], pillar, DateTimeOffset.UtcNow.AddDays(1)));

        Assert.Equal(["attendeeIds", "team", "topic"], (await ErrorFieldsAsync(missing)).Order());
        Assert.Equal(["team.id"], await ErrorFieldsAsync(unknownTeam));
        Assert.Equal(["attendeeIds[1]", "topic.refId"], (await ErrorFieldsAsync(strangers)).Order());
        Assert.Equal(["heldAt"], await ErrorFieldsAsync(future));
        Assert.Equal(0, (await GetAsync(leader, Huddles)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Huddles_are_for_leaders_unknown_ones_are_not_found_and_topics_need_a_team()
    {
        var (_, leader, employee, frontDesk, version) = await OrganizationAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(employee, HttpMethod.Post, Huddles, Huddle(frontDesk, [employee.MemberId], ItemId(version, "Personal touch")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Client.GetAsync(new Uri($"{Huddles}/next-topic?departmentId={frontDesk}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.Client.GetAsync(new Uri($"{Huddles}/hud_unknown", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(["departmentId"], await ErrorFieldsAsync(await leader.Client.GetAsync(new Uri($"{Huddles}/next-topic", UriKind.Relative), Cancel)));
        Assert.Equal(["departmentId"], await ErrorFieldsAsync(await leader.Client.GetAsync(new Uri($"{Huddles}/next-topic?departmentId=dep_unknown", UriKind.Relative), Cancel)));
        Assert.Equal(0, (await GetAsync(leader, Huddles)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task No_topic_is_proposed_before_a_vision_is_published()
    {
        var owner = await platform.SignUpAsync();
        var frontDesk = await CreateDepartmentAsync(owner, "Front desk");

        var response = await owner.Client.GetAsync(new Uri($"{Huddles}/next-topic?departmentId={frontDesk}", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task A_retried_huddle_with_the_same_idempotency_key_is_recorded_once()
    {
        var (_, leader, employee, frontDesk, version) = await OrganizationAsync();
        var body = Huddle(frontDesk, [employee.MemberId], ItemId(version, "Personal touch"), DateTimeOffset.UtcNow.AddMinutes(-5));

        var first = await SendAsync(leader, HttpMethod.Post, Huddles, body, idempotencyKey: "huddle-1");
        var retry = await SendAsync(leader, HttpMethod.Post, Huddles, body, idempotencyKey: "huddle-1");

        await ApiSessions.EnsureAsync(retry, HttpStatusCode.Created);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(Id(await JsonAsync(first)), Id(await JsonAsync(retry)));
        Assert.Equal(1, (await GetAsync(leader, Huddles)).GetProperty("total").GetInt32());
    }
}
