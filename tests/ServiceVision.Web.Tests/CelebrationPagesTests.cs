using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Grains;
using ServiceVision.Recognition;
using ServiceVision.Recognition.Abstractions;
using ServiceVision.Testing;
using static ServiceVision.Web.Tests.PageSessions;

namespace ServiceVision.Web.Tests;

/// <summary>Celebrations in the web app: scheduling, nominating recognitions, holding, and the milestones that propose one.</summary>
public sealed class CelebrationPagesTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static string InAWeek => DateTimeOffset.UtcNow.AddDays(7).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_member_sees_the_celebrations_and_only_leaders_the_forms()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        await owner.PostJsonAsync("/api/v1/celebrations", new { title = "Summer party", at = DateTimeOffset.UtcNow.AddDays(3) });

        var asEmployee = await employee.Client.GetHtmlAsync("/app/celebrations");
        var asOwner = await owner.Client.GetHtmlAsync("/app/celebrations");

        Assert.Contains("Summer party", asEmployee, StringComparison.Ordinal);
        Assert.DoesNotContain("Schedule a celebration", asEmployee, StringComparison.Ordinal);
        Assert.Contains("Schedule a celebration", asOwner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leader_schedules_a_celebration_with_reminders()
    {
        var owner = await platform.SignUpAsync();
        var at = InAWeek;

        var response = await owner.Client.SubmitAsync("/app/celebrations", Fields(("Title", "Harbour heroes"), ("Description", "Cake at four."), ("At", at), ("Reminders", "60, 1440")));

        var path = PathOf(response);
        Assert.StartsWith("/app/celebrations/", path, StringComparison.Ordinal);
        Assert.Contains("is scheduled for", await response.HtmlAsync(), StringComparison.Ordinal);
        var celebration = await owner.GetJsonAsync("/api/v1/celebrations/" + path[(path.LastIndexOf('/') + 1)..]);
        Assert.Equal("Harbour heroes", celebration.GetProperty("title").GetString());
        Assert.Equal(at, celebration.GetProperty("at").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        Assert.Equal([1440, 60], celebration.GetProperty("remindMinutesBefore").EnumerateArray().Select(m => m.GetInt32()));
    }

    [Fact]
    public async Task A_refused_celebration_shows_the_messages_next_to_the_fields_and_schedules_nothing()
    {
        var owner = await platform.SignUpAsync();
        var past = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

        var refused = await owner.Client.SubmitAsync("/app/celebrations", Fields(("Title", ""), ("At", past), ("Reminders", "")));
        var html = await refused.HtmlAsync();
        Assert.NotNull(WebForms.FieldError(html, "title"));
        Assert.Equal("A celebration is scheduled in the future.", WebForms.FieldError(html, "at"));

        var unreadable = await owner.Client.SubmitAsync("/app/celebrations", Fields(("Title", "Party"), ("At", InAWeek), ("Reminders", "60, soon")));
        Assert.NotNull(WebForms.FieldError(await unreadable.HtmlAsync(), "remindMinutesBefore"));

        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/celebrations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_leader_nominates_a_recognition_and_holds_the_celebration_which_shows_its_honourees()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee", name: "Hanna Hero");
        var recognitionId = await RecognizeAsync(owner, employee, "Drove a guest's passport to the airport.");
        var celebrationId = (await owner.PostJsonAsync("/api/v1/celebrations", new { title = "Heroes", at = DateTimeOffset.UtcNow.AddDays(3) })).GetProperty("id").GetString()!;
        var page = "/app/celebrations/" + celebrationId;

        var refused = await owner.Client.SubmitAsync(page, Fields(("Revision", "1"), ("RecognitionId", "")), action: page + "?handler=nominate");
        Assert.NotNull(WebForms.FieldError(await refused.HtmlAsync(), "recognitionId"));
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/celebrations/" + celebrationId)).GetProperty("honourees").GetArrayLength());

        var nominated = await owner.Client.SubmitAsync(page, Fields(("Revision", "1"), ("RecognitionId", recognitionId)), action: page + "?handler=nominate");
        Assert.Contains("Hanna Hero", await nominated.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(recognitionId, (await owner.GetJsonAsync("/api/v1/celebrations/" + celebrationId)).GetProperty("honourees")[0].GetProperty("recognitionId").GetString());

        var held = await owner.Client.SubmitAsync(page, Fields(("Revision", "2")), action: page + "?handler=hold");
        var html = await held.HtmlAsync();
        Assert.Contains("is held: 1 honouree(s) celebrated.", html, StringComparison.Ordinal);
        Assert.Contains("Drove a guest&#x27;s passport to the airport.", html, StringComparison.Ordinal);
        Assert.Equal("Held", (await owner.GetJsonAsync("/api/v1/celebrations/" + celebrationId)).GetProperty("status").GetString());
        Assert.Contains("Hanna Hero", await employee.Client.GetHtmlAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_hold_is_refused_and_the_celebration_stays_scheduled()
    {
        var owner = await platform.SignUpAsync();
        var celebrationId = (await owner.PostJsonAsync("/api/v1/celebrations", new { title = "Heroes", at = DateTimeOffset.UtcNow.AddDays(3) })).GetProperty("id").GetString()!;
        var page = "/app/celebrations/" + celebrationId;

        var response = await owner.Client.SubmitAsync(page, Fields(("Revision", "5")), action: page + "?handler=hold");

        Assert.Contains("Someone changed this meanwhile", await response.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal("Scheduled", (await owner.GetJsonAsync("/api/v1/celebrations/" + celebrationId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_leader_accepts_one_milestone_proposal_and_dismisses_another()
    {
        var owner = await platform.SignUpAsync();
        var celebrations = platform.Services.GetRequiredService<IGrainFactory>().GetGrain<ICelebrationsGrain>(RecognitionKeys.Celebrations(owner.OrganizationId));
        await celebrations.ProposeForRollout(new RolloutCompleted(owner.OrganizationId, "rol_first", "vision", 12, 91m, DateTimeOffset.UtcNow));
        await celebrations.ProposeForRollout(new RolloutCompleted(owner.OrganizationId, "rol_second", "vision", 3, null, DateTimeOffset.UtcNow));
        var milestones = (await owner.GetJsonAsync("/api/v1/celebrations/milestones")).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        Assert.Contains("Everyone completed the vision course", await owner.Client.GetHtmlAsync("/app/celebrations"), StringComparison.Ordinal);

        var refused = await owner.Client.SubmitAsync("/app/celebrations", Fields(("MilestoneId", milestones[0]), ("Title", ""), ("At", ""), ("Reminders", "")), action: "/app/celebrations?handler=accept");
        Assert.NotNull(WebForms.FieldError(await refused.HtmlAsync(), "at"));
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/celebrations")).GetProperty("total").GetInt32());

        var accepted = await owner.Client.SubmitAsync("/app/celebrations", Fields(("MilestoneId", milestones[0]), ("Title", ""), ("At", InAWeek), ("Reminders", "")), action: "/app/celebrations?handler=accept");
        Assert.StartsWith("/app/celebrations/", PathOf(accepted), StringComparison.Ordinal);
        var dismissed = await owner.Client.SubmitAsync("/app/celebrations", Fields(("MilestoneId", milestones[1])), action: "/app/celebrations?handler=dismiss");
        Assert.Contains("is dismissed", await dismissed.HtmlAsync(), StringComparison.Ordinal);

        var decided = (await owner.GetJsonAsync("/api/v1/celebrations/milestones")).GetProperty("items").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("status").GetString());
        Assert.Equal("Accepted", decided[milestones[0]]);
        Assert.Equal("Dismissed", decided[milestones[1]]);
        Assert.Equal("Everyone completed the vision course", (await owner.GetJsonAsync("/api/v1/celebrations")).GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_employee_cannot_schedule_nominate_or_hold()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var celebrationId = (await owner.PostJsonAsync("/api/v1/celebrations", new { title = "Heroes", at = DateTimeOffset.UtcNow.AddDays(3) })).GetProperty("id").GetString()!;
        var client = await platform.WithoutRedirectsAsync(employee);
        var token = await client.TokenAsync("/app/celebrations");

        AssertRefused(await client.PostFormAsync("/app/celebrations", Fields(("Title", "Mine"), ("At", InAWeek), ("__RequestVerificationToken", token))));
        AssertRefused(await client.PostFormAsync($"/app/celebrations/{celebrationId}?handler=hold", Fields(("Revision", "1"), ("__RequestVerificationToken", token))));

        var celebrations = await owner.GetJsonAsync("/api/v1/celebrations");
        Assert.Equal(1, celebrations.GetProperty("total").GetInt32());
        Assert.Equal("Scheduled", celebrations.GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_celebration_form_posted_without_its_anti_forgery_token_is_refused()
    {
        var owner = await platform.SignUpAsync();

        var response = await owner.Client.PostFormAsync("/app/celebrations", Fields(("Title", "No token"), ("At", InAWeek)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await owner.GetJsonAsync("/api/v1/celebrations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Another_organizations_celebration_is_not_found()
    {
        var owner = await platform.SignUpAsync();
        var celebrationId = (await owner.PostJsonAsync("/api/v1/celebrations", new { title = "Secret party of A", at = DateTimeOffset.UtcNow.AddDays(3) })).GetProperty("id").GetString()!;
        var other = await platform.SignUpAsync();

        var response = await other.Client.GetAsync(new Uri("/app/celebrations/" + celebrationId, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Secret party of A", await other.Client.GetHtmlAsync("/app/celebrations"), StringComparison.Ordinal);
    }

    /// <summary>Publishes a vision with one pillar and recognizes <paramref name="member"/> for it through the API.</summary>
    internal static async Task<string> RecognizeAsync(PlatformFactory platform, ApiSession owner, ApiSession member, string story)
    {
        var vision = await platform.PublishVisionAsync(owner, "We make every guest feel at home.", [new { kind = "Pillar", text = "Personal touch", order = 0 }]);
        var pillarId = vision.GetProperty("items")[0].GetProperty("id").GetString()!;
        return (await owner.PostJsonAsync("/api/v1/recognitions", new { memberId = member.MemberId, story, pillarIds = new[] { pillarId } })).GetProperty("id").GetString()!;
    }

    private Task<string> RecognizeAsync(ApiSession owner, ApiSession member, string story) => RecognizeAsync(platform, owner, member, story);
}
