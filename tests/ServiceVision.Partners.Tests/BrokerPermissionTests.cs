using System.Text;
using RabbitMQ.Client;
using ServiceVision.Testing;

namespace ServiceVision.Partners.Tests;

/// <summary>
/// Against the real broker: a partner's credentials reach its own outbound queue and inbound
/// exchange and nothing else. The broker itself refuses (AMQP 403 ACCESS_REFUSED), not our code.
/// </summary>
public sealed class BrokerPermissionTests(PlatformFactory platform) : IClassFixture<PlatformFactory>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.DeleteCreatedPartnersAsync();

    private const int AccessRefused = 403;

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"specversion":"1.0"}""");

    [Fact]
    public async Task A_partner_reads_its_own_outbound_queue_and_writes_its_own_inbound_exchange()
    {
        var partner = await platform.CreatePartnerAsync();
        await using var connection = await platform.ConnectAsAsync(partner);

        Assert.Equal(0, await PartnerHarness.RefusalCodeAsync(connection, async channel => await channel.BasicGetAsync(partner.OutboundQueue, autoAck: true, PartnerHarness.Cancel)));
        Assert.Equal(0, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.BasicPublishAsync(partner.InboundExchange, "", Body, PartnerHarness.Cancel)));
    }

    [Fact]
    public async Task A_partner_cannot_read_another_partners_queue()
    {
        var partner = await platform.CreatePartnerAsync();
        var other = await platform.CreatePartnerAsync();
        await using var connection = await platform.ConnectAsAsync(partner);

        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.BasicGetAsync(other.OutboundQueue, autoAck: true, PartnerHarness.Cancel)));
        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.BasicConsumeAsync(other.OutboundQueue, autoAck: true, new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(channel), PartnerHarness.Cancel)));
    }

    [Fact]
    public async Task A_partner_cannot_read_its_own_inbound_queue_nor_write_another_partners_exchange()
    {
        var partner = await platform.CreatePartnerAsync();
        var other = await platform.CreatePartnerAsync();
        await using var connection = await platform.ConnectAsAsync(partner);

        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.BasicGetAsync(Partners.PartnerKeys.InboundQueue(partner.Id), autoAck: true, PartnerHarness.Cancel)));
        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.BasicPublishAsync(other.InboundExchange, "", Body, PartnerHarness.Cancel)));
    }

    [Fact]
    public async Task A_partner_cannot_publish_to_an_internal_exchange_of_the_platform()
    {
        var partner = await platform.CreatePartnerAsync();
        await using var connection = await platform.ConnectAsAsync(partner);

        // MassTransit's exchange for VisionPublished: what the platform's own services consume.
        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.BasicPublishAsync("ServiceVision.Contracts.Organizations.V1:VisionPublished", "", Body, PartnerHarness.Cancel)));
    }

    [Fact]
    public async Task A_partner_cannot_publish_through_the_default_exchange_even_to_its_own_queue()
    {
        var partner = await platform.CreatePartnerAsync();
        await using var connection = await platform.ConnectAsAsync(partner);

        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.BasicPublishAsync("", partner.OutboundQueue, Body, PartnerHarness.Cancel)));
        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.BasicPublishAsync("", "partners-events", Body, PartnerHarness.Cancel)));
    }

    [Fact]
    public async Task A_partner_cannot_declare_a_queue_or_an_exchange()
    {
        var partner = await platform.CreatePartnerAsync();
        await using var connection = await platform.ConnectAsAsync(partner);

        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.QueueDeclareAsync("partner-made-queue", durable: false, exclusive: false, autoDelete: true, cancellationToken: PartnerHarness.Cancel)));
        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.QueueDeclareAsync(partner.OutboundQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: PartnerHarness.Cancel)));
        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.ExchangeDeclareAsync("partner-made-exchange", ExchangeType.Fanout, cancellationToken: PartnerHarness.Cancel)));
        Assert.Equal(AccessRefused, await PartnerHarness.RefusalCodeAsync(connection, async channel =>
            await channel.QueueBindAsync(partner.OutboundQueue, partner.InboundExchange, "", cancellationToken: PartnerHarness.Cancel)));
    }

    [Fact]
    public async Task A_deleted_partner_can_no_longer_connect()
    {
        var partner = await platform.CreatePartnerAsync();
        await platform.DeletePartnerAsync(partner);

        await Assert.ThrowsAnyAsync<Exception>(async () => await platform.ConnectAsAsync(partner));
    }
}
