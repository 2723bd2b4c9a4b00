using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using ServiceVision.Testing;

namespace ServiceVision.Partners.Tests;

/// <summary>Settings every host of this test assembly starts with (environment variables, read by the host's configuration).</summary>
internal static class PartnerTestSettings
{
    public const string AdminToken = "test-platform-admin-token-0123456789";

    [ModuleInitializer]
    internal static void Apply()
    {
        Environment.SetEnvironmentVariable("Partners__AdminToken", AdminToken);
        Environment.SetEnvironmentVariable("Partners__InboundReconcileInterval", "00:00:01");
        if (Environment.GetEnvironmentVariable(RabbitMqTestVirtualHost.ManagementVariable) is { Length: > 0 } management)
        {
            Environment.SetEnvironmentVariable("Partners__Management", management);
        }
    }
}

/// <summary>A provisioned partner as the create answer describes it.</summary>
public sealed record TestPartner(string Id, string Name, string UserName, string Password, string VirtualHost, string InboundExchange, string OutboundQueue);

public static class PartnerHarness
{
    // Broker users are server-wide (the test's virtual host is not): each test deletes the partners it created.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PlatformFactory, System.Collections.Concurrent.ConcurrentBag<TestPartner>> created = [];

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Deletes every partner this test created (and not deleted itself) with its broker user.</summary>
    public static async ValueTask DeleteCreatedPartnersAsync(this PlatformFactory platform)
    {
        if (!created.TryGetValue(platform, out var partners))
        {
            return;
        }

        using var admin = platform.AdminClient();
        while (partners.TryTake(out var partner))
        {
            using (await admin.DeleteAsync(new Uri($"/api/v1/platform/partners/{partner.Id}", UriKind.Relative), CancellationToken.None))
            {
            }
        }
    }

    /// <summary>A client of the platform administrator.</summary>
    public static HttpClient AdminClient(this PlatformFactory platform)
    {
        var client = platform.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PartnerTestSettings.AdminToken);
        return client;
    }

    public static async Task<TestPartner> CreatePartnerAsync(this PlatformFactory platform, string? name = null)
    {
        using var admin = platform.AdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/platform/partners", new { name = name ?? "Partner " + Guid.NewGuid().ToString("N")[..8] }, Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
        string S(string p) => body.GetProperty(p).GetString()!;
        var partner = new TestPartner(S("id"), S("name"), S("userName"), S("password"), S("virtualHost"), S("inboundExchange"), S("outboundQueue"));
        created.GetOrCreateValue(platform).Add(partner);
        return partner;
    }

    public static async Task DeletePartnerAsync(this PlatformFactory platform, TestPartner partner)
    {
        using var admin = platform.AdminClient();
        await ApiSessions.EnsureAsync(await admin.DeleteAsync(new Uri($"/api/v1/platform/partners/{partner.Id}", UriKind.Relative), Cancel), HttpStatusCode.NoContent);
    }

    /// <summary>An AMQP connection with the partner's own credentials, to the platform's virtual host.</summary>
    public static async Task<IConnection> ConnectAsAsync(this PlatformFactory platform, TestPartner partner)
    {
        var factory = new ConnectionFactory
        {
            Uri = new UriBuilder(platform.BrokerUri) { UserName = Uri.EscapeDataString(partner.UserName), Password = Uri.EscapeDataString(partner.Password) }.Uri,
            AutomaticRecoveryEnabled = false,
        };
        return await factory.CreateConnectionAsync(Cancel);
    }

    /// <summary>Grants a partner as the owner; returns the grant's ETag.</summary>
    public static async Task<string> GrantAsync(ApiSession owner, string partnerId, string[] events, string[] commands, string ifMatch = "\"0\"")
    {
        var response = await ApiSessions.SendAsync(owner.Client, HttpMethod.Put, $"/api/v1/partner-grants/{partnerId}", new { events, commands }, ifMatch);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return response.Headers.ETag!.Tag;
    }

    /// <summary>Publishes a command to the partner's inbound exchange with its own credentials.</summary>
    public static async Task PublishCommandAsync(IChannel channel, TestPartner partner, string json)
    {
        await channel.BasicPublishAsync(partner.InboundExchange, "", mandatory: false, new BasicProperties { Persistent = true, ContentType = "application/cloudevents+json" }, Encoding.UTF8.GetBytes(json), Cancel);
    }

    public static string Command(string type, string id, string organizationId, object data) =>
        JsonSerializer.Serialize(new { specversion = "1.0", type, id, organizationid = organizationId, data }, ApiSessions.Json);

    /// <summary>Reads what is on the partner's outbound queue (as the partner) until <paramref name="until"/> holds over what was read, or the time is up.</summary>
    public static async Task<List<JsonElement>> ReadOutboundAsync(IChannel channel, TestPartner partner, Func<List<JsonElement>, bool> until, TimeSpan within)
    {
        var received = new List<JsonElement>();
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !until(received))
        {
            var got = await channel.BasicGetAsync(partner.OutboundQueue, autoAck: true, Cancel);
            if (got is null)
            {
                await Task.Delay(25, Cancel);
                continue;
            }

            received.Add(JsonDocument.Parse(got.Body).RootElement.Clone());
        }

        return received;
    }

    /// <summary>Runs <paramref name="action"/> on a fresh channel and returns the AMQP reply code the broker closed the channel with (0 when it did not).</summary>
    public static async Task<int> RefusalCodeAsync(IConnection connection, Func<IChannel, Task> action, bool confirms = false)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(confirms, confirms), Cancel);
        try
        {
            await action(channel);

            // A refused publish closes the channel asynchronously: a round trip after it surfaces the error.
            await channel.BasicQosAsync(0, 1, false, Cancel);
        }
        catch (OperationInterruptedException error)
        {
            return error.ShutdownReason?.ReplyCode ?? -1;
        }
        catch (PublishException)
        {
            return channel.CloseReason?.ReplyCode ?? -1;
        }

        return channel.CloseReason?.ReplyCode ?? 0;
    }
}
