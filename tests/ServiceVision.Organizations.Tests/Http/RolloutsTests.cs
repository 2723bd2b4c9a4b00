using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.RolloutHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>
/// Starting rollouts and reading their progress. Training events are published on the host's bus,
/// as the training service would publish them; the host may run the training service too, whose own
/// TrainingAssigned events only ever confirm assignments, so assertions on "assigned" wait for all.
/// </summary>
public sealed class RolloutsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IBus Bus => platform.Services.GetRequiredService<IBus>();

    [Fact]
    public async Task A_rollout_to_everyone_assigns_the_vision_course_to_every_member_through_AssignTraining()
    {
        await using var listener = await AssignTrainingListener.StartAsync(platform.BrokerUri);
        var owner = await platform.SignUpAsync();
        var leader = await platform.InviteMemberAsync(owner, "Leader", "Lee Leader");
        var employee = await platform.InviteMemberAsync(owner, "Employee", "Emma Employee");
        await PublishVisionAsync(platform, owner);
        var due = DateTimeOffset.UtcNow.AddDays(10);

        var response = await PostAsync(leader, Everyone("Vision week", due));

        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        var rollout = await JsonAsync(response);
        Assert.Equal($"{Rollouts}/{Id(rollout)}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("rol_", Id(rollout), StringComparison.Ordinal);
        Assert.Equal("Vision week", rollout.GetProperty("title").GetString());
        Assert.Equal("vision", rollout.GetProperty("courseId").GetString());
        Assert.Equal(1, rollout.GetProperty("visionVersion").GetInt32());
        Assert.Equal(due, rollout.GetProperty("dueAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("Everyone", rollout.GetProperty("audience").GetProperty("kind").GetString());
        Assert.Equal(leader.MemberId, rollout.GetProperty("startedBy").GetString());
        Assert.Equal(3, Count(rollout, "members"));
        Assert.Equal(0, Count(rollout, "completed"));
        Assert.Equal(0m, rollout.GetProperty("progress").GetProperty("percentComplete").GetDecimal());
        Assert.Equal(JsonValueKind.Null, rollout.GetProperty("progress").GetProperty("averageScore").ValueKind);

        var command = Assert.Single(await listener.WaitForAsync(Id(rollout), members: 3));
        Assert.Equal(owner.OrganizationId, command.OrganizationId);
        Assert.Equal("vision", command.CourseId);
        Assert.Equal(due, command.DueAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(new[] { owner.MemberId, leader.MemberId, employee.MemberId }.Order(), command.MemberIds.Order());
    }

    [Fact]
    public async Task The_vision_course_cannot_be_rolled_out_before_a_vision_is_published_and_nothing_is_started()
    {
        var owner = await platform.SignUpAsync();

        var response = await PostAsync(owner, Everyone());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["courseId"], await ErrorFieldsAsync(response));
        Assert.Equal(0, (await GetAsync(owner, Rollouts)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Another_course_may_be_rolled_out_without_a_published_vision()
    {
        var owner = await platform.SignUpAsync();

        var rollout = await StartAsync(owner, Everyone(courseId: "safety-101"));

        Assert.Equal("safety-101", rollout.GetProperty("courseId").GetString());
        Assert.Equal(JsonValueKind.Null, rollout.GetProperty("visionVersion").ValueKind);
    }

    [Fact]
    public async Task Every_invalid_field_is_named_and_nothing_is_started()
    {
        var owner = await platform.SignUpAsync();
        await PublishVisionAsync(platform, owner);

        var missing = await PostAsync(owner, new { });
        var wrong = await PostAsync(owner, new { title = " ", courseId = "Vision Course", dueAt = DateTimeOffset.UtcNow.AddDays(-1), audience = new { kind = "Teams", ids = (string[])["x"] } });
        var tooFar = await PostAsync(owner, Everyone(dueAt: DateTimeOffset.UtcNow.AddDays(366)));
        var badIds = await PostAsync(owner, To("Roles", "Employee", "Manager"));
        var idsForEveryone = await PostAsync(owner, new { title = "T", dueAt = InTwoWeeks, audience = new { kind = "Everyone", ids = new[] { owner.MemberId } } });
        var locations = await PostAsync(owner, To("Locations", "loc_1"));

        Assert.Equal(["title", "dueAt", "audience"], await ErrorFieldsAsync(missing));
        Assert.Equal(["title", "courseId", "dueAt", "audience.kind"], await ErrorFieldsAsync(wrong));
        Assert.Equal(["dueAt"], await ErrorFieldsAsync(tooFar));
        Assert.Equal(["audience.ids[1]"], await ErrorFieldsAsync(badIds));
        Assert.Equal(["audience.ids"], await ErrorFieldsAsync(idsForEveryone));
        Assert.Equal(["audience.ids[0]"], await ErrorFieldsAsync(locations));
        Assert.All([missing, wrong, tooFar, badIds, idsForEveryone, locations], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(0, (await GetAsync(owner, Rollouts)).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"title\": 12, \"dueAt\": \"2030-01-31T17:00:00Z\", \"audience\": {\"kind\": \"Everyone\"}}")]
    [InlineData("{\"title\": \"T\", \"dueAt\": \"next friday\", \"audience\": {\"kind\": \"Everyone\"}}")]
    [InlineData("{\"title\": \"T\", \"dueAt\": \"2030-01-31T17:00:00Z\", \"audience\": {\"kind\": \"Members\", \"ids\": [7]}}")]
    public async Task A_malformed_body_is_a_400_problem_and_starts_nothing(string body)
    {
        var owner = await platform.SignUpAsync();
        await PublishVisionAsync(platform, owner);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await owner.Client.PostAsync(new Uri(Rollouts, UriKind.Relative), content, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await GetAsync(owner, Rollouts)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Departments_roles_and_listed_members_are_resolved_to_their_active_members()
    {
        var owner = await platform.SignUpAsync();
        await PublishVisionAsync(platform, owner);
        var front = await CreateDepartmentAsync(owner, "Front desk");
        var kitchen = await CreateDepartmentAsync(owner, "Kitchen");
        var ana = await platform.InviteMemberAsync(owner, "Employee", "Ana", front);
        var ben = await platform.InviteMemberAsync(owner, "Employee", "Ben", kitchen);
        var cleo = await platform.InviteMemberAsync(owner, "Leader", "Cleo", front);

        var byDepartment = await StartAsync(owner, To("Departments", front));
        var byRole = await StartAsync(owner, To("Roles", "leader", "Owner"));
        var byMember = await StartAsync(owner, To("Members", ben.MemberId, ana.MemberId, ben.MemberId));

        Assert.Equal([ana.MemberId, cleo.MemberId], await MemberIdsAsync(owner, byDepartment));
        Assert.Equal([cleo.MemberId, owner.MemberId], await MemberIdsAsync(owner, byRole));
        Assert.Equal([ana.MemberId, ben.MemberId], await MemberIdsAsync(owner, byMember));
        Assert.Equal([front], Ids((await GetAsync(owner, $"{Rollouts}/{Id(byDepartment)}")).GetProperty("audience").GetProperty("ids")));
        Assert.Equal(["Leader", "Owner"], Ids(byRole.GetProperty("audience").GetProperty("ids")));
        Assert.Equal(new[] { ana.MemberId, ben.MemberId }.Order(StringComparer.Ordinal), Ids((await GetAsync(owner, $"{Rollouts}/{Id(byMember)}")).GetProperty("audience").GetProperty("ids")));
        Assert.Equal(2, Count(byMember, "members"));
    }

    [Fact]
    public async Task Unknown_departments_and_members_are_named_by_position_and_an_audience_of_nobody_is_refused()
    {
        var owner = await platform.SignUpAsync();
        await PublishVisionAsync(platform, owner);
        var empty = await CreateDepartmentAsync(owner, "Night shift");
        var other = await platform.SignUpAsync();

        var unknownDepartment = await PostAsync(owner, To("Departments", empty, "dep_nope"));
        var unknownMember = await PostAsync(owner, To("Members", owner.MemberId, other.MemberId));
        var nobody = await PostAsync(owner, To("Departments", empty));

        Assert.Equal(["audience.ids[1]"], await ErrorFieldsAsync(unknownDepartment));
        Assert.Equal(["audience.ids[1]"], await ErrorFieldsAsync(unknownMember));
        Assert.Equal(["audience"], await ErrorFieldsAsync(nobody));
        Assert.Equal(0, (await GetAsync(owner, Rollouts)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Employees_may_neither_start_nor_read_rollouts()
    {
        var owner = await platform.SignUpAsync();
        await PublishVisionAsync(platform, owner);
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var rollout = await StartAsync(owner, Everyone());

        var start = await PostAsync(employee, Everyone());
        var list = await employee.Client.GetAsync(new Uri(Rollouts, UriKind.Relative), Cancel);
        var one = await employee.Client.GetAsync(new Uri($"{Rollouts}/{Id(rollout)}", UriKind.Relative), Cancel);
        var members = await employee.Client.GetAsync(new Uri($"{Rollouts}/{Id(rollout)}/members", UriKind.Relative), Cancel);

        Assert.All([start, list, one, members], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(1, (await GetAsync(owner, Rollouts)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_unknown_rollout_or_another_organizations_is_not_found()
    {
        var owner = await platform.SignUpAsync();
        await PublishVisionAsync(platform, owner);
        var theirs = await StartAsync(owner, Everyone());
        var other = await platform.SignUpAsync();

        foreach (var uri in new[] { $"{Rollouts}/{Id(theirs)}", $"{Rollouts}/{Id(theirs)}/members", $"{Rollouts}/rol_00000000000000000000000000000000" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(new Uri(uri, UriKind.Relative), Cancel)).StatusCode);
        }
    }

    [Fact]
    public async Task A_retried_start_with_the_same_idempotency_key_starts_one_rollout()
    {
        var owner = await platform.SignUpAsync();
        await PublishVisionAsync(platform, owner);
        var body = Everyone("Once only");

        var first = await PostAsync(owner, body, "rollout-once");
        var retry = await PostAsync(owner, body, "rollout-once");
        var reused = await PostAsync(owner, Everyone("Something else"), "rollout-once");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(Id(await JsonAsync(first)), Id(await JsonAsync(retry)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(1, (await GetAsync(owner, Rollouts)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Rollouts_are_listed_newest_first_and_paged_with_their_progress()
    {
        var owner = await platform.SignUpAsync();
        await PublishVisionAsync(platform, owner);
        var first = await StartAsync(owner, Everyone("First"));
        var second = await StartAsync(owner, Everyone("Second"));
        var third = await StartAsync(owner, Everyone("Third"));

        var page1 = await GetAsync(owner, $"{Rollouts}?pageSize=2");
        var page2 = await GetAsync(owner, $"{Rollouts}?pageSize=2&page=2");

        Assert.Equal(3, page1.GetProperty("total").GetInt32());
        Assert.Equal([Id(third), Id(second)], page1.GetProperty("items").EnumerateArray().Select(Id));
        Assert.Equal([Id(first)], page2.GetProperty("items").EnumerateArray().Select(Id));
        var item = page2.GetProperty("items")[0];
        Assert.Equal("First", item.GetProperty("title").GetString());
        Assert.Equal("Everyone", item.GetProperty("audienceKind").GetString());
        Assert.Equal(1, Count(item, "members"));
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.GetAsync(new Uri($"{Rollouts}?pageSize=101", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task Training_events_move_members_forward_and_the_rollout_shows_counts_average_score_and_percent_complete()
    {
        var owner = await platform.SignUpAsync();
        await PublishVisionAsync(platform, owner);
        var ana = await platform.InviteMemberAsync(owner, "Employee", "Ana");
        var ben = await platform.InviteMemberAsync(owner, "Employee", "Ben");
        var cleo = await platform.InviteMemberAsync(owner, "Employee", "Cleo");
        var rollout = Id(await StartAsync(owner, Everyone()));
        var organization = owner.OrganizationId;

        await AssignedAsync(organization, rollout, owner.MemberId, ana.MemberId, ben.MemberId, cleo.MemberId);
        await Bus.Publish(new TrainingStarted(organization, rollout, "asg_ana", ana.MemberId, DateTimeOffset.UtcNow), Cancel);
        await Bus.Publish(new TrainingCompleted(organization, rollout, "asg_ben", ben.MemberId, DateTimeOffset.UtcNow, 80), Cancel);
        await Bus.Publish(new TrainingCompleted(organization, rollout, "asg_cleo", cleo.MemberId, DateTimeOffset.UtcNow, 95), Cancel);

        var progress = (await WaitForAsync(owner, rollout, r => Count(r, "completed") == 2 && Count(r, "started") == 3 && Count(r, "assigned") == 4, "two completed, three started")).GetProperty("progress");
        Assert.Equal(4, progress.GetProperty("members").GetInt32());
        Assert.Equal(0, progress.GetProperty("overdue").GetInt32());
        Assert.Equal(87.5m, progress.GetProperty("averageScore").GetDecimal());
        Assert.Equal(50m, progress.GetProperty("percentComplete").GetDecimal());

        var completed = (await MembersAsync(owner, rollout, "Completed")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Ben", "Cleo"], completed.Select(m => m.GetProperty("name").GetString()));
        Assert.Equal([80, 95], completed.Select(m => m.GetProperty("score").GetInt32()));
        Assert.All(completed, m => Assert.False(m.GetProperty("overdue").GetBoolean()));
        var started = Assert.Single((await MembersAsync(owner, rollout, "started")).GetProperty("items").EnumerateArray());
        Assert.Equal(ana.MemberId, started.GetProperty("memberId").GetString());
        Assert.Equal(JsonValueKind.Null, started.GetProperty("score").ValueKind);
        var all = await MembersAsync(owner, rollout);
        Assert.Equal(4, all.GetProperty("total").GetInt32());
        Assert.Equal(["Ana", "Ben", "Cleo", "Olivia Owner"], all.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(0, (await MembersAsync(owner, rollout, "Overdue")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_redelivered_late_or_foreign_event_changes_no_count()
    {
        var owner = await platform.SignUpAsync();
        await PublishVisionAsync(platform, owner);
        var ana = await platform.InviteMemberAsync(owner, "Employee", "Ana");
        var rollout = Id(await StartAsync(owner, Everyone()));
        var organization = owner.OrganizationId;
        var completion = new TrainingCompleted(organization, rollout, "asg_ana", ana.MemberId, DateTimeOffset.UtcNow, 90);
        var messageId = Guid.NewGuid();
        await Bus.Publish(completion, Pipe.Execute<PublishContext<TrainingCompleted>>(c => c.MessageId = messageId), Cancel);
        await WaitForAsync(owner, rollout, r => Count(r, "completed") == 1, "the completion is recorded");

        // The same message again, a retake with another score, a late start and assignment, and events the rollout does not know.
        await Bus.Publish(completion, Pipe.Execute<PublishContext<TrainingCompleted>>(c => c.MessageId = messageId), Cancel);
        await Bus.Publish(completion with { ScorePercent = 10 }, Cancel);
        await Bus.Publish(new TrainingStarted(organization, rollout, "asg_ana", ana.MemberId, DateTimeOffset.UtcNow), Cancel);
        await Bus.Publish(new TrainingAssigned(organization, rollout, "asg_ana", ana.MemberId, "vision", InTwoWeeks), Cancel);
        await Bus.Publish(new TrainingCompleted(organization, rollout, "asg_x", "mem_stranger", DateTimeOffset.UtcNow, 50), Cancel);
        await Bus.Publish(new TrainingCompleted(organization, "rol_ffffffffffffffffffffffffffffffff", "asg_y", owner.MemberId, DateTimeOffset.UtcNow, 50), Cancel);
        await Bus.Publish(new TrainingCompleted(organization, "not-a-rollout", "asg_z", owner.MemberId, DateTimeOffset.UtcNow, 50), Cancel);
        await Bus.Publish(new TrainingCompleted(organization, null, "asg_r", owner.MemberId, DateTimeOffset.UtcNow, 50), Cancel);

        // The owner's own completion, published last, shows that everything before it was handled.
        await Bus.Publish(new TrainingCompleted(organization, rollout, "asg_owner", owner.MemberId, DateTimeOffset.UtcNow, 70), Cancel);
        var after = await WaitForAsync(owner, rollout, r => Count(r, "completed") == 2, "the owner's completion is recorded");
        await Task.Delay(500, Cancel);
        after = await GetAsync(owner, $"{Rollouts}/{rollout}");

        Assert.Equal(2, Count(after, "members"));
        Assert.Equal(2, Count(after, "completed"));
        Assert.Equal(80m, after.GetProperty("progress").GetProperty("averageScore").GetDecimal());
        var ana1 = (await MembersAsync(owner, rollout, "Completed")).GetProperty("items").EnumerateArray().Single(m => m.GetProperty("memberId").GetString() == ana.MemberId);
        Assert.Equal(90, ana1.GetProperty("score").GetInt32());
    }

    private Task AssignedAsync(string organization, string rollout, params string[] members) =>
        Task.WhenAll(members.Select(m => Bus.Publish(new TrainingAssigned(organization, rollout, "asg_" + m, m, "vision", InTwoWeeks), Cancel)));

    private static async Task<string> CreateDepartmentAsync(ApiSession owner, string name)
    {
        var response = await owner.Client.PostAsJsonAsync("/api/v1/departments", new { name }, Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return Id(await JsonAsync(response));
    }

    private static async Task<string[]> MemberIdsAsync(ApiSession leader, JsonElement rollout) =>
        [.. (await MembersAsync(leader, Id(rollout))).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("memberId").GetString()!)];

    private static string[] Ids(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
