using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;
using static ServiceVision.Integration.Tests.PlatformHosts;

namespace ServiceVision.Integration.Tests;

/// <summary>
/// The rollout scenario on one platform (every role in one host, real PostgreSQL and RabbitMQ):
/// (a) 1,000 members and a published vision, a rollout to all of them; (b) every member completes the
/// course; (c) every message of (a) and (b) is delivered a second time. Each step runs once, after the
/// one before it, whichever test asks first; its numbers are kept for the test that checks them.
/// </summary>
public sealed class RolloutScenario : IAsyncLifetime
{
    public const int MemberCount = 1_000;

    // The queues of the consumers that a redelivery reaches.
    private static readonly string[] ConsumerQueues = ["training-assign-training", "rollout-training-assigned", "rollout-training-started", "rollout-training-completed"];

    private readonly Lazy<Task<AssignedStep>> assigned;
    private readonly Lazy<Task<CompletedStep>> completed;
    private readonly Lazy<Task<RedeliveredStep>> redelivered;
    private WebApplicationFactory<Program>? host;
    private BusRecorder? recorder;
    private ApiSession? owner;
    private IReadOnlyList<ApiSession> employees = [];

    public RolloutScenario()
    {
        assigned = new(RunAssignedAsync);
        completed = new(RunCompletedAsync);
        redelivered = new(RunRedeliveredAsync);
    }

    /// <summary>The fixture that owns the database and the virtual host; its own host is never started.</summary>
    public PlatformFactory Platform { get; } = new();

    /// <summary>The platform with every role, as production's single process runs it (password hashing made cheap, see <see cref="WithCheapPasswordHashing"/>).</summary>
    private WebApplicationFactory<Program> Host => host ??= Platform.WithWebHostBuilder(WithCheapPasswordHashing);

    private BusRecorder Recorder => recorder ?? throw new InvalidOperationException("Not started.");

    private ApiSession Owner => owner ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => await Platform.InitializeAsync();

    /// <summary>Runs step (a) unless it ran; a failed step stays failed for every test that needs it.</summary>
    public Task<AssignedStep> AssignedAsync() => assigned.Value;

    public Task<CompletedStep> CompletedAsync() => completed.Value;

    public Task<RedeliveredStep> RedeliveredAsync() => redelivered.Value;

    /// <summary>(a) A vision, 1,000 employees through the invitation API, a rollout to the Employee role.</summary>
    private async Task<AssignedStep> RunAssignedAsync()
    {
        recorder = await BusRecorder.StartAsync(Platform.BrokerUri);
        owner = await SignUpAsync(Host);
        employees = await InviteEmployeesAsync(Host, Owner, MemberCount);
        await Platform.PublishVisionAsync(Owner, Statement, [new { kind = "Pillar", text = "Personal touch", order = 0 }]);

        var clock = Stopwatch.StartNew();
        var rollout = await StartRolloutToEmployeesAsync(Owner, "Our vision, every shift");
        var rolloutId = rollout.GetProperty("id").GetString()!;
        var progress = await WaitForProgressAsync(Owner, rolloutId, p => Count(p, "assigned") == MemberCount, TimeSpan.FromSeconds(60), "every assignment is confirmed");
        var confirmedAfter = clock.Elapsed;

        // What each member sees in the training API, and what the training service stored.
        var perMember = new int[employees.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, employees.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            perMember[i] = (await AssignmentsOfAsync(employees[i], rolloutId)).Count);
        var stored = await StoredAssignmentsAsync(Host, Owner.OrganizationId, rolloutId);
        var commands = Recorder.Distinct<AssignTraining>().Where(c => c.Message.RolloutId == rolloutId).Select(c => c.Message.MemberIds.Count).Order().ToList();

        var step = new AssignedStep(
            rolloutId,
            rollout.GetProperty("progress").GetProperty("members").GetInt32(),
            progress,
            perMember.Sum(),
            perMember.Count(n => n > 1),
            perMember.Count(n => n == 0),
            stored,
            commands,
            confirmedAfter);
        return step;
    }

    /// <summary>
    /// (b) Every member takes the course through the training HTTP API (open, answer each module), so the
    /// training service itself publishes TrainingStarted and TrainingCompleted for all 1,000.
    /// </summary>
    private async Task<CompletedStep> RunCompletedAsync()
    {
        var before = await AssignedAsync();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, employees.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var assignment = Assert.Single(await AssignmentsOfAsync(employees[i], before.RolloutId));
            await TakeCourseAsync(employees[i], assignment.GetProperty("id").GetString()!, seed: i);
        });
        var takenIn = clock.Elapsed;
        var progress = await WaitForProgressAsync(Owner, before.RolloutId, p => Count(p, "completed") == MemberCount, TimeSpan.FromSeconds(60), "every completion is recorded");
        var recordedAfter = clock.Elapsed;

        // The scores as the training service graded them, for the members to see.
        var scores = new int[employees.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, employees.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            scores[i] = Assert.Single(await AssignmentsOfAsync(employees[i], before.RolloutId)).GetProperty("scorePercent").GetInt32());
        var average = Math.Round((decimal)scores.Sum() / scores.Length, 1, MidpointRounding.AwayFromZero);
        return new CompletedStep(progress, Recorder.DistinctCount<TrainingCompleted>(m => m.RolloutId == before.RolloutId), average, takenIn, recordedAfter);
    }

    /// <summary>
    /// (c) Every message of the rollout, commands and events, published again through the host's bus with
    /// its original MessageId, as the outbox relay or the broker would redeliver it.
    /// </summary>
    private async Task<RedeliveredStep> RunRedeliveredAsync()
    {
        await CompletedAsync();
        var rolloutId = (await AssignedAsync()).RolloutId;
        var bus = Host.Services.GetRequiredService<IBus>();
        var before = await SnapshotAsync(rolloutId);

        var commands = Recorder.Distinct<AssignTraining>().Where(c => c.Message.RolloutId == rolloutId).ToList();
        var assignedEvents = Recorder.Distinct<TrainingAssigned>().Where(e => e.Message.RolloutId == rolloutId).ToList();
        var startedEvents = Recorder.Distinct<TrainingStarted>().Where(e => e.Message.RolloutId == rolloutId).ToList();
        var completedEvents = Recorder.Distinct<TrainingCompleted>().Where(e => e.Message.RolloutId == rolloutId).ToList();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            Task.WhenAll(commands.Select(c => RepublishAsync(bus, c))),
            Task.WhenAll(assignedEvents.Select(e => RepublishAsync(bus, e))),
            Task.WhenAll(startedEvents.Select(e => RepublishAsync(bus, e))),
            Task.WhenAll(completedEvents.Select(e => RepublishAsync(bus, e))));
        var republished = commands.Count + assignedEvents.Count + startedEvents.Count + completedEvents.Count;

        // The recorder's queue got every copy, so the broker delivered them to every bound queue; wait until the consumers' queues are drained.
        var expected = before.Deliveries + republished;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Deliveries(rolloutId) < expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The recorder saw {Deliveries(rolloutId)} of {expected} deliveries.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await WaitForQueuesDrainedAsync(TimeSpan.FromSeconds(60));
        var drainedAfter = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var after = await SnapshotAsync(rolloutId);
        return new RedeliveredStep(republished, before, after, drainedAfter);
    }

    private static Task RepublishAsync<T>(IBus bus, (Guid MessageId, T Message) entry)
        where T : class =>
        bus.Publish(entry.Message, Pipe.Execute<PublishContext<T>>(c => c.MessageId = entry.MessageId), TestContext.Current.CancellationToken);

    private int Deliveries(string rolloutId) =>
        Recorder.All<AssignTraining>().Count(c => c.Message.RolloutId == rolloutId)
        + Recorder.All<TrainingAssigned>().Count(e => e.Message.RolloutId == rolloutId)
        + Recorder.All<TrainingStarted>().Count(e => e.Message.RolloutId == rolloutId)
        + Recorder.All<TrainingCompleted>().Count(e => e.Message.RolloutId == rolloutId);

    private async Task<Snapshot> SnapshotAsync(string rolloutId) =>
        new(
            (await ProgressAsync(Owner, rolloutId)).ToString(),
            await StoredAssignmentsAsync(Host, Owner.OrganizationId, rolloutId),
            Recorder.DistinctCount<TrainingAssigned>(e => e.RolloutId == rolloutId),
            Recorder.DistinctCount<TrainingStarted>(e => e.RolloutId == rolloutId),
            Recorder.DistinctCount<TrainingCompleted>(e => e.RolloutId == rolloutId),
            Deliveries(rolloutId));

    /// <summary>Until the consumers' queues hold no message, ready or unacknowledged, several reads in a row.</summary>
    private async Task WaitForQueuesDrainedAsync(TimeSpan within)
    {
        var factory = new ConnectionFactory { Uri = Platform.BrokerUri };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow + within;
        var quiet = 0;
        while (quiet < 10)
        {
            var pending = 0u;
            foreach (var queue in ConsumerQueues)
            {
                var declared = await channel.QueueDeclarePassiveAsync(queue, TestContext.Current.CancellationToken);
                pending += declared.MessageCount;
            }

            quiet = pending == 0 ? quiet + 1 : 0;
            Assert.True(DateTime.UtcNow < deadline, $"{pending} messages still wait in the consumers' queues.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (recorder is not null)
        {
            await recorder.DisposeAsync();
        }

        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await Platform.DisposeAsync();
    }
}

/// <param name="RolloutMembers">Members the rollout was started for (its 201 answer).</param>
/// <param name="Progress">The rollout's progress once every assignment was confirmed.</param>
/// <param name="ApiAssignments">Assignments of the rollout the members see in the training API, summed.</param>
/// <param name="ApiDuplicates">Members who see more than one.</param>
/// <param name="MembersWithout">Members who see none.</param>
/// <param name="Stored">Assignments of the rollout in the training service's store, and members holding them.</param>
/// <param name="CommandSizes">Members per AssignTraining command sent.</param>
public sealed record AssignedStep(
    string RolloutId,
    int RolloutMembers,
    JsonElement Progress,
    int ApiAssignments,
    int ApiDuplicates,
    int MembersWithout,
    (int Assignments, int Members) Stored,
    IReadOnlyList<int> CommandSizes,
    TimeSpan ConfirmedAfter);

/// <param name="MembersAverageScore">The mean of the scores the members see in the training API.</param>
public sealed record CompletedStep(JsonElement Progress, int CompletedEvents, decimal MembersAverageScore, TimeSpan TakenIn, TimeSpan RecordedAfter);

/// <summary>The rollout's progress (JSON), the stored assignments, distinct events by MessageId and every delivery the recorder saw.</summary>
public sealed record Snapshot(string Progress, (int Assignments, int Members) Stored, int AssignedEvents, int StartedEvents, int CompletedEvents, int Deliveries);

public sealed record RedeliveredStep(int Republished, Snapshot Before, Snapshot After, TimeSpan DrainedAfter);
