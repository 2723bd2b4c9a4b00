using System.Diagnostics;
using static ServiceVision.Reliability.Tests.Api;

namespace ServiceVision.Reliability.Tests;

/// <summary>kill -9 of a host while a rollout fans out to 1,000 members (issue #10, item 2).</summary>
[Collection(OneAtATime.Name)]
public sealed class HostCrashTests
{
    private const int Members = 1_000;

    [Fact(Timeout = 600_000)]
    public async Task A_host_killed_in_the_middle_of_a_rollout_to_1000_members_and_restarted_leaves_every_member_exactly_one_assignment()
    {
        await using var cluster = await Cluster.StartAsync(2);
        var (victim, survivor) = (cluster[0], cluster[1]);
        // The balancer sends the organization to the victim (routing by organization).
        using var owner = await SignUpAsync(victim);
        var members = await AddEmployeesAsync(owner, [victim], Members);
        await PublishVisionAsync(owner.On(victim));

        // The rollout starts on the victim: its relay holds the AssignTraining commands, its consumers
        // their share of the work, when it dies.
        var clock = Stopwatch.StartNew();
        var rolloutId = await StartRolloutToEmployeesAsync(owner.On(victim), "Our vision, every shift");
        var atKill = await WaitForAsync(() => ProgressAsync(owner.On(survivor), rolloutId), p => Count(p, "assigned") > 0, TimeSpan.FromSeconds(60), "the first assignments are confirmed");
        await victim.KillAsync();
        Log($"killed {victim.Name} (kill -9) {clock.Elapsed.TotalMilliseconds:F0} ms after the rollout started, with {Count(atKill, "assigned")} of {Members} assignments confirmed");

        await victim.StartAsync(Cluster.StartPatience, Cancel);
        var progress = await WaitForAsync(() => ProgressAsync(owner.On(victim), rolloutId), p => Count(p, "assigned") >= Members, TimeSpan.FromSeconds(120), "every assignment is confirmed after the restart");
        Log($"all {Members} assignments confirmed {clock.Elapsed.TotalSeconds:F1} s after the rollout started; progress {progress}");

        // Redeliveries (the killed host's unacknowledged messages, its claimed outbox rows) must change nothing.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
        var stored = await StoredAssignmentsAsync(cluster, owner.OrganizationId, rolloutId);
        var lost = members.Count(m => !stored.ContainsKey(m));
        var duplicated = stored.Values.Sum(n => n - 1);
        progress = await ProgressAsync(owner.On(survivor), rolloutId);
        Report(nameof(A_host_killed_in_the_middle_of_a_rollout_to_1000_members_and_restarted_leaves_every_member_exactly_one_assignment), (2 * Members) + 4, 1, stored.Count, lost, duplicated);

        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
        Assert.Equal(Members, stored.Count);
        Assert.Equal(Members, Count(progress, "members"));
        Assert.Equal(Members, Count(progress, "assigned"));
    }
}
