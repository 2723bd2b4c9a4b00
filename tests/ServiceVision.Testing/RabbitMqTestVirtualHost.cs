using System.Net.Http.Headers;
using System.Text;

namespace ServiceVision.Testing;

/// <summary>
/// A fresh RabbitMQ virtual host for one test class, deleted on dispose, so queues and exchanges
/// of different test classes never meet. The broker comes from <c>SV_TEST_RABBITMQ</c> (AMQP) and
/// <c>SV_TEST_RABBITMQ_MANAGEMENT</c> (management API); without them the test fails.
/// </summary>
public sealed class RabbitMqTestVirtualHost : IAsyncDisposable
{
    public const string AmqpVariable = "SV_TEST_RABBITMQ";
    public const string ManagementVariable = "SV_TEST_RABBITMQ_MANAGEMENT";

    private readonly HttpClient management;

    private RabbitMqTestVirtualHost(HttpClient management, string name, Uri amqp)
    {
        this.management = management;
        Name = name;
        AmqpUri = amqp;
    }

    public string Name { get; }

    /// <summary>amqp://user:password@host:port/vhost</summary>
    public Uri AmqpUri { get; }

    public static async Task<RabbitMqTestVirtualHost> CreateAsync(CancellationToken cancellationToken = default)
    {
        var broker = new Uri(Required(AmqpVariable));
        var managementUri = new Uri(Required(ManagementVariable));
        var client = new HttpClient { BaseAddress = new Uri(managementUri.GetLeftPart(UriPartial.Authority)) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(managementUri.UserInfo))));

        var name = "sv-test-" + Guid.NewGuid().ToString("N");
        var user = Uri.UnescapeDataString(broker.UserInfo.Split(':')[0]);
        (await client.PutAsync($"api/vhosts/{name}", null, cancellationToken)).EnsureSuccessStatusCode();
        using var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await client.PutAsync($"api/permissions/{name}/{Uri.EscapeDataString(user)}", permissions, cancellationToken)).EnsureSuccessStatusCode();

        var amqp = new UriBuilder(broker) { Path = "/" + name }.Uri;
        return new RabbitMqTestVirtualHost(client, name, amqp);
    }

    public async ValueTask DisposeAsync()
    {
        using (await management.DeleteAsync($"api/vhosts/{Name}"))
        {
        }

        management.Dispose();
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run ./test.sh or infra/local/services.sh start");
}
