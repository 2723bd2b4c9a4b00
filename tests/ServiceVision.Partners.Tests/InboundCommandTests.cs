using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using ServiceVision.Grains;
using ServiceVision.Partners.Abstractions;
using ServiceVision.Partners.Broker;
using ServiceVision.Testing;

namespace ServiceVision.Partners.Tests;

/// <summary>Commands partners publish to their inbound exchange: good ones take effect and are acked; bad ones get a fault and change nothing.</summary>
public sealed class InboundCommandTests(PlatformFactory platform) : IClassFixture<PlatformFactory>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.DeleteCreatedPartnersAsync();

    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(20);
    private static readonly string[] AllCommands = ["MemberHired", "MemberLeft", "CourseCompleted", "CustomerFeedback"];

    private static JsonElement? ReplyTo(List<JsonElement> received, string commandId) =>
        received.Cast<JsonElement?>().FirstOrDefault(e => e!.Value.GetProperty("data").TryGetProperty("commandId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == commandId);

    private async Task<(IConnection Connection, IChannel Channel)> OpenAsync(TestPartner partner)
    {
        var connection = await platform.ConnectAsAsync(partner);
        return (connection, await connection.CreateChannelAsync(cancellationToken: PartnerHarness.Cancel));
    }

    private static async Task<string> ReadAsync(HttpClient client, string path) =>
        await client.GetStringAsync(new Uri(path, UriKind.Relative), PartnerHarness.Cancel);

    private IPartnerRecordsGrain Records(string organizationId) =>
        platform.Services.GetRequiredService<IGrainFactory>().GetGrain<IPartnerRecordsGrain>(PartnerKeys.Records(organizationId));

    [Fact]
    public async Task Good_commands_take_effect_and_are_acknowledged()
    {
        var partner = await platform.CreatePartnerAsync();
        var owner = await platform.SignUpAsync();
        var leaving = await platform.InviteMemberAsync(owner, "Employee");
        await PartnerHarness.GrantAsync(owner, partner.Id, [], AllCommands);
        var (connection, channel) = await OpenAsync(partner);
        await using var _ = connection;
        await using var __ = channel;

        var email = $"hired-{Guid.NewGuid():N}@example.com";
        var completedAt = DateTimeOffset.UtcNow.AddHours(-1);
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.member-hired.v1", "cmd-hired", owner.OrganizationId, new { email, name = "Hana Hired", role = "Employee" }));
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.member-left.v1", "cmd-left", owner.OrganizationId, new { memberId = leaving.MemberId }));
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.course-completed.v1", "cmd-course", owner.OrganizationId, new { memberId = owner.MemberId, courseId = "lms-42", courseTitle = "Greeting guests", completedAt, scorePercent = 88 }));
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.customer-feedback.v1", "cmd-feedback", owner.OrganizationId, new { csat = 5, comment = "Lovely staff", touchpoint = "Checkout", receivedAt = completedAt }));
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.course-completed.v1", "cmd-course", owner.OrganizationId, new { memberId = owner.MemberId, courseId = "lms-42", courseTitle = "Greeting guests", completedAt, scorePercent = 88 }));

        var received = await PartnerHarness.ReadOutboundAsync(channel, partner, r => r.Count >= 5, Arrival);
        Assert.Equal(5, received.Count);
        Assert.All(received, r => Assert.Equal("servicevision.partner.command-accepted.v1", r.GetProperty("type").GetString()));

        var invitationId = ReplyTo(received, "cmd-hired")!.Value.GetProperty("data").GetProperty("invitationId").GetString();
        var invitations = await ReadAsync(owner.Client, "/api/v1/invitations");
        Assert.Contains(invitationId!, invitations, StringComparison.Ordinal);
        Assert.Contains(email, invitations, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(new Uri($"/api/v1/members/{leaving.MemberId}", UriKind.Relative), PartnerHarness.Cancel)).StatusCode);

        var completion = Assert.Single(await Records(owner.OrganizationId).CourseCompletions());
        Assert.Equal(("lms-42", owner.MemberId, 88), (completion.CourseId, completion.MemberId, completion.ScorePercent));
        Assert.Equal(2, received.Count(r => r.GetProperty("data").GetProperty("commandId").GetString() == "cmd-course"));
        Assert.Single(received, r => r.GetProperty("data").GetProperty("commandId").GetString() == "cmd-course" && r.GetProperty("data").GetProperty("duplicate").GetBoolean());
        var feedback = Assert.Single(await Records(owner.OrganizationId).CustomerFeedback());
        Assert.Equal((5, "Lovely staff"), (feedback.Csat, feedback.Comment));
    }

    [Fact]
    public async Task Bad_commands_get_a_fault_naming_the_reason_and_change_nothing()
    {
        var partner = await platform.CreatePartnerAsync();
        var owner = await platform.SignUpAsync();
        var member = await platform.InviteMemberAsync(owner, "Employee");
        var elsewhere = await platform.SignUpAsync();
        var elsewhereMember = await platform.InviteMemberAsync(elsewhere, "Employee");

        // The organization grants member-left and member-hired only; the other grants this partner nothing.
        await PartnerHarness.GrantAsync(owner, partner.Id, ["TrainingCompleted"], ["MemberLeft", "MemberHired"]);
        var membersBefore = await ReadAsync(owner.Client, "/api/v1/members");
        var invitationsBefore = await ReadAsync(owner.Client, "/api/v1/invitations");
        var elsewhereBefore = await ReadAsync(elsewhere.Client, "/api/v1/members");
        var (connection, channel) = await OpenAsync(partner);
        await using var _ = connection;
        await using var __ = channel;

        await PartnerHarness.PublishCommandAsync(channel, partner, "{ this is not json");
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.member-promoted.v1", "cmd-unknown", owner.OrganizationId, new { memberId = member.MemberId }));
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.member-hired.v1", "cmd-missing", owner.OrganizationId, new { name = "No Email", role = "Employee" }));
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.member-hired.v1", "cmd-owner", owner.OrganizationId, new { email = "boss@example.com", name = "Boss", role = "Owner" }));
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.course-completed.v1", "cmd-ungranted", owner.OrganizationId, new { memberId = member.MemberId, courseId = "lms-1", completedAt = DateTimeOffset.UtcNow }));
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.member-left.v1", "cmd-other-org", elsewhere.OrganizationId, new { memberId = elsewhereMember.MemberId }));
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.member-left.v1", "cmd-cross", owner.OrganizationId, new { memberId = elsewhereMember.MemberId }));
        await PartnerHarness.PublishCommandAsync(channel, partner, """{"specversion":"1.0","type":"servicevision.partner.member-left.v1","id":"cmd-no-org","data":{"memberId":"x"}}""");
        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.member-left.v1", "cmd-wrong-type", owner.OrganizationId, new { memberId = 42 }));

        var received = await PartnerHarness.ReadOutboundAsync(channel, partner, r => r.Count >= 9, Arrival);
        Assert.Equal(9, received.Count);
        Assert.All(received, r => Assert.Equal("servicevision.partner.command-rejected.v1", r.GetProperty("type").GetString()));

        string Reason(string id) => ReplyTo(received, id)!.Value.GetProperty("data").GetProperty("reason").GetString()!;
        string[] Fields(string id) => [.. ReplyTo(received, id)!.Value.GetProperty("data").GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!)];

        Assert.Single(received, r => r.GetProperty("data").GetProperty("reason").GetString() == "MalformedJson");
        Assert.Equal("UnknownType", Reason("cmd-unknown"));
        Assert.Equal("InvalidCommand", Reason("cmd-missing"));
        Assert.Contains("data.email", Fields("cmd-missing"));
        Assert.Equal("InvalidCommand", Reason("cmd-owner"));
        Assert.Contains("data.role", Fields("cmd-owner"));
        Assert.Equal("NotGranted", Reason("cmd-ungranted"));
        Assert.Equal("NotGranted", Reason("cmd-other-org"));
        Assert.Equal("Refused", Reason("cmd-cross"));
        Assert.Equal("InvalidCommand", Reason("cmd-no-org"));
        Assert.Contains("organizationid", Fields("cmd-no-org"));
        Assert.Equal("InvalidCommand", Reason("cmd-wrong-type"));
        Assert.Contains("data.memberId", Fields("cmd-wrong-type"));

        Assert.Equal(membersBefore, await ReadAsync(owner.Client, "/api/v1/members"));
        Assert.Equal(invitationsBefore, await ReadAsync(owner.Client, "/api/v1/invitations"));
        Assert.Equal(elsewhereBefore, await ReadAsync(elsewhere.Client, "/api/v1/members"));
        Assert.Empty(await Records(owner.OrganizationId).CourseCompletions());
    }

    [Fact]
    public async Task A_command_whose_grant_was_revoked_is_refused()
    {
        var partner = await platform.CreatePartnerAsync();
        var owner = await platform.SignUpAsync();
        var etag = await PartnerHarness.GrantAsync(owner, partner.Id, [], ["CourseCompleted"]);
        var (connection, channel) = await OpenAsync(partner);
        await using var _ = connection;
        await using var __ = channel;
        await ApiSessions.EnsureAsync(await ApiSessions.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/partner-grants/{partner.Id}", ifMatch: etag), HttpStatusCode.NoContent);

        await PartnerHarness.PublishCommandAsync(channel, partner, PartnerHarness.Command("servicevision.partner.course-completed.v1", "cmd-late", owner.OrganizationId, new { memberId = owner.MemberId, courseId = "lms-1", completedAt = DateTimeOffset.UtcNow }));

        var received = await PartnerHarness.ReadOutboundAsync(channel, partner, r => r.Count >= 1, Arrival);
        Assert.Equal("NotGranted", Assert.Single(received).GetProperty("data").GetProperty("reason").GetString());
        Assert.Empty(await Records(owner.OrganizationId).CourseCompletions());
    }

    [Fact]
    public async Task A_command_answered_but_not_acknowledged_because_its_channel_closed_is_a_warning_not_a_failure()
    {
        // The moment between the reply and the ack, made certain: a real channel of the platform's broker connection, closed.
        var connection = await platform.Services.GetRequiredService<PartnerBroker>().ConnectionAsync(PartnerHarness.Cancel);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: PartnerHarness.Cancel);
        await channel.CloseAsync(PartnerHarness.Cancel);
        var logger = new CapturingLogger();

        await PartnerInboundService.AcknowledgeAsync(channel, deliveryTag: 1, "partner-closed", logger);

        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("partner-closed", message, StringComparison.Ordinal);
        Assert.Contains("handled as a resent command", message, StringComparison.Ordinal);
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
