using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Messaging;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Testing;
using static ServiceVision.Integration.Tests.PlatformHosts;

namespace ServiceVision.Integration.Tests;

/// <summary>
/// A rollout's progress is split into shards of about 400 members (RolloutShards). Here 900 members (three
/// shards) complete through TrainingCompleted events on the real bus, concurrently, and redelivered: the
/// rollout's coordinator announces RolloutCompleted exactly once, with every member and the exact average.
/// The host runs without the training role, so the events the test publishes are the only ones.
/// </summary>
public sealed class ShardedRolloutCompletionTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const int Members = 900;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_last_completion_of_a_three_shard_rollout_publishes_RolloutCompleted_once_with_every_member_and_the_exact_average()
    {
        await using var api = platform.WithWebHostBuilder(b => b.UseSetting("Roles:Training", "false"));
        await using var completions = await CompletionRecorder.StartAsync(platform.BrokerUri);
        var owner = await SignUpAsync(api);
        var organizationId = owner.OrganizationId;
        var grains = api.Services.GetRequiredService<IGrainFactory>();
        var bus = api.Services.GetRequiredService<IBus>();
        var rolloutId = RolloutKeys.NewId();
        var memberIds = Enumerable.Range(0, Members).Select(_ => "mem_" + Guid.NewGuid().ToString("N")).ToList();
        var scores = memberIds.Select((_, i) => (i * 37) % 101).ToList();
        var progress = grains.GetGrain<IRolloutProgressGrain>(RolloutKeys.Progress(organizationId, rolloutId));
        using (TenantContext.Enter(organizationId))
        {
            await progress.Start(new RolloutLaunch(rolloutId, RolloutRules.VisionCourseId, DateTimeOffset.UtcNow.AddDays(14), memberIds));
        }

        var layout = await InTenant(organizationId, progress.GetLayout);
        Assert.Equal(new RolloutProgressLayout(Members, 3), layout);

        // Everyone but the last member completes, concurrently (the consumer takes 16 at a time).
        await Task.WhenAll(memberIds.Take(Members - 1).Select((id, i) => CompleteAsync(bus, organizationId, rolloutId, id, scores[i])));
        await WaitForAsync(async () => (await InTenant(organizationId, progress.GetSnapshot))!.Progress.Completed == Members - 1, "899 completions are recorded");
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        Assert.Empty(completions.For(rolloutId));

        await CompleteAsync(bus, organizationId, rolloutId, memberIds[^1], scores[^1]);
        await WaitForAsync(() => Task.FromResult(completions.For(rolloutId).Count > 0), "RolloutCompleted is published");

        // Every completion delivered a second time (new message ids, as a second grading would send): nothing more is announced.
        await Task.WhenAll(memberIds.Select((id, i) => CompleteAsync(bus, organizationId, rolloutId, id, 100 - scores[i])));
        await WaitForQueueDrainedAsync("rollout-training-completed");
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);

        var announced = Assert.Single(completions.For(rolloutId));
        var expectedAverage = Math.Round((decimal)scores.Sum() / Members, 1, MidpointRounding.AwayFromZero);
        Log($"RolloutCompleted: {announced}; expected average {expectedAverage}");
        Assert.Equal(organizationId, announced.OrganizationId);
        Assert.Equal(RolloutRules.VisionCourseId, announced.CourseId);
        Assert.Equal(Members, announced.Members);
        Assert.Equal(expectedAverage, announced.AverageScorePercent);

        var snapshot = (await InTenant(organizationId, progress.GetSnapshot))!.Progress;
        Assert.Equal(new RolloutProgress(Members, Members, Members, Members, 0, expectedAverage, 100m), snapshot);
        var members = await InTenant(organizationId, progress.GetMembers);
        Assert.Equal(memberIds.Order(StringComparer.Ordinal), members.Select(m => m.MemberId).Order(StringComparer.Ordinal));
        Assert.All(members, m => Assert.Equal(scores[memberIds.IndexOf(m.MemberId)], m.Progress.Score));
    }

    private static Task CompleteAsync(IBus bus, string organizationId, string rolloutId, string memberId, int score) =>
        bus.Publish(new TrainingCompleted(organizationId, rolloutId, "asg_" + Guid.NewGuid().ToString("N"), memberId, DateTimeOffset.UtcNow, score), Cancel);

    private static async Task<T> InTenant<T>(string organizationId, Func<Task<T>> call)
    {
        using (TenantContext.Enter(organizationId))
        {
            return await call();
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within 60 s: {what}.");
            await Task.Delay(100, Cancel);
        }
    }

    /// <summary>Until the queue holds no message, ready or unacknowledged, ten reads in a row.</summary>
    private async Task WaitForQueueDrainedAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = platform.BrokerUri };
        await using var connection = await factory.CreateConnectionAsync(Cancel);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var quiet = 0;
        while (quiet < 10)
        {
            var declared = await channel.QueueDeclarePassiveAsync(queue, Cancel);
            quiet = declared.MessageCount == 0 ? quiet + 1 : 0;
            Assert.True(DateTime.UtcNow < deadline, $"{declared.MessageCount} messages still wait in {queue}.");
            await Task.Delay(100, Cancel);
        }
    }

    /// <summary>Every RolloutCompleted delivered to a queue of the test's own, repeats included.</summary>
    private sealed class CompletionRecorder : IAsyncDisposable
    {
        private readonly ConcurrentQueue<RolloutCompleted> received = new();
        private IBusControl? bus;

        public static async Task<CompletionRecorder> StartAsync(Uri broker)
        {
            var recorder = new CompletionRecorder();
            recorder.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(broker);
                cfg.AcceptRelayedMessages();
                cfg.ReceiveEndpoint("test-rollout-completed-" + Guid.NewGuid().ToString("N"), e =>
                {
                    e.AutoDelete = true;
                    e.Handler<RolloutCompleted>(context =>
                    {
                        recorder.received.Enqueue(context.Message);
                        return Task.CompletedTask;
                    });
                });
            });
            await recorder.bus.StartAsync(Cancel);
            return recorder;
        }

        public IReadOnlyList<RolloutCompleted> For(string rolloutId) => [.. received.Where(m => m.RolloutId == rolloutId)];

        public async ValueTask DisposeAsync()
        {
            if (bus is not null)
            {
                await bus.StopAsync(CancellationToken.None);
            }
        }
    }
}
