using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace ServiceVision.Reliability.Tests;

/// <summary>
/// The built host (src/ServiceVision.Host output) as a real OS process on a port of its own. A small
/// shell watchdog starts it and kills it when the test process goes away, so a crashed or cancelled
/// test run leaves no host behind.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private readonly ConcurrentQueue<string> output = new();
    private readonly IReadOnlyDictionary<string, string> environment;
    private Process? watchdog;
    private int hostPid;

    public HostProcess(string name, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        this.environment = environment;
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>Times this host was started.</summary>
    public int Starts { get; private set; }

    /// <summary>The watchdog (our child) ends right after the host does.</summary>
    public bool IsRunning => watchdog is { HasExited: false };

    public static string HostDirectory => Metadata("HostDirectory");

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>Starts the process and waits until /health/ready answers 200 (store and bus reachable).</summary>
    public async Task StartAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} runs already.");
        }

        var dll = Path.Combine(HostDirectory, "ServiceVision.Host.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the host first: {dll} is missing.", dll);
        }

        // The watchdog runs the host in the background, prints its pid, and kills it (-9) once the test
        // process is gone; it ends when the host ends.
        var script = $"""
            dotnet "{dll}" --urls "{BaseAddress.ToString().TrimEnd('/')}" &
            host=$!
            echo "sv-host-pid $host"
            while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $host 2>/dev/null; do sleep 1; done
            kill -9 $host 2>/dev/null
            wait $host
            """;
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = HostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var pid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.StartsWith("sv-host-pid ", StringComparison.Ordinal) && int.TryParse(e.Data.AsSpan(12), out var id))
            {
                pid.TrySetResult(id);
                return;
            }

            Keep(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Keep(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        watchdog = process;
        hostPid = await pid.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        Starts++;
        await WaitReadyAsync(within, cancellationToken);
    }

    /// <summary>Until GET /health/ready answers 200.</summary>
    public async Task WaitReadyAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (!IsRunning)
            {
                throw new InvalidOperationException($"{Name} exited during start-up:\n{Output()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > within)
            {
                throw new TimeoutException($"{Name} was not ready within {within}:\n{Output()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>kill -9: no shutdown hook runs, nothing is flushed or acknowledged.</summary>
    public async Task KillAsync()
    {
        if (IsRunning && IsAlive(hostPid))
        {
            using var host = Process.GetProcessById(hostPid);
            host.Kill();
        }

        await WaitForWatchdogAsync();
    }

    /// <summary>SIGTERM: the host's graceful shutdown (last turns of activations, bus stop); kill -9 after 30 s.</summary>
    public async Task StopAsync()
    {
        if (IsRunning && IsAlive(hostPid))
        {
            using (var kill = Process.Start("kill", ["-TERM", hostPid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(CancellationToken.None);
            }

            var waited = Stopwatch.StartNew();
            while (IsRunning && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }

        await KillAsync();
    }

    /// <summary>The last lines the host wrote (for failure messages).</summary>
    public string Output() => string.Join('\n', output);

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task WaitForWatchdogAsync()
    {
        if (watchdog is { } process)
        {
            try
            {
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            watchdog = null;
        }

        hostPid = 0;
    }

    private void Keep(string line)
    {
        output.Enqueue($"[{Name}] {line}");
        while (output.Count > KeptLines && output.TryDequeue(out _))
        {
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Metadata(string key) =>
        typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No {key} metadata.");
}
