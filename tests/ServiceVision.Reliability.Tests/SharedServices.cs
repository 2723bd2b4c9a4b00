using System.Diagnostics;

namespace ServiceVision.Reliability.Tests;

/// <summary>
/// The shared PostgreSQL and RabbitMQ that ./test.sh started (infra/local/services.sh, or the script in
/// SV_SERVICES_SCRIPT). Restarting them affects everything connected: only the tests of this assembly,
/// run alone, do it, and each puts the service back even when it fails.
/// </summary>
internal static class SharedServices
{
    private static string Script =>
        Environment.GetEnvironmentVariable("SV_SERVICES_SCRIPT") is { Length: > 0 } script
            ? script
            : Path.Combine(HostProcess.RepositoryRoot, "infra", "local", "services.sh");

    public static Task RestartBrokerAsync() => RunAsync("restart-broker");

    public static Task RestartPostgresAsync() => RunAsync("restart-postgres");

    /// <summary>Starts whatever is down (idempotent).</summary>
    public static Task EnsureStartedAsync() => RunAsync("start");

    /// <summary>
    /// For finally blocks: waits for a restart the test began; if it failed (the service may be left
    /// stopped), starts the services again before the failure goes on.
    /// </summary>
    public static async Task SettleAsync(Task restart)
    {
        try
        {
            await restart;
        }
        catch
        {
            await EnsureStartedAsync();
            throw;
        }
    }

    private static async Task RunAsync(string command)
    {
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo("bash", [Script, command]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {Script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Script} {command} did not finish within 5 minutes: {await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Script} {command} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }

        Api.Log($"{Path.GetFileName(Script)} {command}: {clock.Elapsed.TotalSeconds:F1} s");
    }
}
