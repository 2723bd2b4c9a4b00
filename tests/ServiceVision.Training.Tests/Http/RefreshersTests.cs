using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;
using static ServiceVision.Training.Tests.TrainingHttp;

namespace ServiceVision.Training.Tests.Http;

/// <summary>A new vision version re-trains only what changed, and only who was trained on it.</summary>
public sealed class RefreshersTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_version_that_changes_one_standard_re_trains_only_members_who_had_the_vision_course_and_only_on_that_standard()
    {
        await using var events = await TrainingEventListener.StartAsync(platform.BrokerUri);
        var (owner, employees, version1) = await platform.OrganizationWithCourseAsync(2);
        var (trained, untrained) = (employees[0], employees[1]);
        await platform.AssignAsync(owner.OrganizationId, "rollout-1", DateTimeOffset.UtcNow.AddDays(30), trained.MemberId);
        await WaitForAssignmentsAsync(trained, 1);

        var items = version1.GetProperty("items").EnumerateArray().Select(i => JsonNode.Parse(i.GetRawText())!.AsObject()).ToList();
        items.Single(i => (string?)i["id"] == "s-phone")!["text"] = "Answer the phone within two rings";
        var version2 = await platform.PublishVisionAsync(owner, Statement, items);

        var refresher = await events.WaitForAsync<RefresherAssigned>(e => e.OrganizationId == owner.OrganizationId);
        var published = await events.WaitForAsync<VisionPublished>(e => e.OrganizationId == owner.OrganizationId && e.VersionNumber == 2);
        Assert.Equal(["s-phone"], published.ChangedItemIds);

        // The same event again (at-least-once delivery) re-trains nobody twice.
        await platform.Services.GetRequiredService<IBus>().Publish(published, Cancel);
        await Task.Delay(TrainingEventListener.Quiet * 1.5, Cancel);

        Assert.Single(events.All<RefresherAssigned>(e => e.OrganizationId == owner.OrganizationId));
        Assert.Equal(trained.MemberId, refresher.MemberId);
        Assert.Equal(["s-phone"], refresher.ItemIds);
        Assert.Equal(2, refresher.VisionVersion);
        Assert.Equal(version2.GetProperty("publishedAt").GetDateTimeOffset().AddDays(14), refresher.DueAt);
        var assigned = Assert.Single(events.All<TrainingAssigned>(e => e.AssignmentId == refresher.AssignmentId));
        Assert.Null(assigned.RolloutId);
        Assert.Equal("refresher-v2", assigned.CourseId);

        var list = await GetJsonAsync(trained, Assignments);
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var newest = list.GetProperty("items")[0];
        Assert.Equal(refresher.AssignmentId, newest.GetProperty("id").GetString());
        Assert.Equal(2, newest.GetProperty("refresherVersion").GetInt32());
        var detail = await GetJsonAsync(trained, $"{Assignments}/{refresher.AssignmentId}");
        Assert.Equal(["s-phone"], detail.GetProperty("itemIds").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(["attestation", "scenarios"], detail.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["s-phone"], Module(detail, "attestation").GetProperty("acknowledgements").EnumerateArray().Select(a => a.GetProperty("itemId").GetString()));
        var scenario = Assert.Single(Module(detail, "scenarios").GetProperty("questions").EnumerateArray());
        Assert.Contains("Answer the phone within two rings.", scenario.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("text").GetString()));

        Assert.Equal(0, (await GetJsonAsync(untrained, Assignments)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJsonAsync(owner, Assignments)).GetProperty("total").GetInt32());
        Assert.Equal(2, (await GetJsonAsync(owner, $"{Courses}/vision")).GetProperty("visionVersion").GetInt32());
    }
}
