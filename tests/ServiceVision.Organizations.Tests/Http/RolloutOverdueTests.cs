using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.RolloutHttp;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>
/// Overdue is computed when read, on a clock the test moves. The class runs only its own host
/// (never the fixture's), so no second host's consumers compete for the same queues.
/// </summary>
public sealed class RolloutOverdueTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Past_the_due_date_every_member_not_completed_is_overdue_and_listed_by_name()
    {
        var clock = new ShiftedClock();
        await using var host = platform.WithWebHostBuilder(b => b.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        var owner = await SignUpAsync(host);
        await PublishVisionAsync(platform, owner);
        var employee = await InviteAsync(host, owner, "Emma Employee");
        var rollout = Id(await StartAsync(owner, Everyone(dueAt: DateTimeOffset.UtcNow.AddHours(1))));
        var bus = host.Services.GetRequiredService<IBus>();
        await bus.Publish(new TrainingCompleted(owner.OrganizationId, rollout, "asg_owner", owner.MemberId, DateTimeOffset.UtcNow, 100), Cancel);
        await WaitForAsync(owner, rollout, r => Count(r, "completed") == 1, "the owner's completion is recorded");

        var beforeDue = await GetAsync(owner, $"{Rollouts}/{rollout}");
        clock.Offset = TimeSpan.FromHours(2); // within the 8 hours a session lasts
        var pastDue = await GetAsync(owner, $"{Rollouts}/{rollout}");
        var overdue = await MembersAsync(owner, rollout, "Overdue");

        Assert.Equal(0, Count(beforeDue, "overdue"));
        Assert.Equal(1, Count(pastDue, "overdue"));
        var late = Assert.Single(overdue.GetProperty("items").EnumerateArray());
        Assert.Equal(employee, late.GetProperty("memberId").GetString());
        Assert.Equal("Emma Employee", late.GetProperty("name").GetString());
        Assert.True(late.GetProperty("overdue").GetBoolean());
        Assert.Equal(1, Count((await GetAsync(owner, Rollouts)).GetProperty("items")[0], "overdue"));

        // Completing late still counts, and is no longer overdue.
        await bus.Publish(new TrainingCompleted(owner.OrganizationId, rollout, "asg_emma", employee, DateTimeOffset.UtcNow, 60), Cancel);
        var done = await WaitForAsync(owner, rollout, r => Count(r, "completed") == 2, "the late completion is recorded");
        Assert.Equal(0, Count(done, "overdue"));
        Assert.Equal(100m, done.GetProperty("progress").GetProperty("percentComplete").GetDecimal());
    }

    private static async Task<ApiSession> SignUpAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient();
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        var response = await client.PostAsJsonAsync(
            "/api/v1/signup",
            new { organizationName = "Overdue", slug = "org-" + Guid.NewGuid().ToString("N")[..12], ownerName = "Olivia Owner", email, password },
            Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        var owner = await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
        return new ApiSession(client, owner.GetProperty("organizationId").GetString()!, owner.GetProperty("memberId").GetString()!, email, password);
    }

    private static async Task<string> InviteAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host, ApiSession owner, string name)
    {
        var invited = await owner.Client.PostAsJsonAsync("/api/v1/invitations", new { email = $"member-{Guid.NewGuid():N}@example.com", name, role = "Employee" }, Cancel);
        await ApiSessions.EnsureAsync(invited, HttpStatusCode.Created);
        var token = (await invited.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel)).GetProperty("token").GetString();
        var accepted = await host.CreateClient().PostAsJsonAsync("/api/v1/invitations/accept", new { token, password = "member password 1234" }, Cancel);
        await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
        return (await accepted.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel)).GetProperty("memberId").GetString()!;
    }

    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
