using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;

namespace ServiceVision.Partners.Tests;

/// <summary>Events on the bus reach exactly the partners their organization granted that kind, in the envelope.</summary>
public sealed class OutboundEventTests(PlatformFactory platform) : IClassFixture<PlatformFactory>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.DeleteCreatedPartnersAsync();

    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(20);

    private IBus Bus => platform.Services.GetRequiredService<IBus>();

    private static TrainingCompleted Completed(string organizationId, string marker) =>
        new(organizationId, "rollout-1", "assignment-" + marker, "member-" + marker, DateTimeOffset.UtcNow, 90);

    private static RecognitionGiven Recognition(string organizationId, string marker) =>
        new(organizationId, "recognition-" + marker, "member-giver", "member-" + marker, ["pillar-1"], [], null, null, DateTimeOffset.UtcNow);

    private static bool Has(List<JsonElement> received, string marker) =>
        received.Any(e => e.GetProperty("data").GetRawText().Contains(marker, StringComparison.Ordinal));

    [Fact]
    public async Task Events_of_a_granting_organization_arrive_in_the_envelope_and_those_of_others_never_do()
    {
        var partner = await platform.CreatePartnerAsync();
        var granting = await platform.SignUpAsync();
        var silent = await platform.SignUpAsync();
        await PartnerHarness.GrantAsync(granting, partner.Id, ["TrainingCompleted"], []);

        // The other organization granted the partner a different kind: its training events must not pass either.
        var other = await platform.CreatePartnerAsync();
        await PartnerHarness.GrantAsync(silent, other.Id, ["TrainingCompleted"], []);

        var leaked = Guid.NewGuid().ToString("N");
        var notGrantedKind = Guid.NewGuid().ToString("N");
        var granted = Guid.NewGuid().ToString("N");
        await Bus.Publish(Completed(silent.OrganizationId, leaked), PartnerHarness.Cancel);
        await Bus.Publish(Recognition(granting.OrganizationId, notGrantedKind), PartnerHarness.Cancel);
        await Bus.Publish(Completed(granting.OrganizationId, granted), PartnerHarness.Cancel);

        await using var connection = await platform.ConnectAsAsync(partner);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: PartnerHarness.Cancel);
        var received = await PartnerHarness.ReadOutboundAsync(channel, partner, r => Has(r, granted), Arrival);
        Assert.True(Has(received, granted), "the granted event did not arrive");

        // Give the others every chance to arrive too (they were published first).
        received.AddRange(await PartnerHarness.ReadOutboundAsync(channel, partner, _ => false, TimeSpan.FromSeconds(2)));
        Assert.False(Has(received, leaked), "an event of an organization that granted nothing reached the partner");
        Assert.False(Has(received, notGrantedKind), "an event kind the organization did not grant reached the partner");

        var envelope = Assert.Single(received);
        Assert.Equal("1.0", envelope.GetProperty("specversion").GetString());
        Assert.Equal("servicevision.training.training-completed.v1", envelope.GetProperty("type").GetString());
        Assert.Equal(granting.OrganizationId, envelope.GetProperty("organizationid").GetString());
        Assert.False(string.IsNullOrEmpty(envelope.GetProperty("id").GetString()));
        Assert.Equal("member-" + granted, envelope.GetProperty("data").GetProperty("memberId").GetString());
        Assert.Equal(90, envelope.GetProperty("data").GetProperty("scorePercent").GetInt32());

        // The other partner got the silent organization's event, and only that.
        await using var otherConnection = await platform.ConnectAsAsync(other);
        await using var otherChannel = await otherConnection.CreateChannelAsync(cancellationToken: PartnerHarness.Cancel);
        var otherReceived = await PartnerHarness.ReadOutboundAsync(otherChannel, other, r => Has(r, leaked), Arrival);
        Assert.True(Has(otherReceived, leaked));
        Assert.False(Has(otherReceived, granted));
    }

    [Fact]
    public async Task A_revoked_grant_stops_delivery_of_events_published_right_after_it()
    {
        var partner = await platform.CreatePartnerAsync();
        var owner = await platform.SignUpAsync();
        var etag = await PartnerHarness.GrantAsync(owner, partner.Id, ["TrainingCompleted", "Recognitions"], []);

        // A second partner keeps its grant: when it has the later event, the revoked partner would have had it too.
        var witness = await platform.CreatePartnerAsync();
        await PartnerHarness.GrantAsync(owner, witness.Id, ["TrainingCompleted", "Recognitions"], []);
        await using var connection = await platform.ConnectAsAsync(partner);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: PartnerHarness.Cancel);

        var before = Guid.NewGuid().ToString("N");
        await Bus.Publish(Completed(owner.OrganizationId, before), PartnerHarness.Cancel);
        Assert.True(Has(await PartnerHarness.ReadOutboundAsync(channel, partner, r => Has(r, before), Arrival), before), "the event before the revocation did not arrive");

        var revoked = await ApiSessions.SendAsync(owner.Client, HttpMethod.Delete, $"/api/v1/partner-grants/{partner.Id}", ifMatch: etag);
        await ApiSessions.EnsureAsync(revoked, System.Net.HttpStatusCode.NoContent);

        // Published as soon as the revocation returned: none of it may arrive.
        var after = Guid.NewGuid().ToString("N");
        await Bus.Publish(Completed(owner.OrganizationId, after), PartnerHarness.Cancel);
        await Bus.Publish(Recognition(owner.OrganizationId, after), PartnerHarness.Cancel);

        await using var witnessConnection = await platform.ConnectAsAsync(witness);
        await using var witnessChannel = await witnessConnection.CreateChannelAsync(cancellationToken: PartnerHarness.Cancel);
        var witnessed = await PartnerHarness.ReadOutboundAsync(witnessChannel, witness, r => r.Count(e => Has([e], after)) == 2, Arrival);
        Assert.Equal(2, witnessed.Count(e => Has([e], after)));

        var received = await PartnerHarness.ReadOutboundAsync(channel, partner, _ => false, TimeSpan.FromSeconds(1));
        Assert.False(Has(received, after), "an event published after the revocation reached the partner");
    }
}
