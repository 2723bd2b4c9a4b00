using System.Net;
using ServiceVision.Testing;

namespace ServiceVision.Reliability.Tests;

/// <summary>
/// Several hosts (real processes) sharing one fresh PostgreSQL database and one fresh RabbitMQ virtual
/// host on the servers ./test.sh started. Disposing kills every host it started and drops both.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly List<HostProcess> hosts = [];

    private Cluster(PostgresTestDatabase database, RabbitMqTestVirtualHost broker)
    {
        Database = database;
        Broker = broker;
    }

    public PostgresTestDatabase Database { get; }

    public RabbitMqTestVirtualHost Broker { get; }

    public IReadOnlyList<HostProcess> Hosts => hosts;

    public HostProcess this[int index] => hosts[index];

    /// <summary>A host starts in 5-20 s here; much longer when the machine is busy with other test projects' builds.</summary>
    public static TimeSpan StartPatience { get; } = TimeSpan.FromSeconds(180);

    /// <summary>Starts <paramref name="count"/> hosts (in parallel) and waits until each is ready.</summary>
    public static async Task<Cluster> StartAsync(int count, IReadOnlyDictionary<string, string>? settings = null)
    {
        var cancel = TestContext.Current.CancellationToken;
        var cluster = new Cluster(await PostgresTestDatabase.CreateAsync(cancel), await RabbitMqTestVirtualHost.CreateAsync(cancel));
        try
        {
            for (var i = 0; i < count; i++)
            {
                cluster.hosts.Add(new HostProcess($"host-{(char)('a' + i)}", cluster.Environment(settings)));
            }

            await Task.WhenAll(cluster.hosts.Select(h => h.StartAsync(StartPatience, cancel)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The host's configuration, as an operator sets it: environment variables.</summary>
    private Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_gcServer"] = "0",
            ["Storage__Provider"] = "PostgreSQL",
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["Bus__Transport"] = "RabbitMQ",
            ["ConnectionStrings__RabbitMQ"] = Broker.AmqpUri.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",

            // These tests are about faults, not floods: 1,000 sign-ups from one address are expected.
            ["RateLimits__Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Every host's last output lines, for a failure message.</summary>
    public string Output() => string.Join("\n", hosts.Select(h => h.Output()));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(hosts.Select(h => h.DisposeAsync().AsTask()));
        await Broker.DisposeAsync();

        // A database restart leaves broken connections in this process's pools.
        Npgsql.NpgsqlConnection.ClearAllPools();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// One person's cookies, usable against every host: the balancer may send any request anywhere, and
/// the session cookie (data protection keys shared on this machine) is valid on each.
/// </summary>
public sealed class Person(string organizationId, string memberId) : IDisposable
{
    private readonly CookieContainer cookies = new();
    private readonly Dictionary<Uri, HttpClient> clients = [];

    public string OrganizationId { get; set; } = organizationId;

    public string MemberId { get; set; } = memberId;

    public HttpClient On(HostProcess host)
    {
        lock (clients)
        {
            if (!clients.TryGetValue(host.BaseAddress, out var client))
            {
                client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
                {
                    BaseAddress = host.BaseAddress,
                    Timeout = TimeSpan.FromSeconds(60),
                };
                clients[host.BaseAddress] = client;
            }

            return client;
        }
    }

    public void Dispose()
    {
        lock (clients)
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }
}
