using System.Net;
using System.Text.Json;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.PlanHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>
/// The improvement plan end to end, over HTTP against PostgreSQL and RabbitMQ: a new organization
/// walks from culture to celebrate, and every step changes state only when its criterion is met.
/// Other services' events (survey scores, training, recognitions, complaints) are published on the
/// host's bus as those services would publish them.
/// </summary>
public sealed class PlanTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static readonly string[] Steps = ["Culture", "Vision", "Communicate", "Training", "Hiring", "Empowerment", "Leadership", "Celebrate"];

    [Fact]
    public async Task A_new_organization_walks_from_culture_to_celebrate_and_each_step_changes_only_when_its_criterion_is_met()
    {
        var owner = await platform.SignUpAsync();
        var org = owner.OrganizationId;
        var frontDesk = await CreateDepartmentAsync(owner, "Front desk");
        var harbour = await CreateLocationAsync(owner, "Harbour Street");
        var leader = await InviteAsync(platform, owner, "Leader", "Lee Leader", frontDesk, harbour);
        var ana = await InviteAsync(platform, owner, "Employee", "Ana Employee", frontDesk, harbour);
        var ben = await InviteAsync(platform, owner, "Employee", "Ben Employee", frontDesk, harbour);

        var start = await GetAsync(ana, "/api/v1/plan");
        Assert.Equal(Steps, start.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
        Assert.All(start.GetProperty("steps").EnumerateArray(), s => Assert.Equal("NotStarted", s.GetProperty("state").GetString()));
        Assert.All(start.GetProperty("steps").EnumerateArray(), s => Assert.False(string.IsNullOrEmpty(s.GetProperty("criterion").GetString())));
        Assert.Equal("Culture", start.GetProperty("nextStep").GetString());
        Assert.Equal(0, start.GetProperty("doneSteps").GetInt32());

        // 1. Culture: an observation starts it; responses to an employee-input survey finish it.
        await PostAsync(ana, "/api/v1/vision/observations", new { text = "Guests wait at the door while we finish paperwork." });
        Assert.Equal("InProgress", await StateAsync(ana, "Culture"));
        await PublishScoresAsync(platform, org, "srv_input", "EmployeeInput", 1, new SurveyGroupScore("Organization", null, 3, null, null, null, null));
        await WaitForStateAsync(ana, "Culture", "Done");
        Assert.Equal("NotStarted", await StateAsync(ana, "Vision"));

        // 2. Vision: a draft starts it; publishing finishes it.
        await PostAsync(owner, "/api/v1/vision/drafts", new { statement = Statement, items = Array.Empty<object>() });
        Assert.Equal("InProgress", await StateAsync(ana, "Vision"));
        var version = await platform.PublishVisionAsync(owner, Statement, [new { kind = "Pillar", text = "Personal touch", order = 0 }, new { kind = "Standard", text = "Greet every guest by name", order = 1 }]);
        var pillarId = version.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "Pillar").GetProperty("id").GetString()!;
        Assert.Equal("Done", await StateAsync(ana, "Vision"));
        Assert.Equal("NotStarted", await StateAsync(ana, "Communicate"));

        // 3. Communicate: 3 of 4 members (75%) is not enough; the 4th makes it 100% (criterion: 80%).
        var announcement = await PostAsync(leader, "/api/v1/announcements", Announcement());
        var announcementId = Id(announcement);
        Assert.Equal(4, announcement.GetProperty("members").GetInt32());
        Assert.Equal("InProgress", await StateAsync(ana, "Communicate"));
        foreach (var member in new[] { leader, ana, ben })
        {
            await AcknowledgeAsync(member, announcementId);
        }

        Assert.Equal("InProgress", await StateAsync(ana, "Communicate"));
        await AcknowledgeAsync(owner, announcementId);
        Assert.Equal("Done", await StateAsync(ana, "Communicate"));
        Assert.Equal("NotStarted", await StateAsync(ana, "Training"));

        // 4. Training: a vision rollout starts it; 3 of 4 completions is not 90%, the 4th is.
        var rollout = await PostAsync(leader, "/api/v1/training/rollouts", new { title = "Vision week", dueAt = DateTimeOffset.UtcNow.AddDays(14), audience = new { kind = "Everyone" } });
        var rolloutId = Id(rollout);
        Assert.Equal("InProgress", await StateAsync(ana, "Training"));
        foreach (var member in new[] { leader, ana, ben })
        {
            await Bus(platform).Publish(new TrainingCompleted(org, rolloutId, "asg_" + member.MemberId, member.MemberId, DateTimeOffset.UtcNow, 90), Cancel);
        }

        await Eventually.HoldsAsync(
            async () => (await GetAsync(leader, $"/api/v1/training/rollouts/{rolloutId}")).GetProperty("progress").GetProperty("completed").GetInt32() == 3,
            TimeSpan.FromSeconds(20),
            "three members completed the rollout");
        Assert.Equal("InProgress", await StateAsync(ana, "Training"));
        await Bus(platform).Publish(new TrainingCompleted(org, rolloutId, "asg_owner", owner.MemberId, DateTimeOffset.UtcNow, 80), Cancel);
        await WaitForStateAsync(ana, "Training", "Done");
        Assert.Equal("NotStarted", await StateAsync(ana, "Hiring"));

        // 5. Hiring: a candidate starts it; an evaluation against the vision scorecard finishes it.
        var candidate = await PostAsync(leader, "/api/v1/hiring/candidates", new { name = "Cara Candidate", position = "Host" });
        Assert.Equal("InProgress", await StateAsync(ana, "Hiring"));
        var scores = candidate.GetProperty("scorecard").GetProperty("criteria").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, _ => 4);
        await PostAsync(leader, $"/api/v1/hiring/candidates/{Id(candidate)}/evaluations", new { scores, notes = "Warm." });
        Assert.Equal("Done", await StateAsync(ana, "Hiring"));
        Assert.Equal("NotStarted", await StateAsync(ana, "Empowerment"));

        // 6. Empowerment: guidelines for employees start it; with leaders' guidelines too it still needs a recovery.
        await SetGuidelineAsync(leader, "Employee", Guideline(pillarId, 50m));
        Assert.Equal("InProgress", await StateAsync(ana, "Empowerment"));
        await SetGuidelineAsync(leader, "Leader", Guideline(pillarId, 200m));
        Assert.Equal("InProgress", await StateAsync(ana, "Empowerment"));
        await PublishComplaintAsync(platform, org, "rec_walk", harbour);
        await Eventually.HoldsAsync(
            async () => (await GetAsync(leader, "/api/v1/empowerment/complaints")).GetProperty("total").GetInt32() == 1,
            TimeSpan.FromSeconds(20),
            "the complaint arrives");
        var recovery = await PostAsync(ana, "/api/v1/empowerment/recoveries", Recovery(20m, "rec_walk"));
        Assert.Equal("Recorded", recovery.GetProperty("status").GetString());
        Assert.Equal("Done", await StateAsync(ana, "Empowerment"));
        Assert.Equal(0, (await GetAsync(leader, "/api/v1/empowerment/complaints")).GetProperty("total").GetInt32());

        // 7. Leadership: huddles in 3 different weeks are not a routine yet; the 4th week is.
        var topic = await GetAsync(leader, $"/api/v1/huddles/next-topic?departmentId={frontDesk}");
        Assert.Equal("Pillar", topic.GetProperty("topic").GetProperty("kind").GetString());
        Assert.Equal(pillarId, topic.GetProperty("topic").GetProperty("refId").GetString());
        string[] attendees = [leader.MemberId, ana.MemberId, ben.MemberId];
        foreach (var weeksAgo in new[] { 3, 2, 1 })
        {
            await PostAsync(leader, "/api/v1/huddles", Huddle(frontDesk, attendees, pillarId, DateTimeOffset.UtcNow.AddDays(-7 * weeksAgo)));
            Assert.Equal("InProgress", await StateAsync(ana, "Leadership"));
        }

        var fourth = await PostAsync(leader, "/api/v1/huddles", Huddle(frontDesk, attendees, pillarId));
        Assert.Equal(4, fourth.GetProperty("repetitions").GetInt32());
        Assert.Equal("Done", await StateAsync(ana, "Leadership"));
        Assert.Equal("NotStarted", await StateAsync(ana, "Celebrate"));

        // 8. Celebrate: a recognition starts it (a redelivery counts once); a celebration finishes it.
        await PublishRecognitionAsync(platform, ana, "rcg_walk", pillarId, frontDesk);
        await PublishRecognitionAsync(platform, ana, "rcg_walk", pillarId, frontDesk);
        await WaitForStateAsync(ana, "Celebrate", "InProgress");
        var celebration = new CelebrationHeld(org, "cel_walk", "Guest heroes", DateTimeOffset.UtcNow, [new CelebrationHonouree(ana.MemberId, "rcg_walk")]);
        await Bus(platform).Publish(celebration, Cancel);
        await Bus(platform).Publish(celebration, Cancel);
        await WaitForStateAsync(ana, "Celebrate", "Done");

        var end = await GetAsync(ana, "/api/v1/plan");
        Assert.All(end.GetProperty("steps").EnumerateArray(), s => Assert.Equal("Done", s.GetProperty("state").GetString()));
        Assert.All(end.GetProperty("steps").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("nextAction").ValueKind));
        Assert.Equal(8, end.GetProperty("doneSteps").GetInt32());
        Assert.Equal(JsonValueKind.Null, end.GetProperty("nextStep").ValueKind);
        var celebrate = end.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "Celebrate");
        Assert.Equal(1, celebrate.GetProperty("evidence").GetProperty("recognitions").GetInt32());
        Assert.Equal(1, celebrate.GetProperty("evidence").GetProperty("celebrations").GetInt32());

        // Alignment: the front desk acknowledged, trained, lived the pillar and answered its complaint on time; pulse 75%.
        await PublishScoresAsync(platform, org, "srv_pulse", "Pulse", 1, new SurveyGroupScore("Department", frontDesk, 3, null, null, null, 75m));
        await Eventually.HoldsAsync(
            async () => (await GetAsync(leader, "/api/v1/scores?kind=Pulse")).GetProperty("total").GetInt32() == 1,
            TimeSpan.FromSeconds(20),
            "the pulse scores arrive");
        var byDepartment = Assert.Single((await GetAsync(leader, "/api/v1/alignment?by=department")).GetProperty("items").EnumerateArray());
        Assert.Equal(frontDesk, byDepartment.GetProperty("groupId").GetString());
        var components = byDepartment.GetProperty("components");
        Assert.Equal(100m, components.GetProperty("acknowledgementPercent").GetDecimal());
        Assert.Equal(100m, components.GetProperty("trainingPercent").GetDecimal());
        Assert.Equal(75m, components.GetProperty("pulsePercent").GetDecimal());
        Assert.Equal(100m, components.GetProperty("recognitionCoveragePercent").GetDecimal());
        Assert.Equal(100m, components.GetProperty("recoveriesOnTimePercent").GetDecimal());
        Assert.Equal(93.8m, byDepartment.GetProperty("score").GetDecimal());
        Assert.Equal(1, byDepartment.GetProperty("evidence").GetProperty("recoveriesRecorded").GetInt32());
        Assert.Equal(3, byDepartment.GetProperty("evidence").GetProperty("acknowledged").GetInt32());
        Assert.Equal(4, byDepartment.GetProperty("evidence").GetProperty("huddles").GetInt32());
        Assert.Equal(6.1m, byDepartment.GetProperty("evidence").GetProperty("huddleHabitPercent").GetDecimal());

        // By location: no pulse there, so it weighs nothing (the others are re-weighted); the recognition named no
        // location; the complaint was raised at Harbour Street and answered on time: (20 + 25 + 0 + 15) / 0.75 = 80.
        var byLocation = Assert.Single((await GetAsync(leader, "/api/v1/alignment?by=location")).GetProperty("items").EnumerateArray());
        Assert.Equal(harbour, byLocation.GetProperty("groupId").GetString());
        Assert.Equal(JsonValueKind.Null, byLocation.GetProperty("components").GetProperty("pulsePercent").ValueKind);
        Assert.Equal(0m, byLocation.GetProperty("components").GetProperty("recognitionCoveragePercent").GetDecimal());
        Assert.Equal(100m, byLocation.GetProperty("components").GetProperty("recoveriesOnTimePercent").GetDecimal());
        Assert.False(byLocation.GetProperty("weights").TryGetProperty("pulsePercent", out _));
        Assert.Equal(80m, byLocation.GetProperty("score").GetDecimal());

        // Isolated per tenant: another organization starts from nothing and cannot reach any of it.
        var other = await platform.SignUpAsync();
        var otherPlan = await GetAsync(other, "/api/v1/plan");
        Assert.All(otherPlan.GetProperty("steps").EnumerateArray(), s => Assert.Equal("NotStarted", s.GetProperty("state").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri($"/api/v1/announcements/{announcementId}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(other, HttpMethod.Post, $"/api/v1/announcements/{announcementId}/acknowledge", new { channel = "Email" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri($"/api/v1/huddles/{Id(fourth)}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri($"/api/v1/empowerment/recoveries/{Id(recovery)}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(0, (await GetAsync(other, "/api/v1/huddles")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetAsync(other, "/api/v1/empowerment/recoveries")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetAsync(other, "/api/v1/announcements")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetAsync(other, "/api/v1/scores")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Every_member_may_read_the_plan_and_each_step_names_its_criterion_and_next_action()
    {
        var owner = await platform.SignUpAsync();
        var employee = await InviteAsync(platform, owner, "Employee", "Emma Employee");

        var plan = await GetAsync(employee, "/api/v1/plan");

        var vision = plan.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "Vision");
        Assert.Equal(2, vision.GetProperty("number").GetInt32());
        Assert.Contains("published", vision.GetProperty("criterion").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(vision.GetProperty("nextAction").GetString()));
        Assert.Equal(0, vision.GetProperty("evidence").GetProperty("visionDrafts").GetInt32());
    }

    [Fact]
    public async Task Reading_the_plan_needs_a_signed_in_member()
    {
        using var anonymous = platform.CreateClient();

        var response = await anonymous.GetAsync(new Uri("/api/v1/plan", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
