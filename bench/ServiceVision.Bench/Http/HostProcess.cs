using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ServiceVision.Bench.Http;

/// <summary>
/// The real host (src/ServiceVision.Host, Release) started as its own process on a loopback port,
/// with SQLite in a temporary folder and the in-memory bus, or with a fresh PostgreSQL database when
/// SV_BENCH_POSTGRES names a server. Only the process started here is ever stopped.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    public const string PostgresVariable = "SV_BENCH_POSTGRES";

    private readonly Process process;
    private readonly string dataFolder;
    private readonly string? postgresServer;
    private readonly string? database;
    private readonly Queue<string> output;

    private HostProcess(Process process, Uri address, string dataFolder, string store, string? postgresServer, string? database, Queue<string> output)
    {
        this.process = process;
        BaseAddress = address;
        this.dataFolder = dataFolder;
        Store = store;
        this.postgresServer = postgresServer;
        this.database = database;
        this.output = output;
    }

    public Uri BaseAddress { get; }

    /// <summary>"SQLite" or "PostgreSQL".</summary>
    public string Store { get; }

    /// <summary>Builds the host (unless told not to) and starts it; throws with the reason when either fails.</summary>
    public static async Task<HostProcess> StartAsync(BenchSettings settings, Action<string> log)
    {
        var project = Path.Combine(settings.RepositoryRoot, "src", "ServiceVision.Host");
        if (settings.BuildHost)
        {
            log("building src/ServiceVision.Host (Release)");
            var (code, text) = await RunAsync("dotnet", ["build", Path.Combine(project, "ServiceVision.Host.csproj"), "-c", "Release", "--nologo", "-v", "q", "-clp:ErrorsOnly;NoSummary"], TimeSpan.FromMinutes(5));
            if (code != 0)
            {
                throw new InvalidOperationException("the host does not build: " + FirstLines(text, 5));
            }
        }

        var dll = Path.Combine(project, "bin", "Release", "net10.0", "ServiceVision.Host.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist (build the host in Release)");
        }

        var dataFolder = Directory.CreateTempSubdirectory("sv-bench-host-").FullName;
        string? server = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;
        string? database = null;
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(DotnetPath(), [dll, "--urls", address.ToString().TrimEnd('/'), "--contentRoot", Path.GetDirectoryName(dll)!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataFolder,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Bus__Transport"] = "InMemory";

        // The limiter stays in the pipeline (every request pays for it), but with permits a load test
        // cannot use up: at the defaults one organization gets 500 requests a second, and the rest answer 429.
        start.Environment["RateLimits__PerOrganizationPermits"] = int.MaxValue.ToString(CultureInfo.InvariantCulture);
        start.Environment["RateLimits__PerAnonymousIpPermits"] = int.MaxValue.ToString(CultureInfo.InvariantCulture);
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(dataFolder, "servicevision.db")}";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (server is not null)
        {
            database = "sv_bench_" + Guid.NewGuid().ToString("N");
            await ExecuteAsync(server, $"CREATE DATABASE \"{database}\"");
            start.Environment["Storage__Provider"] = "PostgreSQL";
            start.Environment["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        }

        var output = new Queue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, address, dataFolder, server is null ? "SQLite" : "PostgreSQL", server, database, output);
        try
        {
            await host.WaitUntilLiveAsync(TimeSpan.FromSeconds(60));
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilLiveAsync(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < within)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with code {process.ExitCode}: {Output()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"the host did not answer /health/live within {within.TotalSeconds:0} s: {Output()}");
    }

    /// <summary>The last lines the host wrote (for error messages).</summary>
    public string Output()
    {
        lock (output)
        {
            return FirstLines(string.Join('\n', output), 8);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        if (postgresServer is not null && database is not null)
        {
            await ExecuteAsync(postgresServer, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }

        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Keep(Queue<string> output, string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            while (output.Count > 40)
            {
                output.Dequeue();
            }
        }
    }

    private static string FirstLines(string text, int count) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(count));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet executable that runs this process (or the one on PATH).</summary>
    private static string DotnetPath() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
