using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit;
using Npgsql;
using ServiceVision.Bench.Reporting;
using ServiceVision.Contracts;
using ServiceVision.Grains;

namespace ServiceVision.Bench.Bus;

/// <summary>The event of the bus runs: small, like most of ours.</summary>
public sealed record BenchEvent(string OrganizationId, int Sequence) : ITenantMessage;

public sealed class EmitterState
{
    public int Emitted { get; set; }
}

/// <summary>A grain that changes its state and publishes one event per call, through the durable outbox.</summary>
public interface IEmitterGrain : IGrain
{
    /// <summary>One state change that publishes <paramref name="count"/> events (numbered from <paramref name="first"/>).</summary>
    Task Emit(int first, int count);
}

public sealed class EmitterGrain : Grain<EmitterState>, IEmitterGrain
{
    public async Task Emit(int first, int count)
    {
        for (var i = 0; i < count; i++)
        {
            State.Emitted++;
            Publish(new BenchEvent(TenantId, first + i));
        }

        await WriteStateAsync();
    }
}

/// <summary>Counts deliveries and completes when a run's target is reached.</summary>
public sealed class DeliveryCounter
{
    private long count;
    private long target = long.MaxValue;
    private TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Count => Interlocked.Read(ref count);

    /// <summary>Starts a run: zero delivered, done after <paramref name="messages"/>.</summary>
    public void Reset(long messages)
    {
        reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref count, 0);
        Interlocked.Exchange(ref target, messages);
    }

    public void Add()
    {
        if (Interlocked.Increment(ref count) == Interlocked.Read(ref target))
        {
            reached.TrySetResult();
        }
    }

    /// <summary>True when the target was reached within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout)
    {
        try
        {
            await reached.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}

/// <summary>The MassTransit consumer at the end of our path: counts.</summary>
public sealed class BenchEventConsumer(DeliveryCounter counter) : IConsumer<BenchEvent>
{
    public Task Consume(ConsumeContext<BenchEvent> context)
    {
        counter.Add();
        return Task.CompletedTask;
    }
}

/// <summary>Messages per second of one run, and whether every message arrived.</summary>
internal sealed record BusSample(long Messages, long Delivered, TimeSpan Elapsed, bool Complete)
{
    public double PerSecond => Delivered / Elapsed.TotalSeconds;
}

/// <summary>
/// The broker and the database of a run: a fresh RabbitMQ virtual host (management API) and a fresh
/// PostgreSQL database, both deleted at the end. Read from SV_TEST_RABBITMQ,
/// SV_TEST_RABBITMQ_MANAGEMENT and SV_TEST_POSTGRES (infra/local/services.sh env).
/// </summary>
internal sealed class BusInfrastructure : IAsyncDisposable
{
    public static readonly string[] Variables = ["SV_TEST_RABBITMQ", "SV_TEST_RABBITMQ_MANAGEMENT", "SV_TEST_POSTGRES"];

    private readonly HttpClient management;
    private readonly string server;

    private BusInfrastructure(HttpClient management, string vhost, Uri amqp, string server, string database)
    {
        this.management = management;
        VirtualHost = vhost;
        AmqpUri = amqp;
        this.server = server;
        Database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 100 }.ConnectionString;
    }

    public string VirtualHost { get; }

    public Uri AmqpUri { get; }

    public string Database { get; }

    public string ConnectionString { get; }

    public string BrokerVersion { get; private set; } = "?";

    public string PostgresVersion { get; private set; } = "?";

    /// <summary>The server's fsync setting (the local services run with it off).</summary>
    public string Fsync { get; private set; } = "?";

    /// <summary>The variables that are not set (empty: all there).</summary>
    /// <summary>
    /// Runs a section that needs the broker and the database on a virtual host and a database of its own,
    /// or marks it skipped, saying why, when the services are not set or do not answer.
    /// </summary>
    public static async Task<SectionResult> RunSectionAsync(SectionResult section, Func<BusInfrastructure, Task> measure)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(measure);
        if (Missing() is { Count: > 0 } missing)
        {
            section.Skipped = $"{string.Join(", ", missing)} not set: the {section.Key} section needs RabbitMQ and PostgreSQL " +
                "(infra/local/services.sh start; eval \"$(infra/local/services.sh env)\").";
            return section;
        }

        BusInfrastructure infrastructure;
        try
        {
            infrastructure = await CreateAsync();
        }
        catch (Exception error) when (error is HttpRequestException or Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
        {
            section.Skipped = "the broker or the database does not answer: " + error.Message;
            return section;
        }

        await using (infrastructure)
        {
            await measure(infrastructure);
        }

        return section;
    }

    public static IReadOnlyList<string> Missing() =>
        [.. Variables.Where(v => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v)))];

    public static async Task<BusInfrastructure> CreateAsync()
    {
        var broker = new Uri(Environment.GetEnvironmentVariable(Variables[0])!);
        var managementUri = new Uri(Environment.GetEnvironmentVariable(Variables[1])!);
        var server = Environment.GetEnvironmentVariable(Variables[2])!;

        var client = new HttpClient { BaseAddress = new Uri(managementUri.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(managementUri.UserInfo))));
        var vhost = "sv-bench-" + Guid.NewGuid().ToString("N");
        var user = Uri.UnescapeDataString(broker.UserInfo.Split(':')[0]);
        using (var created = await client.PutAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative), null))
        {
            created.EnsureSuccessStatusCode();
        }

        using (var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))
        using (var granted = await client.PutAsync(new Uri($"api/permissions/{vhost}/{Uri.EscapeDataString(user)}", UriKind.Relative), permissions))
        {
            granted.EnsureSuccessStatusCode();
        }

        var database = "sv_bench_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE \"{database}\"");
        var infrastructure = new BusInfrastructure(client, vhost, new UriBuilder(broker) { Path = "/" + vhost }.Uri, server, database);
        try
        {
            var overview = await client.GetFromJsonAsync<JsonElement>(new Uri("api/overview", UriKind.Relative));
            infrastructure.BrokerVersion = overview.GetProperty("rabbitmq_version").GetString() ?? "?";
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            infrastructure.PostgresVersion = connection.PostgreSqlVersion.ToString();
            await using var fsync = new NpgsqlCommand("SHOW fsync", connection);
            infrastructure.Fsync = (string?)await fsync.ExecuteScalarAsync() ?? "?";
        }
        catch (Exception error) when (error is HttpRequestException or JsonException or KeyNotFoundException or NpgsqlException)
        {
            // Versions are for the report only.
        }

        return infrastructure;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using (await management.DeleteAsync(new Uri($"api/vhosts/{VirtualHost}", UriKind.Relative)))
            {
            }

            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)");
        }
        finally
        {
            management.Dispose();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

internal static class Timing
{
    /// <summary>How long to wait for a run's last delivery: generous, so a slow run is reported, not a hang.</summary>
    public static TimeSpan DeliveryTimeout(long messages) => TimeSpan.FromSeconds(Math.Max(60, messages / 200.0));

    public static BusSample Sample(long messages, DeliveryCounter counter, long startTimestamp, bool complete) =>
        new(messages, Math.Min(counter.Count, messages), Stopwatch.GetElapsedTime(startTimestamp), complete);
}
