using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Messaging;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.VisionHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>What publishing tells the other contexts, and the rest period on a clock the test moves.</summary>
public sealed class VisionEventTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Publishing_delivers_VisionPublished_on_the_broker_with_the_added_changed_and_removed_item_ids()
    {
        await using var listener = await BrokerListener.StartAsync(platform.BrokerUri);
        var owner = await platform.SignUpAsync();
        await SetRuleAsync(owner, 0, 0);

        var version1 = await PublishedAsync(owner, Id(await CreateDraftAsync(owner)));
        var first = await listener.WaitForAsync(m => m.OrganizationId == owner.OrganizationId && m.VersionNumber == 1);
        Assert.Equal(owner.OrganizationId, first.OrganizationId);
        Assert.Equal(1, first.VersionNumber);
        Assert.Equal(owner.MemberId, first.PublishedBy);
        Assert.Equal(Statement, first.Statement);
        Assert.Equal(ItemIds(version1), first.Items.Select(i => i.Id));
        Assert.Equal(ItemIds(version1), first.AddedItemIds);
        Assert.Empty(first.ChangedItemIds);
        Assert.Empty(first.RemovedItemIds);
        Assert.Equal("SubPillar", first.Items[1].Kind);
        Assert.Equal("p-personal", first.Items[1].ParentId);

        var standardId = ItemId(version1, "Answer the phone within three rings");
        var neverId = ItemId(version1, "Say \"that's not my job\"");
        var items = ItemsOf(version1).Where(i => (string?)i["id"] != neverId).ToList();
        items.Single(i => (string?)i["id"] == standardId)["text"] = "Answer the phone within two rings";
        items.Add(new() { ["kind"] = "Always", ["text"] = "Walk the guest to what they are looking for", ["order"] = 1 });
        var draft = await CreateDraftAsync(owner, new { statement = Statement, items, basedOnVersion = 1 });
        var version2 = await PublishedAsync(owner, Id(draft));

        var second = await listener.WaitForAsync(m => m.OrganizationId == owner.OrganizationId && m.VersionNumber == 2);
        Assert.Equal([ItemId(version2, "Walk the guest to what they are looking for")], second.AddedItemIds);
        Assert.Equal([standardId], second.ChangedItemIds);
        Assert.Equal([neverId], second.RemovedItemIds);
        Assert.Equal(version2.GetProperty("publishedAt").GetDateTimeOffset(), second.PublishedAt);
    }

    [Fact]
    public async Task A_draft_may_be_published_from_the_moment_its_rest_period_ends()
    {
        var clock = new ShiftedClock();
        await using var host = platform.WithWebHostBuilder(b => b.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        var owner = await SignUpAsync(host);
        await SetRuleAsync(owner, requiredApprovals: 0, restPeriodHours: 1);
        var draft = await CreateDraftAsync(owner);

        clock.Offset = TimeSpan.FromMinutes(59);
        var early = await PublishAsync(owner, Id(draft));
        clock.Offset = TimeSpan.FromMinutes(61);
        var rested = await PublishAsync(owner, Id(draft));

        Assert.StartsWith("rest period ends at ", Assert.Single(await ReasonsAsync(early)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, rested.StatusCode);
    }

    /// <summary>Signs an organization up on a host of its own (the session helpers take the shared factory).</summary>
    private static async Task<ApiSession> SignUpAsync(WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient();
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        var response = await client.PostAsJsonAsync(
            "/api/v1/signup",
            new { organizationName = "Events", slug = "org-" + Guid.NewGuid().ToString("N")[..12], ownerName = "Olivia Owner", email, password },
            TestContext.Current.CancellationToken);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        var owner = await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, TestContext.Current.CancellationToken);
        return new ApiSession(client, owner.GetProperty("organizationId").GetString()!, owner.GetProperty("memberId").GetString()!, email, password);
    }

    /// <summary>A consumer of our own on the test's virtual host: what a partner or another service would receive.</summary>
    private sealed class BrokerListener : IAsyncDisposable
    {
        private readonly ConcurrentQueue<VisionPublished> received = new();
        private IBusControl? bus;

        public static async Task<BrokerListener> StartAsync(Uri broker)
        {
            var listener = new BrokerListener();
            listener.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(broker);
                cfg.AcceptRelayedMessages();
                cfg.ReceiveEndpoint("test-vision-listener-" + Guid.NewGuid().ToString("N"), e =>
                {
                    e.AutoDelete = true;
                    e.Handler<VisionPublished>(context =>
                    {
                        listener.received.Enqueue(context.Message);
                        return Task.CompletedTask;
                    });
                });
            });
            await listener.bus.StartAsync(TestContext.Current.CancellationToken);
            return listener;
        }

        public async Task<VisionPublished> WaitForAsync(Func<VisionPublished, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                if (received.FirstOrDefault(match) is { } message)
                {
                    return message;
                }

                await Task.Delay(25, TestContext.Current.CancellationToken);
            }

            throw new TimeoutException("VisionPublished did not arrive on the broker within 15 s.");
        }

        public async ValueTask DisposeAsync()
        {
            if (bus is not null)
            {
                await bus.StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>The system clock, moved forward by <see cref="Offset"/>.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
