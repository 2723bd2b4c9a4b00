using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceVision.Testing;
using static ServiceVision.Training.Tests.TrainingHttp;

namespace ServiceVision.Training.Tests.Http;

/// <summary>The vision course built from a published vision, and leaders' edits of it.</summary>
public sealed class CoursesTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Publishing_a_vision_builds_a_course_with_recall_a_module_per_pillar_an_attestation_and_scenarios()
    {
        var owner = await platform.SignUpAsync();
        Assert.Equal(0, (await GetJsonAsync(owner, Courses)).GetProperty("total").GetInt32());

        await platform.PublishVisionAsync(owner, Statement, Items());
        var course = await WaitForCourseAsync(owner, 1);
        var list = await GetJsonAsync(owner, Courses);

        var summary = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("vision", summary.GetProperty("id").GetString());
        Assert.Equal(5, summary.GetProperty("moduleCount").GetInt32());
        Assert.Equal(1, course.GetProperty("visionVersion").GetInt32());
        Assert.Equal(
            ["recall", "pillar-p-personal", "pillar-p-beyond", "attestation", "scenarios"],
            course.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        var personal = Module(course, "pillar-p-personal");
        Assert.Equal("Personal touch", personal.GetProperty("title").GetString());
        Assert.Equal(["p-personal", "sp-name", "sp-prefs"], personal.GetProperty("itemIds").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(
            ["s-phone", "s-mail", "n-job", "a-thanks"],
            Module(course, "attestation").GetProperty("acknowledgements").EnumerateArray().Select(a => a.GetProperty("itemId").GetString()));
        Assert.Equal(
            ["scenario-s-phone", "scenario-s-mail"],
            Module(course, "scenarios").GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("id").GetString()));
        var recall = Question(course, "recall-statement");
        Assert.Contains(Statement, recall.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_leader_rewords_a_question_and_moves_its_right_answer_with_If_Match()
    {
        var (owner, _, _) = await platform.OrganizationWithCourseAsync(0);
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        var read = await leader.Client.GetAsync(new Uri($"{Courses}/vision", UriKind.Relative), TestContext.Current.CancellationToken);
        var course = await JsonAsync(read);
        var body = EditBody(course);
        var question = body["modules"]![4]!["questions"]![0]!;
        question["text"] = "The phone rings while you serve a guest at the desk. What do you do?";
        question["choices"] = JsonSerializer.SerializeToNode(new[] { new { id = "answer", text = "Excuse yourself and answer it" }, new { id = "wait", text = "Let it ring" } });
        question["correctChoiceIds"] = new JsonArray("answer");

        var edited = await SendAsync(leader.Client, HttpMethod.Put, $"{Courses}/vision", body, read.Headers.ETag!.Tag);

        var view = await JsonAsync(edited);
        Assert.Equal("\"2\"", edited.Headers.ETag!.Tag);
        var reread = await GetJsonAsync(owner, $"{Courses}/vision");
        var scenario = Question(reread, "scenario-s-phone");
        Assert.Equal("The phone rings while you serve a guest at the desk. What do you do?", scenario.GetProperty("text").GetString());
        Assert.Equal(["answer"], scenario.GetProperty("correctChoiceIds").EnumerateArray().Select(c => c.GetString()));
        Assert.True(scenario.GetProperty("edited").GetBoolean());
        Assert.Equal(leader.MemberId, view.GetProperty("updatedBy").GetString());
        Assert.Equal(2, reread.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task An_edit_with_a_stale_or_missing_If_Match_is_refused_and_changes_nothing()
    {
        var (owner, _, _) = await platform.OrganizationWithCourseAsync(0);
        var course = await GetJsonAsync(owner, $"{Courses}/vision");
        var body = EditBody(course);
        body["title"] = "Changed";

        var stale = await SendAsync(owner.Client, HttpMethod.Put, $"{Courses}/vision", body, "\"7\"");
        var missing = await SendAsync(owner.Client, HttpMethod.Put, $"{Courses}/vision", body);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        var after = await GetJsonAsync(owner, $"{Courses}/vision");
        Assert.Equal(course.GetProperty("title").GetString(), after.GetProperty("title").GetString());
        Assert.Equal(1, after.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Invalid_edits_are_400_naming_each_field_and_change_nothing()
    {
        var (owner, _, _) = await platform.OrganizationWithCourseAsync(0);
        var course = await GetJsonAsync(owner, $"{Courses}/vision");
        var body = EditBody(course);
        body["title"] = " ";
        body["modules"]![1]!["questions"]![0]!["choices"] = JsonSerializer.SerializeToNode(new[] { new { id = "only", text = "One choice" } });
        body["modules"]![0]!["questions"]![1]!["acceptedAnswers"] = new JsonArray();
        body["modules"]![4]!["questions"]![1]!["correctChoiceIds"] = new JsonArray("zz");

        var response = await SendAsync(owner.Client, HttpMethod.Put, $"{Courses}/vision", body, "\"1\"");

        Assert.Equal(
            ["modules[0].questions[1].acceptedAnswers", "modules[1].questions[0].choices", "modules[1].questions[0].correctChoiceIds[0]", "modules[1].questions[0].correctChoiceIds[1]", "modules[4].questions[1].correctChoiceIds[0]", "title"],
            (await ErrorFieldsAsync(response)).Order(StringComparer.Ordinal));
        var after = await GetJsonAsync(owner, $"{Courses}/vision");
        Assert.Equal(course.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task An_edit_must_list_every_module()
    {
        var (owner, _, _) = await platform.OrganizationWithCourseAsync(0);
        var body = EditBody(await GetJsonAsync(owner, $"{Courses}/vision"));
        body["modules"]!.AsArray().RemoveAt(2);

        var response = await SendAsync(owner.Client, HttpMethod.Put, $"{Courses}/vision", body, "\"1\"");

        Assert.Equal(["modules"], await ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task Employees_may_not_read_or_edit_courses_and_an_unknown_course_is_not_found()
    {
        var (owner, employees, _) = await platform.OrganizationWithCourseAsync(1);
        var body = EditBody(await GetJsonAsync(owner, $"{Courses}/vision"));

        var list = await employees[0].Client.GetAsync(new Uri(Courses, UriKind.Relative), TestContext.Current.CancellationToken);
        var one = await employees[0].Client.GetAsync(new Uri($"{Courses}/vision", UriKind.Relative), TestContext.Current.CancellationToken);
        var edit = await SendAsync(employees[0].Client, HttpMethod.Put, $"{Courses}/vision", body, "\"1\"");
        var unknown = await owner.Client.GetAsync(new Uri($"{Courses}/nope", UriKind.Relative), TestContext.Current.CancellationToken);
        var unknownEdit = await SendAsync(owner.Client, HttpMethod.Put, $"{Courses}/nope", body, "\"1\"");

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, one.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownEdit.StatusCode);
        Assert.Equal(1, (await GetJsonAsync(owner, $"{Courses}/vision")).GetProperty("revision").GetInt64());
    }
}
