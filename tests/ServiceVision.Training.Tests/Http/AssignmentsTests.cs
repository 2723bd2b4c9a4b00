using System.Net;
using System.Text.Json;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;
using static ServiceVision.Training.Tests.TrainingHttp;

namespace ServiceVision.Training.Tests.Http;

/// <summary>AssignTraining on the bus, and employees taking their assignments over HTTP.</summary>
public sealed class AssignmentsTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static readonly DateTimeOffset DueAt = DateTimeOffset.UtcNow.AddDays(7);
    private static readonly string[] UnknownChoice = ["zz"];
    private static readonly string[] OneStandard = ["s-phone"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_AssignTraining_command_creates_one_assignment_per_member_and_a_repeat_creates_nothing()
    {
        await using var events = await TrainingEventListener.StartAsync(platform.BrokerUri);
        var (owner, employees, _) = await platform.OrganizationWithCourseAsync(3);
        var (a, b, c) = (employees[0], employees[1], employees[2]);

        await platform.AssignAsync(owner.OrganizationId, "rollout-1", DueAt, a.MemberId, b.MemberId);
        await WaitForAssignmentsAsync(a, 1);
        await WaitForAssignmentsAsync(b, 1);
        await platform.AssignAsync(owner.OrganizationId, "rollout-1", DueAt, a.MemberId, b.MemberId);
        await platform.AssignAsync(owner.OrganizationId, "rollout-1", DueAt, a.MemberId, b.MemberId, c.MemberId);
        await WaitForAssignmentsAsync(c, 1);
        await Task.Delay(TrainingEventListener.Quiet, Cancel);

        foreach (var member in employees)
        {
            var list = await GetJsonAsync(member, Assignments);
            var assignment = Assert.Single(list.GetProperty("items").EnumerateArray());
            Assert.Equal("rollout-1", assignment.GetProperty("rolloutId").GetString());
            Assert.Equal("vision", assignment.GetProperty("courseId").GetString());
            Assert.Equal("NotStarted", assignment.GetProperty("status").GetString());
            Assert.Equal(0, assignment.GetProperty("progressPercent").GetInt32());
            Assert.Equal(DueAt.ToUnixTimeMilliseconds(), assignment.GetProperty("dueAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        }

        var assigned = events.All<TrainingAssigned>(e => e.OrganizationId == owner.OrganizationId);
        Assert.Equal(new[] { a.MemberId, b.MemberId, c.MemberId }.Order(StringComparer.Ordinal), assigned.Select(e => e.MemberId).Order(StringComparer.Ordinal));
        Assert.All(assigned, e => Assert.Equal("rollout-1", e.RolloutId));
        Assert.Equal(0, (await GetJsonAsync(owner, Assignments)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_employee_takes_the_course_wrong_answers_count_as_wrong_and_completion_is_published_once()
    {
        await using var events = await TrainingEventListener.StartAsync(platform.BrokerUri);
        var (owner, employees, _) = await platform.OrganizationWithCourseAsync(1);
        var employee = employees[0];
        var course = await GetJsonAsync(owner, $"{Courses}/vision");
        await platform.AssignAsync(owner.OrganizationId, "rollout-quiz", DueAt, employee.MemberId);
        var id = (await WaitForAssignmentsAsync(employee, 1)).GetProperty("items")[0].GetProperty("id").GetString();
        var answers = RightAnswers(course);
        answers["recall"] = new { answers = new[] { WrongAnswer(Question(course, "recall-statement")), RightAnswer(Question(course, "recall-keyword")) } };

        var started = await JsonAsync(await SendAsync(employee.Client, HttpMethod.Post, $"{Assignments}/{id}/start"));
        await JsonAsync(await SendAsync(employee.Client, HttpMethod.Post, $"{Assignments}/{id}/start"));
        var results = new List<JsonElement>();
        foreach (var (moduleId, body) in answers)
        {
            results.Add(await JsonAsync(await SendAsync(employee.Client, HttpMethod.Post, $"{Assignments}/{id}/modules/{moduleId}/answers", body)));
        }

        var again = await SendAsync(employee.Client, HttpMethod.Post, $"{Assignments}/{id}/modules/recall/answers", answers["recall"]);

        Assert.Equal("InProgress", started.GetProperty("status").GetString());
        var recall = results[0];
        Assert.Equal(50, recall.GetProperty("scorePercent").GetInt32());
        Assert.Equal([false, true], recall.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("correct").GetBoolean()));
        Assert.False(recall.GetProperty("assignmentCompleted").GetBoolean());
        var last = results[^1];
        var questions = course.GetProperty("modules").EnumerateArray().Sum(m => m.GetProperty("questions").GetArrayLength());
        var score = (int)Math.Round(100.0 * (questions - 1) / questions, MidpointRounding.AwayFromZero);
        Assert.True(last.GetProperty("assignmentCompleted").GetBoolean());
        Assert.Equal(100, last.GetProperty("progressPercent").GetInt32());
        Assert.Equal(score, last.GetProperty("assignmentScorePercent").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var completed = await events.WaitForAsync<TrainingCompleted>(e => e.AssignmentId == id);
        await Task.Delay(TrainingEventListener.Quiet, Cancel);
        Assert.Equal(score, completed.ScorePercent);
        Assert.Equal("rollout-quiz", completed.RolloutId);
        Assert.Equal(employee.MemberId, completed.MemberId);
        Assert.Single(events.All<TrainingCompleted>(e => e.AssignmentId == id));
        Assert.Single(events.All<TrainingStarted>(e => e.AssignmentId == id));

        var summary = (await GetJsonAsync(employee, Assignments)).GetProperty("items")[0];
        Assert.Equal("Completed", summary.GetProperty("status").GetString());
        Assert.Equal(100, summary.GetProperty("progressPercent").GetInt32());
        Assert.Equal(score, summary.GetProperty("scorePercent").GetInt32());
        var detail = await GetJsonAsync(employee, $"{Assignments}/{id}");
        Assert.All(detail.GetProperty("modules").EnumerateArray(), m => Assert.True(m.GetProperty("completed").GetBoolean()));
    }

    [Fact]
    public async Task The_employee_view_never_carries_the_right_answers()
    {
        var (owner, employees, _) = await platform.OrganizationWithCourseAsync(1);
        var course = await GetJsonAsync(owner, $"{Courses}/vision");
        await platform.AssignAsync(owner.OrganizationId, "rollout-view", DueAt, employees[0].MemberId);
        var id = (await WaitForAssignmentsAsync(employees[0], 1)).GetProperty("items")[0].GetProperty("id").GetString();

        var detail = await GetJsonAsync(employees[0], $"{Assignments}/{id}");
        var keyword = Question(course, "recall-keyword").GetProperty("acceptedAnswers")[0].GetString()!;

        var raw = detail.GetRawText();
        Assert.DoesNotContain("correctChoiceIds", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("acceptedAnswers", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("_____", Question(detail, "recall-keyword").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(keyword, Question(detail, "recall-keyword").GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(
            course.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("id").GetString()),
            detail.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(4, Question(detail, "recall-statement").GetProperty("choices").GetArrayLength());
    }

    [Fact]
    public async Task An_assignment_keeps_the_course_as_it_was_when_assigned()
    {
        var (owner, employees, _) = await platform.OrganizationWithCourseAsync(1);
        await platform.AssignAsync(owner.OrganizationId, "rollout-copy", DueAt, employees[0].MemberId);
        var id = (await WaitForAssignmentsAsync(employees[0], 1)).GetProperty("items")[0].GetProperty("id").GetString();
        var course = await GetJsonAsync(owner, $"{Courses}/vision");
        var body = EditBody(course);
        body["modules"]![4]!["questions"]![0]!["text"] = "A new situation. What do you do?";
        await JsonAsync(await SendAsync(owner.Client, HttpMethod.Put, $"{Courses}/vision", body, "\"1\""));

        var detail = await GetJsonAsync(employees[0], $"{Assignments}/{id}");

        Assert.Equal(Question(course, "scenario-s-phone").GetProperty("text").GetString(), Question(detail, "scenario-s-phone").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Invalid_answers_are_400_naming_the_field_and_record_nothing()
    {
        var (owner, employees, _) = await platform.OrganizationWithCourseAsync(1);
        var employee = employees[0];
        var course = await GetJsonAsync(owner, $"{Courses}/vision");
        await platform.AssignAsync(owner.OrganizationId, "rollout-invalid", DueAt, employee.MemberId);
        var id = (await WaitForAssignmentsAsync(employee, 1)).GetProperty("items")[0].GetProperty("id").GetString();
        var recall = $"{Assignments}/{id}/modules/recall/answers";

        var badChoice = await SendAsync(employee.Client, HttpMethod.Post, recall, new
        {
            answers = new object[] { new { questionId = "recall-statement", choiceIds = UnknownChoice }, RightAnswer(Question(course, "recall-keyword")) },
        });
        var unanswered = await SendAsync(employee.Client, HttpMethod.Post, recall, new { answers = new[] { RightAnswer(Question(course, "recall-keyword")) } });
        var noText = await SendAsync(employee.Client, HttpMethod.Post, recall, new
        {
            answers = new object[] { RightAnswer(Question(course, "recall-statement")), new { questionId = "recall-keyword", text = " " } },
        });
        var missingBody = await SendAsync(employee.Client, HttpMethod.Post, recall, new { });
        var partialAttestation = await SendAsync(employee.Client, HttpMethod.Post, $"{Assignments}/{id}/modules/attestation/answers", new { acknowledgedItemIds = OneStandard });

        Assert.Equal(["answers[0].choiceIds[0]"], await ErrorFieldsAsync(badChoice));
        Assert.Equal(["answers"], await ErrorFieldsAsync(unanswered));
        Assert.Equal(["answers[1].text"], await ErrorFieldsAsync(noText));
        Assert.Equal(["answers"], await ErrorFieldsAsync(missingBody));
        Assert.Equal(["acknowledgedItemIds"], await ErrorFieldsAsync(partialAttestation));
        var detail = await GetJsonAsync(employee, $"{Assignments}/{id}");
        Assert.Equal("NotStarted", detail.GetProperty("status").GetString());
        Assert.Equal(0, detail.GetProperty("modulesCompleted").GetInt32());
    }

    [Fact]
    public async Task Another_members_assignment_and_unknown_modules_are_not_found()
    {
        var (owner, employees, _) = await platform.OrganizationWithCourseAsync(2);
        var course = await GetJsonAsync(owner, $"{Courses}/vision");
        await platform.AssignAsync(owner.OrganizationId, "rollout-mine", DueAt, employees[0].MemberId);
        var id = (await WaitForAssignmentsAsync(employees[0], 1)).GetProperty("items")[0].GetProperty("id").GetString();
        var answers = RightAnswers(course)["recall"];

        var read = await employees[1].Client.GetAsync(new Uri($"{Assignments}/{id}", UriKind.Relative), Cancel);
        var start = await SendAsync(employees[1].Client, HttpMethod.Post, $"{Assignments}/{id}/start");
        var answer = await SendAsync(employees[1].Client, HttpMethod.Post, $"{Assignments}/{id}/modules/recall/answers", answers);
        var byOwner = await owner.Client.GetAsync(new Uri($"{Assignments}/{id}", UriKind.Relative), Cancel);
        var unknownModule = await SendAsync(employees[0].Client, HttpMethod.Post, $"{Assignments}/{id}/modules/nope/answers", answers);
        var unknownAssignment = await employees[0].Client.GetAsync(new Uri($"{Assignments}/asg_nope", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownModule.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownAssignment.StatusCode);
        Assert.Equal("NotStarted", (await GetJsonAsync(employees[0], $"{Assignments}/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_Idempotency_Key_gets_the_same_result()
    {
        var (owner, employees, _) = await platform.OrganizationWithCourseAsync(1);
        var course = await GetJsonAsync(owner, $"{Courses}/vision");
        await platform.AssignAsync(owner.OrganizationId, "rollout-retry", DueAt, employees[0].MemberId);
        var id = (await WaitForAssignmentsAsync(employees[0], 1)).GetProperty("items")[0].GetProperty("id").GetString();
        var uri = $"{Assignments}/{id}/modules/pillar-p-beyond/answers";
        var body = RightAnswers(course)["pillar-p-beyond"];

        var first = await SendAsync(employees[0].Client, HttpMethod.Post, uri, body, idempotencyKey: "answer-1");
        var retry = await SendAsync(employees[0].Client, HttpMethod.Post, uri, body, idempotencyKey: "answer-1");

        Assert.Equal((await JsonAsync(first)).GetRawText(), (await JsonAsync(retry)).GetRawText());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, (await GetJsonAsync(employees[0], $"{Assignments}/{id}")).GetProperty("modulesCompleted").GetInt32());
    }
}
