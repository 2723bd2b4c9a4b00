using System.Globalization;
using System.Net;
using ServiceVision.Testing;
using static ServiceVision.Web.Tests.PageSessions;

namespace ServiceVision.Web.Tests;

/// <summary>The plan's pages: announcements (communicate), huddles (leadership), alignment and empowerment.</summary>
public sealed class PlanPagesTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Statement = "We make every guest feel at home.";
    private static readonly string[] Email = ["Email"];

    // ---- announcements ----

    [Fact]
    public async Task A_leader_announces_the_vision_to_a_department_and_sees_who_has_not_read_it()
    {
        var owner = await platform.SignUpAsync();
        var kitchen = await owner.CreateDepartmentAsync("Kitchen");
        await platform.InviteMemberAsync(owner, "Employee", name: "Carl Cook", departmentId: kitchen);
        await platform.InviteMemberAsync(owner, "Employee", name: "Fiona Front");
        await platform.PublishVisionAsync(owner, Statement);

        var response = await owner.Client.SubmitAsync("/app/announcements", Fields(
            ("Title", "Our vision"), ("Message", "Read it, live it."), ("Channels", "Email"), ("Channels", "Poster"),
            ("AudienceKind", "Departments"), ("DepartmentIds", kitchen), ("RoleIds", "Owner"), ("RemindEveryHours", ""), ("MaxReminders", "")));

        var html = WebUtility.HtmlDecode(await response.HtmlAsync());
        Assert.Contains("\"Our vision\" is announced to 1 member(s).", html, StringComparison.Ordinal);
        Assert.Contains("<td>Kitchen</td><td>1</td><td>0</td>", html, StringComparison.Ordinal);
        Assert.Contains("Carl Cook (Kitchen, no location)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Fiona Front", html, StringComparison.Ordinal);
        var announcements = await owner.GetJsonAsync("/api/v1/announcements");
        var announcement = announcements.GetProperty("items")[0];
        Assert.Equal("Departments", announcement.GetProperty("audience").GetProperty("kind").GetString());
        Assert.Equal(["Email", "Poster"], announcement.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task A_member_sees_the_latest_announcement_and_acknowledges_it_with_one_button()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee", name: "Emil Employee");
        await platform.PublishVisionAsync(owner, Statement);
        var announcement = await owner.PostJsonAsync("/api/v1/announcements", new { title = "Our vision", message = "Read it.", channels = Email, audience = new { kind = "Everyone" } });
        var id = announcement.GetProperty("id").GetString()!;

        var before = await employee.Client.GetHtmlAsync("/app/announcements");
        Assert.Contains("I have read it", before, StringComparison.Ordinal);
        Assert.DoesNotContain("Announce the vision", before, StringComparison.Ordinal);

        var read = await employee.Client.SubmitAsync("/app/announcements", Fields(("AnnouncementId", id)), action: "/app/announcements?handler=acknowledge");

        Assert.Contains("You read it on", await read.HtmlAsync(), StringComparison.Ordinal);
        var progress = await owner.GetJsonAsync("/api/v1/announcements/" + id);
        Assert.Equal(1, progress.GetProperty("acknowledged").GetInt32());
        var pending = await owner.GetJsonAsync($"/api/v1/announcements/{id}/pending");
        Assert.DoesNotContain(pending.GetProperty("items").EnumerateArray(), p => p.GetProperty("memberId").GetString() == employee.MemberId);
    }

    [Fact]
    public async Task A_refused_announcement_shows_the_messages_next_to_the_fields_and_announces_nothing()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement);

        var response = await owner.Client.SubmitAsync("/app/announcements", Fields(("Title", "Our vision"), ("Message", ""), ("AudienceKind", "Departments"), ("MaxReminders", "11")));

        var html = await response.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "message"));
        Assert.NotNull(WebForms.FieldError(html, "channels"));
        Assert.NotNull(WebForms.FieldError(html, "audience"));
        Assert.NotNull(WebForms.FieldError(html, "maxReminders"));
        Assert.Contains("value=\"Our vision\"", html, StringComparison.Ordinal);
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/announcements")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Announcing_before_a_vision_is_published_says_so_next_to_the_form()
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.SubmitAsync("/app/announcements", Fields(("Title", "Too early"), ("Message", "Soon."), ("Channels", "Email"), ("AudienceKind", "Everyone")));

        Assert.Contains("publish one before announcing it", WebForms.FieldError(await response.HtmlAsync(), "visionVersion"), StringComparison.Ordinal);
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/announcements")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_employee_cannot_announce_and_a_form_without_its_token_is_refused()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        await platform.PublishVisionAsync(owner, Statement);
        var client = await platform.WithoutRedirectsAsync(employee);
        var fields = Fields(("Title", "Mine"), ("Message", "Mine."), ("Channels", "Email"), ("AudienceKind", "Everyone"));

        AssertRefused(await client.PostFormAsync("/app/announcements", [.. fields, new("__RequestVerificationToken", await client.TokenAsync("/app/announcements"))]));
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.PostFormAsync("/app/announcements", fields)).StatusCode);

        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/announcements")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Acknowledging_another_organizations_announcement_is_not_found()
    {
        var owner = await platform.SignUpAsync();
        await platform.PublishVisionAsync(owner, Statement);
        var id = (await owner.PostJsonAsync("/api/v1/announcements", new { title = "Ours", message = "Ours.", channels = Email, audience = new { kind = "Everyone" } })).GetProperty("id").GetString()!;
        var other = await platform.SignUpAsync();

        var response = await other.Client.PostFormAsync("/app/announcements?handler=acknowledge", Fields(("AnnouncementId", id), ("__RequestVerificationToken", await other.Client.TokenAsync("/app/announcements"))));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/announcements/" + id)).GetProperty("acknowledged").GetInt32());
        await other.Client.GetHtmlAsync("/app/announcements?id=" + id, HttpStatusCode.NotFound);
    }

    // ---- huddles ----

    [Fact]
    public async Task A_leader_records_a_huddle_on_the_proposed_topic_and_sees_the_team_progress_toward_the_habit()
    {
        var owner = await platform.SignUpAsync();
        var kitchen = await owner.CreateDepartmentAsync("Kitchen");
        var cook = await platform.InviteMemberAsync(owner, "Employee", name: "Carl Cook", departmentId: kitchen);
        await platform.PublishVisionAsync(owner, Statement, [new { kind = "Pillar", text = "Personal touch", order = 0 }]);
        var team = "Department:" + kitchen;

        var page = await owner.Client.GetHtmlAsync("/app/huddles?team=" + Uri.EscapeDataString(team));
        Assert.Contains("<strong>Personal touch</strong>", page, StringComparison.Ordinal);

        var response = await owner.Client.SubmitAsync("/app/huddles?team=" + Uri.EscapeDataString(team), Fields(
            ("Team", team), ("TopicChoice", "proposed"), ("ProposedKind", Value(page, "ProposedKind")), ("ProposedRefId", Value(page, "ProposedRefId")),
            ("ProposedText", Value(page, "ProposedText")), ("AttendeeIds", cook.MemberId), ("AttendeeIds", owner.MemberId), ("HeldAt", ""), ("Notes", "Short and sweet.")), action: "/app/huddles");

        var html = await response.HtmlAsync();
        Assert.Contains("Huddle recorded: 1 repetition(s) for this team so far.", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Kitchen: toward the habit: 1.5 %\"", html, StringComparison.Ordinal);
        var huddles = await owner.GetJsonAsync("/api/v1/huddles");
        var huddle = huddles.GetProperty("items")[0];
        Assert.Equal("Pillar", huddle.GetProperty("topic").GetProperty("kind").GetString());
        Assert.Equal(2, huddle.GetProperty("attendeeIds").GetArrayLength());
    }

    [Fact]
    public async Task A_refused_huddle_shows_the_messages_next_to_the_fields_and_records_nothing()
    {
        var owner = await platform.SignUpAsync();
        var kitchen = await owner.CreateDepartmentAsync("Kitchen");
        var team = "Department:" + kitchen;
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

        var response = await owner.Client.SubmitAsync("/app/huddles", Fields(("Team", team), ("TopicChoice", "other"), ("OtherTopic", ""), ("HeldAt", tomorrow)));

        var html = await response.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "attendeeIds"));
        Assert.NotNull(WebForms.FieldError(html, "topic"));
        Assert.NotNull(WebForms.FieldError(html, "heldAt"));
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/huddles")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_employee_can_neither_open_huddles_and_alignment_nor_record_a_huddle()
    {
        var owner = await platform.SignUpAsync();
        var kitchen = await owner.CreateDepartmentAsync("Kitchen");
        var employee = await platform.InviteMemberAsync(owner, "Employee", departmentId: kitchen);
        var client = await platform.WithoutRedirectsAsync(employee);

        await client.AssertForbiddenPageAsync("/app/huddles");
        await client.AssertForbiddenPageAsync("/app/alignment");
        AssertRefused(await client.PostFormAsync("/app/huddles", Fields(
            ("Team", "Department:" + kitchen), ("TopicChoice", "other"), ("OtherTopic", "Mine"), ("AttendeeIds", employee.MemberId), ("__RequestVerificationToken", await client.TokenAsync()))));
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.PostFormAsync("/app/huddles", Fields(("Team", "Department:" + kitchen), ("TopicChoice", "other"), ("OtherTopic", "No token"), ("AttendeeIds", owner.MemberId)))).StatusCode);

        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/huddles")).GetProperty("total").GetInt32());
    }

    // ---- alignment ----

    [Fact]
    public async Task The_alignment_page_charts_each_departments_score_with_its_components()
    {
        var owner = await platform.SignUpAsync();
        var kitchen = await owner.CreateDepartmentAsync("Kitchen");
        await owner.CreateDepartmentAsync("Reception");
        var cook = await platform.InviteMemberAsync(owner, "Employee", departmentId: kitchen);
        await platform.PublishVisionAsync(owner, Statement);
        var id = (await owner.PostJsonAsync("/api/v1/announcements", new { title = "Ours", message = "Ours.", channels = Email, audience = new { kind = "Departments", ids = (string[])[kitchen] } })).GetProperty("id").GetString()!;
        await cook.PostJsonAsync($"/api/v1/announcements/{id}/acknowledge", new { channel = "Email" }, HttpStatusCode.OK);

        var html = await owner.Client.GetHtmlAsync("/app/alignment");

        Assert.Contains("aria-label=\"Alignment score per department\"", html, StringComparison.Ordinal);
        Assert.Contains(">100</text>", html, StringComparison.Ordinal);
        Assert.Contains("not measured", html, StringComparison.Ordinal);
        Assert.Contains("100 % <small>(1 of 1)</small>", html, StringComparison.Ordinal);
        var api = await owner.GetJsonAsync("/api/v1/alignment");
        Assert.Equal(100m, api.GetProperty("items").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "Kitchen").GetProperty("score").GetDecimal());
        Assert.Contains("Alignment per location", await owner.Client.GetHtmlAsync("/app/alignment?by=location"), StringComparison.Ordinal);
        await owner.Client.GetHtmlAsync("/app/alignment?by=planet", HttpStatusCode.BadRequest);
    }

    // ---- empowerment ----

    [Fact]
    public async Task A_member_records_a_recovery_and_one_above_their_limit_awaits_a_leaders_approval()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");

        var within = await employee.Client.SubmitAsync("/app/empowerment", Fields(
            ("WhatHappened", "Cold soup."), ("WhatWasDone", "New soup, at once."), ("Touchpoint", "Restaurant"), ("Outcome", "Recovered"), ("Amount", ""), ("Currency", "")), action: "/app/empowerment?handler=recovery");
        Assert.Contains("Recovery recorded. Thank you", await within.HtmlAsync(), StringComparison.Ordinal);
        var above = await employee.Client.SubmitAsync("/app/empowerment", Fields(
            ("WhatHappened", "Lost luggage."), ("WhatWasDone", "Paid a taxi."), ("Touchpoint", "Front desk"), ("Outcome", "PartlyRecovered"), ("Amount", "25.50"), ("Currency", "EUR")), action: "/app/empowerment?handler=recovery");
        Assert.Contains("awaits a leader's approval", System.Net.WebUtility.HtmlDecode(await above.HtmlAsync()), StringComparison.Ordinal);

        var awaiting = (await owner.GetJsonAsync("/api/v1/empowerment/recoveries?status=AwaitingApproval")).GetProperty("items")[0];
        Assert.Equal(25.50m, awaiting.GetProperty("amount").GetProperty("amount").GetDecimal());
        var page = await owner.Client.GetHtmlAsync("/app/empowerment");
        Assert.Contains("Lost luggage.", page, StringComparison.Ordinal);

        var approved = await owner.Client.SubmitAsync("/app/empowerment", Fields(
            ("RecoveryRecordId", awaiting.GetProperty("id").GetString()!), ("Revision", awaiting.GetProperty("revision").GetInt64().ToString(CultureInfo.InvariantCulture)), ("Decision", "Approve")), action: "/app/empowerment?handler=decide");
        Assert.Contains("Recovery approved.", await approved.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(2, (await owner.GetJsonAsync("/api/v1/empowerment/recoveries")).GetProperty("items").EnumerateArray().Count(r => r.GetProperty("status").GetString() is "Recorded" or "Approved"));
    }

    [Fact]
    public async Task A_refused_recovery_shows_the_messages_next_to_the_fields_and_records_nothing()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");

        var response = await employee.Client.SubmitAsync("/app/empowerment", Fields(
            ("WhatHappened", ""), ("WhatWasDone", "Something."), ("Touchpoint", "Bar"), ("Outcome", ""), ("Amount", "lots"), ("Currency", "EUR")), action: "/app/empowerment?handler=recovery");

        var html = await response.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "whatHappened"));
        Assert.NotNull(WebForms.FieldError(html, "outcome"));
        Assert.NotNull(WebForms.FieldError(html, "amount"));
        Assert.Null(WebForms.FieldError(html, "whatWasDone"));
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/empowerment/recoveries")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_leader_sets_a_roles_guideline_and_a_refused_example_is_named_on_its_row()
    {
        var owner = await platform.SignUpAsync();
        var vision = await platform.PublishVisionAsync(owner, Statement, [new { kind = "Pillar", text = "Personal touch", order = 0 }]);
        var pillarId = vision.GetProperty("items")[0].GetProperty("id").GetString()!;

        // Row 1 is left empty (not an example); row 2 has a text without its pillar: the error names row 2.
        var refused = await owner.Client.SubmitAsync("/app/empowerment?role=Employee", Fields(
            ("Role", "Employee"), ("Revision", "0"), ("RefundAmount", "50"), ("RefundCurrency", "EUR"), ("Gestures", "Free coffee"),
            ("Examples[0].PillarId", ""), ("Examples[0].Text", ""), ("Examples[1].PillarId", ""), ("Examples[1].Text", "Remembered the guest's name")), action: "/app/empowerment?handler=guideline");
        var html = await refused.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "examples[1].pillarId"));
        Assert.Null(WebForms.FieldError(html, "examples[0].pillarId"));
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/empowerment/guidelines/Employee")).GetProperty("revision").GetInt64());

        var saved = await owner.Client.SubmitAsync("/app/empowerment?role=Employee", Fields(
            ("Role", "Employee"), ("Revision", "0"), ("RefundAmount", "50"), ("RefundCurrency", "EUR"), ("Gestures", "Free coffee\r\nLate check-out\r\n"),
            ("Examples[0].PillarId", pillarId), ("Examples[0].Text", "Remembered the guest's name"), ("Notes", "")), action: "/app/empowerment?handler=guideline");
        Assert.Contains("The Employee guideline is saved.", await saved.HtmlAsync(), StringComparison.Ordinal);
        var guideline = await owner.GetJsonAsync("/api/v1/empowerment/guidelines/Employee");
        Assert.Equal(1, guideline.GetProperty("revision").GetInt64());
        Assert.Equal(50m, guideline.GetProperty("refundLimit").GetProperty("amount").GetDecimal());
        Assert.Equal(["Free coffee", "Late check-out"], guideline.GetProperty("gestures").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(pillarId, guideline.GetProperty("examples")[0].GetProperty("pillarId").GetString());

        var stale = await owner.Client.SubmitAsync("/app/empowerment?role=Employee", Fields(("Role", "Employee"), ("Revision", "0"), ("Gestures", "Other")), action: "/app/empowerment?handler=guideline");
        Assert.Contains("Someone changed this meanwhile", await stale.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await owner.GetJsonAsync("/api/v1/empowerment/guidelines/Employee")).GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task An_employee_sees_the_guidelines_but_cannot_change_them()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var client = await platform.WithoutRedirectsAsync(employee);

        var page = await employee.Client.GetHtmlAsync("/app/empowerment");
        Assert.Contains("Record a recovery", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=guideline", page, StringComparison.Ordinal);
        AssertRefused(await client.PostFormAsync("/app/empowerment?handler=guideline", Fields(("Role", "Employee"), ("Revision", "0"), ("Gestures", "Anything"), ("__RequestVerificationToken", await client.TokenAsync()))));
        Assert.Equal(HttpStatusCode.BadRequest, (await employee.Client.PostFormAsync("/app/empowerment?handler=recovery", Fields(("WhatHappened", "x"), ("WhatWasDone", "y"), ("Touchpoint", "z"), ("Outcome", "Recovered")))).StatusCode);

        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/empowerment/guidelines/Employee")).GetProperty("revision").GetInt64());
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/empowerment/recoveries")).GetProperty("total").GetInt32());
    }

    /// <summary>The value of the hidden input <paramref name="name"/> on <paramref name="html"/>.</summary>
    private static string Value(string html, string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"");
        Assert.True(match.Success, $"The page has no {name} field.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
