using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using ServiceVision.Bench.Reporting;

namespace ServiceVision.Bench.Http;

/// <summary>
/// Sections "http" (reading the vision through the API against /health/live) and "scale" (sign-ups
/// as the number of organizations grows), both against the real host in its own process.
/// </summary>
internal static class PlatformBench
{
    private const string Vision = "/api/v1/vision";
    private const string Live = "/health/live";
    private const string Root = "/";

    public static async Task<IReadOnlyList<SectionResult>> RunAsync(BenchSettings settings, Action<string> log)
    {
        var http = new SectionResult("http", "HTTP: reading the vision");
        var scale = new SectionResult("scale", "Scale: sign-ups");
        var wanted = new List<SectionResult>();
        if (settings.Runs("http"))
        {
            wanted.Add(http);
        }

        if (settings.Runs("scale"))
        {
            wanted.Add(scale);
        }

        HostProcess host;
        try
        {
            host = await HostProcess.StartAsync(settings, log);
        }
        catch (Exception error) when (error is InvalidOperationException or HttpRequestException or IOException or Npgsql.NpgsqlException)
        {
            foreach (var section in wanted)
            {
                section.Skipped = "the host could not be started: " + error.Message;
            }

            return wanted;
        }

        await using (host)
        {
            if (settings.Runs("http"))
            {
                var watch = Stopwatch.StartNew();
                await MeasureReadsAsync(settings, host, http, log);
                http.Elapsed = watch.Elapsed;
            }

            if (settings.Runs("scale"))
            {
                var watch = Stopwatch.StartNew();
                await MeasureSignUpsAsync(settings, host, scale, log);
                scale.Elapsed = watch.Elapsed;
            }
        }

        return wanted;
    }

    private static async Task MeasureReadsAsync(BenchSettings settings, HostProcess host, SectionResult section, Action<string> log)
    {
        log($"http: host on {host.BaseAddress} ({host.Store}, in-memory bus); signing up and publishing a vision");
        section.Facts["HTTP host"] = $"src/ServiceVision.Host (Release) in its own process on loopback, {host.Store} store, in-memory bus, logging at Warning";
        var cookies = new CookieContainer();
        using (var setup = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = host.BaseAddress })
        {
            await PlatformApi.SignUpAsync(setup, Guid.NewGuid().ToString("N")[..12]);
            await PlatformApi.PublishVisionAsync(setup);
            using var check = await setup.GetAsync(new Uri(Vision, UriKind.Relative));
            await PlatformApi.EnsureAsync(check, HttpStatusCode.OK);
        }

        var cookie = cookies.GetCookieHeader(host.BaseAddress);
        var workers = settings.HttpWorkers;
        using var client = LoadLoop.CreateClient(host.BaseAddress, workers);
        log($"http: warming up {settings.HttpWarmup.TotalSeconds:0} s per endpoint, then {settings.HttpDuration.TotalSeconds:0} s each, {workers} workers");
        await LoadLoop.WarmUpAsync(client, Vision, cookie, workers, settings.HttpWarmup);
        await LoadLoop.WarmUpAsync(client, Live, cookie: null, workers, settings.HttpWarmup / 2);
        await LoadLoop.WarmUpAsync(client, Root, cookie: null, workers, settings.HttpWarmup / 2);

        // Two alternating rounds per endpoint: drift on a shared machine hits them alike.
        var samples = await LoadLoop.AlternateAsync(client, [Live, Vision, Root], cookie, workers, settings.HttpDuration / 2, rounds: 2);
        // An endpoint that mostly refuses would give a ratio of the refusals, not of the work: report the failure instead.
        if (samples.FirstOrDefault(s => s.Errors > (s.Requests + s.Errors) / 100) is { } failing)
        {
            section.Skipped = $"failed: {Figures.Count(failing.Errors)} of {Figures.Count(failing.Requests + failing.Errors)} requests to {failing.Path} did not answer 200 OK (first: {failing.FirstError})";
            log($"http: {section.Skipped}");
            return;
        }

        var live = samples[0];
        var vision = samples[1];
        var root = samples[2];

        var table = new ReportTable(
            $"Requests per second and latency, {workers} concurrent workers on loopback, {settings.HttpDuration.TotalSeconds:0} s per endpoint ({host.Store}, in-memory bus)",
            "endpoint", "requests/s", "p50 ms", "p99 ms", "errors", "req/s ÷ /health/live", "p99 ÷ /health/live p99");
        foreach (var sample in samples)
        {
            table.Add(
                sample.Path switch
                {
                    Vision => "GET /api/v1/vision (signed-in member)",
                    Live => "GET /health/live (baseline)",
                    _ => "GET / (for reference: a minimal JSON endpoint, no health-check pipeline)",
                },
                Figures.Rate(sample.PerSecond),
                Figures.Milliseconds(sample.P50Milliseconds),
                Figures.Milliseconds(sample.P99Milliseconds),
                Figures.Count(sample.Errors),
                Figures.Ratio(sample.PerSecond / live.PerSecond),
                Figures.Ratio(sample.P99Milliseconds / live.P99Milliseconds));
        }

        section.Tables.Add(table);
        section.Ratios.Add(new RatioFigure("HTTP", "GET /api/v1/vision ÷ /health/live (req/s)", vision.PerSecond / live.PerSecond));
        section.Notes.Add(
            $"Reading the vision serves {Figures.Ratio(vision.PerSecond / live.PerSecond)}× the requests of the trivial endpoint; " +
            "each read authenticates the session cookie, re-checks the membership in the organization grain (one grain call) and reads the vision grain (a second call), then writes JSON.");
        section.Notes.Add(
            $"For reference, the minimal JSON endpoint at / serves {Figures.Ratio(root.PerSecond / live.PerSecond)}× the baseline's requests (/health/live runs ASP.NET Core's health-check pipeline: a scope, the \"self\" check, a report), " +
            $"and the vision read {Figures.Ratio(vision.PerSecond / root.PerSecond)}× those of /. With client and server on the same two cores, most of every request is the HTTP stack on both sides.");
        if (samples.Sum(s => s.Errors) is > 0 and var errors)
        {
            section.Notes.Add($"{Figures.Count(errors)} requests did not answer 200 OK (first: {samples.First(s => s.Errors > 0).FirstError}); they are not counted.");
        }
    }

    /// <summary>What one password hash of a sign-up costs on this machine (the host uses the same hasher).</summary>
    private static double PasswordHashMilliseconds()
    {
        var hasher = new PasswordHasher<object>();
        var account = new object();
        hasher.HashPassword(account, PlatformApi.Password);
        var start = Stopwatch.GetTimestamp();
        const int hashes = 10;
        for (var i = 0; i < hashes; i++)
        {
            hasher.HashPassword(account, PlatformApi.Password);
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / hashes;
    }

    private static async Task MeasureSignUpsAsync(BenchSettings settings, HostProcess host, SectionResult section, Action<string> log)
    {
        var total = settings.SignUpTotal;
        var step = settings.SignUpStep;
        log($"scale: {total:N0} sign-ups, {settings.SignUpWorkers} concurrent clients ({host.Store})");
        using var client = LoadLoop.CreateClient(host.BaseAddress, settings.SignUpWorkers);
        var run = Guid.NewGuid().ToString("N")[..6];

        // A few first, so the JIT has seen the path before the clock starts.
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/signup", PlatformApi.SignUpBody($"{run}w{i}"));
            await PlatformApi.EnsureAsync(response, HttpStatusCode.Created);
        }

        var checkpoints = new double[(total / step) + 1];
        long next = 0;
        long completed = 0;
        long failed = 0;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, settings.SignUpWorkers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var n && n <= total)
            {
                using var response = await client.PostAsJsonAsync("/api/v1/signup", PlatformApi.SignUpBody($"{run}n{n}"));
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null);
                }

                var done = Interlocked.Increment(ref completed);
                if (done % step == 0)
                {
                    checkpoints[done / step] = Stopwatch.GetElapsedTime(start).TotalSeconds;
                }
            }
        })).ToList();
        await Task.WhenAll(workers);

        var table = new ReportTable(
            $"Sign-ups (POST /api/v1/signup) through the host, {settings.SignUpWorkers} concurrent clients ({host.Store})",
            "organizations signed up", "seconds so far", "sign-ups/s over the last " + step, "sign-ups/s overall");
        section.Curve.Add(new CurvePoint(0, 0));
        for (var k = 1; k < checkpoints.Length; k++)
        {
            var size = k * step;
            var segment = checkpoints[k] - checkpoints[k - 1];
            section.Curve.Add(new CurvePoint(size, checkpoints[k]));
            table.Add(Figures.Count(size), Figures.Seconds(checkpoints[k]), Figures.Rate(step / segment), Figures.Rate(size / checkpoints[k]));
        }

        section.Tables.Add(table);
        var first = step / checkpoints[1];
        var last = step / (checkpoints[^1] - checkpoints[^2]);
        section.Ratios.Add(new RatioFigure("Scale", $"sign-ups/s at {total:N0} ÷ at {step}", last / first));
        section.Notes.Add(
            $"The last {step} sign-ups ran at {Figures.Ratio(last / first)}× the rate of the first {step} (which include the host's warm-up): " +
            (last / first >= 0.8
                ? "no slow-down as organizations accumulate; time grows linearly with their number."
                : "each sign-up gets slower as organizations accumulate."));
        var hash = PasswordHashMilliseconds();
        var cpuPerSignUp = Environment.ProcessorCount * 1000.0 / (total / checkpoints[^1]);
        section.Notes.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"A sign-up hashes the owner's password (ASP.NET Core's PasswordHasher: PBKDF2, {hash:0} ms per hash measured here), claims the slug and the e-mail address in the platform directory and creates the organization grain. At {Figures.Rate(total / checkpoints[^1])} sign-ups/s the {Environment.ProcessorCount} cores spend at most {cpuPerSignUp:0} ms per sign-up (client included), so the hash is most of it, by design."));
        if (failed > 0)
        {
            section.Notes.Add($"{failed} sign-ups failed (first: {firstError}).");
        }
    }
}
