using System.Diagnostics;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;
using static ServiceVision.Integration.Tests.PlatformHosts;

namespace ServiceVision.Integration.Tests;

/// <summary>
/// (d) of the issue: the training service runs in a process of its own and is stopped in the middle
/// of a rollout. Two hosts share the database and the broker's virtual host, as two processes would:
/// one with the API and the organizations (Roles:Training=false), one with only the training service
/// (Roles:Organizations=false). The fixture's own all-roles host is never started.
/// </summary>
public sealed class TrainingRestartTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    // Two AssignTraining commands of 500, so the stop can catch both batches half-way.
    private const int Members = 1_000;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_the_training_process_mid_rollout_and_starting_it_again_loses_nothing_and_duplicates_nothing()
    {
        // Password hashing made cheap for the 1,000 accepts (see WithCheapPasswordHashing).
        await using var api = platform.WithWebHostBuilder(b =>
        {
            b.UseSetting("Roles:Training", "false");
            WithCheapPasswordHashing(b);
        });
        var training = StartTrainingHost();
        try
        {
            await using var recorder = await BusRecorder.StartAsync(platform.BrokerUri);
            var owner = await SignUpAsync(api);
            await InviteEmployeesAsync(api, owner, Members);

            // Any client works for the helper: it only uses the owner's session, which belongs to the API host.
            await platform.PublishVisionAsync(owner, Statement, [new { kind = "Pillar", text = "Personal touch", order = 0 }]);

            var clock = Stopwatch.StartNew();
            var rolloutId = (await StartRolloutToEmployeesAsync(owner, "Our vision, every shift")).GetProperty("id").GetString()!;
            var assigned = () => recorder.DistinctCount<TrainingAssigned>(e => e.RolloutId == rolloutId);
            while (assigned() < Members / 10)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "The training host assigned nothing within 60 s.");
                await Task.Delay(10, Cancel);
            }

            var atStop = assigned();
            await training.DisposeAsync();
            var stoppedAfter = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
            var whileStopped = await StoredAssignmentsAsync(api, owner.OrganizationId, rolloutId);
            Log($"training host stopped after {stoppedAfter.TotalSeconds:F1} s with {atStop} TrainingAssigned seen; while stopped: {whileStopped.Assignments} assignments stored, "
                + $"{assigned()} TrainingAssigned seen, {await ClaimedOutboxRowsAsync(api)} outbox rows still claimed by the stopped host");

            training = StartTrainingHost();
            var restarted = clock.Elapsed;
            var progress = await WaitForProgressAsync(owner, rolloutId, p => Count(p, "assigned") == Members, TimeSpan.FromSeconds(90), "every assignment is confirmed after the restart");
            var allAfter = clock.Elapsed - restarted;
            await Task.Delay(TimeSpan.FromSeconds(2), Cancel);

            var stored = await StoredAssignmentsAsync(api, owner.OrganizationId, rolloutId);
            var events = recorder.Distinct<TrainingAssigned>().Where(e => e.Message.RolloutId == rolloutId).Select(e => e.Message).ToList();
            var assignmentsPerMember = events.GroupBy(e => e.MemberId).Select(g => g.Select(e => e.AssignmentId).Distinct().Count()).ToList();
            // Events the stopped host had stored and its relay had claimed go out when the claim lease (30 s) ends.
            Log($"after the restart, all confirmed in {allAfter.TotalSeconds:F1} s: assignments: {stored.Assignments}, members: {stored.Members}, duplicates: {stored.Assignments - stored.Members}");
            Log($"TrainingAssigned: {events.Count} distinct messages for {assignmentsPerMember.Count} members, members with two assignment ids: {assignmentsPerMember.Count(n => n > 1)}; progress: {progress}");

            Assert.InRange(whileStopped.Assignments, 0, Members - 1);
            Assert.Equal((Members, Members), stored);
            Assert.Equal(Members, assignmentsPerMember.Count);
            Assert.All(assignmentsPerMember, n => Assert.Equal(1, n));
            Assert.Equal(Members, Count(progress, "members"));
            Assert.Equal(Members, Count(progress, "assigned"));
        }
        finally
        {
            await training.DisposeAsync();
        }
    }

    /// <summary>
    /// A host with only the training service, started at once (so its queues exist before the vision is
    /// published). It stops the way a killed process would leave things: it waits at most a second for
    /// what it is doing, so unfinished commands go back to the broker.
    /// </summary>
    private WebApplicationFactory<Program> StartTrainingHost()
    {
        var host = platform.WithWebHostBuilder(b =>
        {
            b.UseSetting("Roles:Organizations", "false");
            b.ConfigureTestServices(services =>
            {
                services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
                services.Configure<MassTransitHostOptions>(o => o.StopTimeout = TimeSpan.FromSeconds(1));
            });
        });
        _ = host.Services;
        return host;
    }
}
