using System.Text.Json;
using static ServiceVision.Integration.Tests.PlatformHosts;

namespace ServiceVision.Integration.Tests;

/// <summary>
/// The acceptance tests of the issue "Message bus backbone and the training service", over real
/// RabbitMQ and PostgreSQL. They share one scenario (<see cref="RolloutScenario"/>): each runs the
/// steps it needs, once, in order.
/// </summary>
public sealed class RolloutAcceptanceTests(RolloutScenario scenario) : IClassFixture<RolloutScenario>
{
    private const int Members = RolloutScenario.MemberCount;

    [Fact]
    public async Task A_published_vision_rolled_out_to_1000_members_creates_exactly_1000_assignments()
    {
        var step = await scenario.AssignedAsync();

        Log($"rollout to {step.RolloutMembers} members; AssignTraining commands: [{string.Join(", ", step.CommandSizes)}]; all confirmed after {step.ConfirmedAfter.TotalSeconds:F1} s");
        Log($"assignments (members' training API): {step.ApiAssignments}, duplicates: {step.ApiDuplicates}, members without: {step.MembersWithout}");
        Log($"assignments (training store): {step.Stored.Assignments} held by {step.Stored.Members} members; rollout progress: {step.Progress}");
        Assert.Equal(Members, step.RolloutMembers);
        Assert.Equal([500, 500], step.CommandSizes);
        Assert.Equal(Members, step.ApiAssignments);
        Assert.Equal(0, step.ApiDuplicates);
        Assert.Equal(0, step.MembersWithout);
        Assert.Equal((Members, Members), step.Stored);
        Assert.Equal(Members, Count(step.Progress, "members"));
        Assert.Equal(Members, Count(step.Progress, "assigned"));
    }

    [Fact]
    public async Task Completing_every_assignment_brings_the_rollout_to_100_percent()
    {
        var step = await scenario.CompletedAsync();

        // Every one of the 1,000 members took the course through the training HTTP API (no event was made up).
        Log($"1000 courses taken over HTTP in {step.TakenIn.TotalSeconds:F1} s; rollout at 100 % after {step.RecordedAfter.TotalSeconds:F1} s");
        Log($"TrainingCompleted events: {step.CompletedEvents}; members' own scores average {step.MembersAverageScore}; rollout progress: {step.Progress}");
        Assert.Equal(Members, step.CompletedEvents);
        Assert.Equal(Members, Count(step.Progress, "completed"));
        Assert.Equal(Members, Count(step.Progress, "started"));
        Assert.Equal(0, Count(step.Progress, "overdue"));
        Assert.Equal(100m, step.Progress.GetProperty("percentComplete").GetDecimal());
        Assert.Equal(step.MembersAverageScore, step.Progress.GetProperty("averageScore").GetDecimal());
    }

    [Fact]
    public async Task Redelivering_every_message_a_second_time_changes_no_count()
    {
        var step = await scenario.RedeliveredAsync();

        Log($"republished {step.Republished} messages with their MessageIds; consumers' queues drained after {step.DrainedAfter.TotalSeconds:F1} s");
        Log($"before: {step.Before}");
        Log($"after:  {step.After}");
        Assert.Equal(2 + (3 * Members), step.Republished);
        Assert.Equal(step.Before.Deliveries + step.Republished, step.After.Deliveries);
        Assert.Equal(JsonDocument.Parse(step.Before.Progress).RootElement.ToString(), JsonDocument.Parse(step.After.Progress).RootElement.ToString());
        Assert.Equal((Members, Members), step.After.Stored);
        Assert.Equal(Members, step.After.AssignedEvents);
        Assert.Equal(Members, step.After.StartedEvents);
        Assert.Equal(Members, step.After.CompletedEvents);
    }
}
