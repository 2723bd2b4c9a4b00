using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;
using static ServiceVision.Training.Tests.TrainingHttp;

namespace ServiceVision.Training.Tests.Http;

/// <summary>
/// A complaint mapped to vision items (ComplaintMapped) gives the members of its location and role a
/// refresher on those items: organizations resolves them and sends AssignRefresher, training assigns.
/// </summary>
public sealed class ComplaintRefresherTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_employees_of_the_complaints_location_and_only_they_get_one_refresher_on_its_items_even_when_it_is_delivered_twice()
    {
        await using var events = await TrainingEventListener.StartAsync(platform.BrokerUri);
        var org = await OrganizationAsync();
        var complaint = Complaint(org.Owner.OrganizationId, org.North, "Employee", ["s-phone", "n-job"]);

        await PublishAsync(complaint);
        var assignment = await WaitForRefresherAsync(org.NorthEmployee);
        await PublishAsync(complaint);
        await Task.Delay(TrainingEventListener.Quiet * 2, Cancel);

        var refreshers = events.All<RefresherAssigned>(e => e.OrganizationId == org.Owner.OrganizationId);
        Assert.Equal([org.NorthEmployee.MemberId], refreshers.Select(r => r.MemberId));
        Assert.Equal(["s-phone", "n-job"], refreshers[0].ItemIds);
        Assert.Equal(1, (await GetJsonAsync(org.NorthEmployee, Assignments)).GetProperty("total").GetInt32());
        foreach (var other in new[] { org.NorthLeader, org.SouthEmployee, org.Unplaced, org.Owner })
        {
            Assert.Equal(0, (await GetJsonAsync(other, Assignments)).GetProperty("total").GetInt32());
        }

        Assert.Equal(JsonValueKind.Null, assignment.GetProperty("rolloutId").ValueKind);
        Assert.Equal("A customer complaint at Harbour North broke these parts of our vision", assignment.GetProperty("courseTitle").GetString());
        Assert.Equal(complaint.MappedAt.AddDays(7), assignment.GetProperty("dueAt").GetDateTimeOffset());
        var detail = await GetJsonAsync(org.NorthEmployee, $"{Assignments}/{assignment.GetProperty("id").GetString()}");
        Assert.Equal(["s-phone", "n-job"], detail.GetProperty("itemIds").EnumerateArray().Select(i => i.GetString()));
        Assert.NotEmpty(detail.GetProperty("modules").EnumerateArray());
    }

    [Fact]
    public async Task A_complaint_without_location_or_role_re_trains_every_member()
    {
        var org = await OrganizationAsync();

        await PublishAsync(Complaint(org.Owner.OrganizationId, locationId: null, role: null, ["a-thanks"]));

        foreach (var member in new[] { org.NorthEmployee, org.NorthLeader, org.SouthEmployee, org.Unplaced, org.Owner })
        {
            await WaitForRefresherAsync(member);
        }
    }

    [Fact]
    public async Task A_role_without_a_location_re_trains_that_role_at_every_location_and_another_complaint_is_another_refresher()
    {
        await using var events = await TrainingEventListener.StartAsync(platform.BrokerUri);
        var org = await OrganizationAsync();

        await PublishAsync(Complaint(org.Owner.OrganizationId, locationId: null, "Leader", ["s-mail"]));
        await WaitForRefresherAsync(org.NorthLeader);
        await PublishAsync(Complaint(org.Owner.OrganizationId, org.North, "leader", ["s-phone"]));
        await Eventually.HoldsAsync(
            async () => (await GetJsonAsync(org.NorthLeader, Assignments)).GetProperty("total").GetInt32() == 2,
            Eventually.Patience,
            "the second complaint's refresher reaches the leader at North");
        await Task.Delay(TrainingEventListener.Quiet, Cancel);

        Assert.All(events.All<RefresherAssigned>(e => e.OrganizationId == org.Owner.OrganizationId), r => Assert.Equal(org.NorthLeader.MemberId, r.MemberId));
        Assert.Equal(0, (await GetJsonAsync(org.NorthEmployee, Assignments)).GetProperty("total").GetInt32());
    }

    private static ComplaintMapped Complaint(string organizationId, string? locationId, string? role, IReadOnlyList<string> itemIds) =>
        new(organizationId, "rec_" + Guid.NewGuid().ToString("N"), itemIds, locationId, role, "mem_leader", new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero));

    private Task PublishAsync(ComplaintMapped complaint) => platform.Services.GetRequiredService<IBus>().Publish(complaint, Cancel);

    /// <summary>Polls the member's assignments until one refresher (an assignment outside any rollout) is there; returns it.</summary>
    private static async Task<JsonElement> WaitForRefresherAsync(ApiSession member)
    {
        JsonElement? found = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                var list = await GetJsonAsync(member, Assignments);
                found = list.GetProperty("items").EnumerateArray().Where(a => a.GetProperty("rolloutId").ValueKind == JsonValueKind.Null).Select(a => (JsonElement?)a).FirstOrDefault();
                return found is not null;
            },
            Eventually.Patience,
            $"member {member.MemberId} gets a refresher");
        return found!.Value;
    }

    /// <summary>
    /// An organization with a built vision course, two locations and members: an employee and a leader
    /// at "Harbour North", an employee at "Harbour South", an employee at no location, and the owner.
    /// </summary>
    private async Task<Organization> OrganizationAsync()
    {
        var (owner, _, version) = await platform.OrganizationWithCourseAsync(0);
        Assert.Equal(1, version.GetProperty("number").GetInt32());
        var north = await CreateLocationAsync(owner, "Harbour North");
        var south = await CreateLocationAsync(owner, "Harbour South");
        return new Organization(
            owner,
            north,
            await InviteAtAsync(owner, "Employee", north),
            await InviteAtAsync(owner, "Leader", north),
            await InviteAtAsync(owner, "Employee", south),
            await InviteAtAsync(owner, "Employee", locationId: null));
    }

    private static async Task<string> CreateLocationAsync(ApiSession owner, string name) =>
        (await JsonAsync(await SendAsync(owner.Client, HttpMethod.Post, "/api/v1/locations", new { name }), HttpStatusCode.Created)).GetProperty("id").GetString()!;

    private async Task<ApiSession> InviteAtAsync(ApiSession owner, string role, string? locationId)
    {
        var email = $"complaint-{Guid.NewGuid():N}@example.com";
        const string password = "member password 1234";
        var invited = await JsonAsync(await SendAsync(owner.Client, HttpMethod.Post, "/api/v1/invitations", new { email, name = role + " Member", role, locationId }), HttpStatusCode.Created);

        var client = platform.CreateClient();
        var accepted = await JsonAsync(await client.PostAsJsonAsync("/api/v1/invitations/accept", new { token = invited.GetProperty("token").GetString(), password }, Cancel));
        return new ApiSession(client, accepted.GetProperty("organizationId").GetString()!, accepted.GetProperty("memberId").GetString()!, email, password);
    }

    private sealed record Organization(ApiSession Owner, string North, ApiSession NorthEmployee, ApiSession NorthLeader, ApiSession SouthEmployee, ApiSession Unplaced);
}
