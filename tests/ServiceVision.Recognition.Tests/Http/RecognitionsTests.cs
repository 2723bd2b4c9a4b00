using System.Net;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Recognition.Tests.RecognitionHttp;

namespace ServiceVision.Recognition.Tests.Http;

public sealed class RecognitionsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_recognition_given_by_a_peer_reads_back_with_its_story_tags_names_department_and_location()
    {
        var org = await platform.OrganizationAsync(employees: 2);
        var (giver, member) = (org.Employees[0], org.Employees[1]);

        var response = await PostAsync(giver, Recognitions, new
        {
            memberId = member.MemberId,
            story = "  Walked a lost guest to the right gate.  ",
            pillarIds = new[] { org.Pillar(Beyond), org.Pillar(Personal) },
            standardIds = new[] { org.Standard(Phone) },
            feedbackResponseId = "resp-42",
        });
        var created = await JsonAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        Assert.Equal($"/api/v1/recognitions/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", ETag(response));
        var read = await SendAsync(giver, HttpMethod.Get, $"{Recognitions}/{id}");
        var recognition = await JsonAsync(read);
        Assert.Equal("\"1\"", ETag(read));
        Assert.Equal(member.MemberId, recognition.GetProperty("memberId").GetString());
        Assert.Equal("Employee Number1", recognition.GetProperty("memberName").GetString());
        Assert.Equal(giver.MemberId, recognition.GetProperty("givenBy").GetString());
        Assert.Equal("Employee Number0", recognition.GetProperty("givenByName").GetString());
        Assert.Equal("Walked a lost guest to the right gate.", recognition.GetProperty("story").GetString());
        Assert.Equal([org.Pillar(Beyond), org.Pillar(Personal)], recognition.GetProperty("pillarIds").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal([org.Standard(Phone)], recognition.GetProperty("standardIds").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(org.DepartmentIds[0], recognition.GetProperty("departmentId").GetString());
        Assert.Equal(org.LocationIds[0], recognition.GetProperty("locationId").GetString());
        Assert.Equal("resp-42", recognition.GetProperty("feedbackResponseId").GetString());
        Assert.Equal([id], Ids(await GetJsonAsync(member, Recognitions)));
    }

    [Fact]
    public async Task Recognizing_yourself_is_refused_on_memberId_and_nothing_is_stored()
    {
        var org = await platform.OrganizationAsync(employees: 1);
        var me = org.Employees[0];

        var response = await PostAsync(me, Recognitions, new { memberId = me.MemberId, story = "I was great.", pillarIds = new[] { org.Pillar(Personal) } });

        Assert.Equal(["memberId"], await ErrorFieldsAsync(response));
        Assert.Equal(0, (await GetJsonAsync(me, Recognitions)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_member_of_another_organization_reads_exactly_like_an_unknown_member()
    {
        var org = await platform.OrganizationAsync(employees: 1);
        var other = await platform.OrganizationAsync(employees: 1, publish: false);

        var foreign = await JsonAsync(await PostAsync(org.Leader, Recognitions, new { memberId = other.Employees[0].MemberId, story = "Helped.", pillarIds = new[] { org.Pillar(Personal) } }), HttpStatusCode.BadRequest);
        var unknown = await JsonAsync(await PostAsync(org.Leader, Recognitions, new { memberId = "mem_" + new string('0', 32), story = "Helped.", pillarIds = new[] { org.Pillar(Personal) } }), HttpStatusCode.BadRequest);

        Assert.Equal(unknown.GetProperty("errors").GetRawText(), foreign.GetProperty("errors").GetRawText());
        Assert.Equal(["memberId"], foreign.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(0, (await GetJsonAsync(org.Leader, Recognitions)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Pillars_and_standards_that_are_not_in_the_published_vision_are_refused_naming_each()
    {
        var org = await platform.OrganizationAsync(employees: 1);

        var response = await PostAsync(org.Leader, Recognitions, new
        {
            memberId = org.Employees[0].MemberId,
            story = "Helped.",
            pillarIds = new[] { org.Pillar(Personal), "no-such-pillar", org.Standard(Phone) },
            standardIds = new[] { org.Pillar(Quality) },
        });

        Assert.Equal(["pillarIds[1]", "pillarIds[2]", "standardIds[0]"], await ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task A_missing_story_member_and_pillars_are_each_named_and_a_story_over_1000_characters_is_refused()
    {
        var org = await platform.OrganizationAsync(employees: 1);

        Assert.Equal(["memberId", "story", "pillarIds"], await ErrorFieldsAsync(await PostAsync(org.Leader, Recognitions, new { })));
        Assert.Equal(["story"], await ErrorFieldsAsync(await PostAsync(org.Leader, Recognitions, new { memberId = org.Employees[0].MemberId, story = new string('x', 1001), pillarIds = new[] { org.Pillar(Personal) } })));
    }

    [Fact]
    public async Task Without_a_published_vision_a_recognition_is_refused_with_409_on_pillarIds()
    {
        var org = await platform.OrganizationAsync(employees: 1, publish: false);

        var response = await PostAsync(org.Leader, Recognitions, new { memberId = org.Employees[0].MemberId, story = "Helped.", pillarIds = new List<string> { "p1" } });

        Assert.Equal(["pillarIds"], await ErrorFieldsAsync(response, HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task A_retried_recognition_with_the_same_idempotency_key_is_stored_once()
    {
        var org = await platform.OrganizationAsync(employees: 1);
        var body = new { memberId = org.Employees[0].MemberId, story = "Stayed late for a guest.", pillarIds = new[] { org.Pillar(Beyond) } };

        var first = await JsonAsync(await PostAsync(org.Leader, Recognitions, body, idempotencyKey: "give-1"), HttpStatusCode.Created);
        var again = await PostAsync(org.Leader, Recognitions, body, idempotencyKey: "give-1");

        Assert.Equal(first.GetProperty("id").GetString(), (await JsonAsync(again, HttpStatusCode.Created)).GetProperty("id").GetString());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, (await GetJsonAsync(org.Leader, Recognitions)).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetJsonAsync(org.Leader, $"{Recognitions}/statistics")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Unknown_recognition_ids_are_404_for_reading_reacting_commenting_and_hiding()
    {
        var org = await platform.OrganizationAsync(employees: 1);
        var unknown = $"{Recognitions}/rcg_202611_{new string('a', 32)}";

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(org.Leader, HttpMethod.Get, unknown)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(org.Leader, HttpMethod.Get, $"{Recognitions}/not-an-id")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(org.Leader, $"{unknown}/reactions", new { kind = "Heart" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(org.Leader, $"{unknown}/comments", new { text = "Nice" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(org.Leader, HttpMethod.Get, $"{unknown}/comments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(org.Leader, $"{unknown}/hide", new { reason = "x" }, ifMatch: "\"1\"")).StatusCode);
    }

    [Fact]
    public async Task A_reaction_toggles_one_per_member_and_kind_and_an_unknown_kind_is_refused()
    {
        var org = await platform.OrganizationAsync(employees: 2);
        var id = (await RecognizeAsync(org.Leader, org.Employees[0], "Helped.", [org.Pillar(Personal)])).GetProperty("id").GetString();

        var on = await JsonAsync(await PostAsync(org.Employees[1], $"{Recognitions}/{id}/reactions", new { kind = "heart" }));
        await JsonAsync(await PostAsync(org.Leader, $"{Recognitions}/{id}/reactions", new { kind = "Heart" }));
        await JsonAsync(await PostAsync(org.Leader, $"{Recognitions}/{id}/reactions", new { kind = "Applause" }));
        var off = await JsonAsync(await PostAsync(org.Leader, $"{Recognitions}/{id}/reactions", new { kind = "Applause" }));

        Assert.True(on.GetProperty("reacted").GetBoolean());
        Assert.Equal("Heart", on.GetProperty("kind").GetString());
        Assert.False(off.GetProperty("reacted").GetBoolean());
        Assert.Equal(["kind"], await ErrorFieldsAsync(await PostAsync(org.Leader, $"{Recognitions}/{id}/reactions", new { kind = "ThumbsDown" })));
        var seen = await GetJsonAsync(org.Employees[1], $"{Recognitions}/{id}");
        var reactions = seen.GetProperty("reactions").EnumerateArray().ToList();
        Assert.Single(reactions);
        Assert.Equal("Heart", reactions[0].GetProperty("kind").GetString());
        Assert.Equal(2, reactions[0].GetProperty("count").GetInt32());
        Assert.True(reactions[0].GetProperty("mine").GetBoolean());
    }

    [Fact]
    public async Task Comments_are_listed_oldest_first_in_pages_and_over_500_characters_are_refused()
    {
        var org = await platform.OrganizationAsync(employees: 1);
        var id = (await RecognizeAsync(org.Leader, org.Employees[0], "Helped.", [org.Pillar(Personal)])).GetProperty("id").GetString();

        for (var i = 0; i < 3; i++)
        {
            await JsonAsync(await PostAsync(org.Employees[0], $"{Recognitions}/{id}/comments", new { text = $"Thanks {i}" }), HttpStatusCode.Created);
        }

        Assert.Equal(["text"], await ErrorFieldsAsync(await PostAsync(org.Employees[0], $"{Recognitions}/{id}/comments", new { text = new string('x', 501) })));
        var page = await GetJsonAsync(org.Leader, $"{Recognitions}/{id}/comments?page=2&pageSize=2");
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(["Thanks 2"], page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        Assert.Equal("Employee Number0", page.GetProperty("items")[0].GetProperty("authorName").GetString());
        Assert.Equal(3, (await GetJsonAsync(org.Leader, $"{Recognitions}/{id}")).GetProperty("commentCount").GetInt32());
    }

    [Fact]
    public async Task A_leader_hides_a_recognition_with_a_reason_kept_for_audit_and_it_leaves_feeds_and_statistics()
    {
        var org = await platform.OrganizationAsync(employees: 2);
        var kept = (await RecognizeAsync(org.Leader, org.Employees[0], "Kept.", [org.Pillar(Personal)])).GetProperty("id").GetString();
        var hidden = (await RecognizeAsync(org.Leader, org.Employees[1], "Oops.", [org.Pillar(Beyond)])).GetProperty("id").GetString();
        var uri = $"{Recognitions}/{hidden}/hide";

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(org.Employees[0], uri, new { reason = "No" }, ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await PostAsync(org.Leader, uri, new { reason = "No" })).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PostAsync(org.Leader, uri, new { reason = "No" }, ifMatch: "\"7\"")).StatusCode);
        Assert.Equal(["reason"], await ErrorFieldsAsync(await PostAsync(org.Leader, uri, new { reason = " " }, ifMatch: "\"1\"")));
        Assert.Equal(2, (await GetJsonAsync(org.Leader, Recognitions)).GetProperty("total").GetInt32());

        var response = await PostAsync(org.Leader, uri, new { reason = "Shared a guest's private details." }, ifMatch: "\"1\"");
        await JsonAsync(response);

        Assert.Equal("\"2\"", ETag(response));
        Assert.Equal([kept!], Ids(await GetJsonAsync(org.Employees[0], Recognitions)));
        Assert.Equal(1, (await GetJsonAsync(org.Leader, $"{Recognitions}/departments/{org.DepartmentIds[0]}")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(org.Employees[0], HttpMethod.Get, $"{Recognitions}/{hidden}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(org.Employees[0], $"{Recognitions}/{hidden}/reactions", new { kind = "Heart" })).StatusCode);
        var audit = await GetJsonAsync(org.Leader, $"{Recognitions}/{hidden}");
        Assert.Equal("Shared a guest's private details.", audit.GetProperty("hidden").GetProperty("reason").GetString());
        Assert.Equal(org.Leader.MemberId, audit.GetProperty("hidden").GetProperty("hiddenBy").GetString());
        Assert.Equal([hidden!], Ids(await GetJsonAsync(org.Leader, $"{Recognitions}/hidden")));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(org.Employees[0], HttpMethod.Get, $"{Recognitions}/hidden")).StatusCode);
        var statistics = await GetJsonAsync(org.Leader, $"{Recognitions}/statistics");
        Assert.Equal(1, statistics.GetProperty("total").GetInt32());
        Assert.Equal([org.Pillar(Personal)], statistics.GetProperty("byPillar").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(org.Leader, uri, new { reason = "Again" }, ifMatch: "\"2\"")).StatusCode);
    }
}
