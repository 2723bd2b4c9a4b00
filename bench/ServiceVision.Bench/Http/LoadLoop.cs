using System.Diagnostics;
using System.Net;

namespace ServiceVision.Bench.Http;

/// <summary>Requests per second and latency percentiles of one endpoint.</summary>
/// <param name="FirstError">What the first failed request answered (a status code or an exception), null when none failed.</param>
internal sealed record LoadSample(string Path, long Requests, long Errors, string? FirstError, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;
}

/// <summary>
/// A bounded load loop on loopback: N workers share one connection pool, each sends a request,
/// reads the whole response and sends the next, for a fixed duration.
/// </summary>
internal static class LoadLoop
{
    /// <summary>A client for load: no cookie container (the session cookie is sent as a header), one connection per worker.</summary>
    public static HttpClient CreateClient(Uri baseAddress, int workers) =>
        new(new SocketsHttpHandler
        {
            UseCookies = false,
            UseProxy = false,
            MaxConnectionsPerServer = workers,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Runs the loop on each path in turn, <paramref name="rounds"/> times, and merges each path's rounds (so drift hits every path alike).</summary>
    public static async Task<IReadOnlyList<LoadSample>> AlternateAsync(HttpClient client, IReadOnlyList<string> paths, string? cookie, int workers, TimeSpan perRound, int rounds)
    {
        var latencies = paths.ToDictionary(p => p, _ => new List<long>());
        var errors = paths.ToDictionary(p => p, _ => 0L);
        var firstErrors = paths.ToDictionary(p => p, _ => (string?)null);
        var elapsed = paths.ToDictionary(p => p, _ => TimeSpan.Zero);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var path in paths)
            {
                var (times, failed, firstError, took) = await RunAsync(client, path, cookie, workers, perRound);
                latencies[path].AddRange(times);
                errors[path] += failed;
                firstErrors[path] ??= firstError;
                elapsed[path] += took;
            }
        }

        return [.. paths.Select(p => Summarize(p, latencies[p], errors[p], firstErrors[p], elapsed[p]))];
    }

    /// <summary>Warms a path up (results dropped).</summary>
    public static Task WarmUpAsync(HttpClient client, string path, string? cookie, int workers, TimeSpan duration) =>
        RunAsync(client, path, cookie, workers, duration);

    private static async Task<(List<long> Latencies, long Errors, string? FirstError, TimeSpan Elapsed)> RunAsync(HttpClient client, string path, string? cookie, int workers, TimeSpan duration)
    {
        var uri = new Uri(path, UriKind.Relative);
        var all = new List<long>[workers];
        long errors = 0;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var mine = all[w] = new List<long>(4096);
            loops[w] = Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var sent = Stopwatch.GetTimestamp();
                    using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                    if (cookie is not null)
                    {
                        request.Headers.TryAddWithoutValidation("Cookie", cookie);
                    }

                    try
                    {
                        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref errors);
                            Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} {response.ReasonPhrase}", null);
                            continue;
                        }
                    }
                    catch (HttpRequestException error)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, error.Message, null);
                        continue;
                    }

                    mine.Add(Stopwatch.GetTimestamp() - sent);
                }
            });
        }

        await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return ([.. all.SelectMany(l => l)], errors, firstError, elapsed);
    }

    private static LoadSample Summarize(string path, List<long> latencies, long errors, string? firstError, TimeSpan elapsed)
    {
        latencies.Sort();
        return new LoadSample(path, latencies.Count, errors, firstError, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(List<long> sorted, double fraction)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Clamp(Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1);
        return sorted[index] * 1000.0 / Stopwatch.Frequency;
    }
}
