using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Organizations.Auth;

/// <summary>Sign-in throttling (configuration section "SignIn").</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "SignIn";

    /// <summary>Failed sign-ins of one e-mail address within <see cref="Window"/> that lock it out.</summary>
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed sign-ins from one IP address within <see cref="Window"/> that lock the address out.</summary>
    public int MaxFailuresPerIp { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an e-mail address stays locked after too many failures.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Slows password guessing down. Failures are counted per e-mail address in the shared store (so
/// every host sees them; the record is keyed by a hash of the address, whether or not an account
/// exists, so the answer never tells which addresses have one) and per client IP in this host's
/// memory. Too many failures within the window lock the address (or IP) out for a while: sign-in
/// then answers 429 with Retry-After, even with the right password. A successful sign-in clears
/// the address's failures; an IP's failures only age out, so signing into one's own account cannot
/// be used to reset a guessing run.
/// </summary>
public sealed class SignInThrottle(IGrainStorage store, TimeProvider time, IOptions<SignInThrottleOptions> options)
{
    private const string RecordType = "sign-in-throttle";
    private const int MaxTrackedIps = 10_000;
    private static readonly JsonSerializerOptions json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, IpFailures> ips = new(StringComparer.Ordinal);

    private SignInThrottleOptions Options => options.Value;

    /// <summary>How long the caller must wait before trying again, or null when they may try now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string normalizedEmail, string ip, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (IpRetryAfter(ip, now) is { } ipWait)
        {
            return ipWait;
        }

        return await ReadAsync(normalizedEmail, cancellationToken) is { } found && found.Value.LockedUntil is { } until && until > now
            ? until - now
            : null;
    }

    /// <summary>Counts a failed attempt; returns how long to wait when it caused a lockout.</summary>
    public async Task<TimeSpan?> RecordFailureAsync(string normalizedEmail, string ip, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        RecordIpFailure(ip, now);
        for (var attempt = 0; ; attempt++)
        {
            var stored = await ReadAsync(normalizedEmail, cancellationToken);
            var failures = (stored?.Value.Failures ?? []).Where(f => now - f < Options.Window).Append(now).ToList();
            var lockedUntil = failures.Count >= Options.MaxFailuresPerAccount ? now + Options.Lockout : stored?.Value.LockedUntil;
            var record = new FailureRecord(failures.TakeLast(Options.MaxFailuresPerAccount).ToList(), lockedUntil);
            try
            {
                await store.WriteAsync(RecordType, Key(normalizedEmail), JsonSerializer.Serialize(record, json), stored?.Version ?? 0, cancellationToken);
                return record.LockedUntil > now ? record.LockedUntil - now : IpRetryAfter(ip, now);
            }
            catch (InconsistentStateException) when (attempt < 3)
            {
                // Another attempt on the same address wrote first: count on top of it.
            }
        }
    }

    /// <summary>A successful sign-in clears the address's failures.</summary>
    public async Task RecordSuccessAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        if (await store.ReadAsync(RecordType, Key(normalizedEmail), cancellationToken) is { } stored)
        {
            try
            {
                await store.ClearAsync(RecordType, Key(normalizedEmail), stored.Version, cancellationToken);
            }
            catch (InconsistentStateException)
            {
                // A failure was counted meanwhile; it ages out with the window.
            }
        }
    }

    private TimeSpan? IpRetryAfter(string ip, DateTimeOffset now)
    {
        if (!ips.TryGetValue(ip, out var failures))
        {
            return null;
        }

        lock (failures)
        {
            failures.Times.RemoveAll(t => now - t >= Options.Window);
            return failures.Times.Count >= Options.MaxFailuresPerIp ? failures.Times[0] + Options.Window - now : null;
        }
    }

    private void RecordIpFailure(string ip, DateTimeOffset now)
    {
        if (ips.Count >= MaxTrackedIps)
        {
            // Bound the memory an address scan can take: forget addresses whose failures aged out.
            foreach (var (key, value) in ips)
            {
                lock (value)
                {
                    if (value.Times.Count == 0 || now - value.Times[^1] >= Options.Window)
                    {
                        ips.TryRemove(key, out _);
                    }
                }
            }
        }

        var failures = ips.GetOrAdd(ip, _ => new IpFailures());
        lock (failures)
        {
            failures.Times.Add(now);
            if (failures.Times.Count > Options.MaxFailuresPerIp)
            {
                failures.Times.RemoveAt(0);
            }
        }
    }

    private async Task<(FailureRecord Value, long Version)?> ReadAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        await store.ReadAsync(RecordType, Key(normalizedEmail), cancellationToken) is { } stored
        && JsonSerializer.Deserialize<FailureRecord>(stored.Json, json) is { } record
            ? (record, stored.Version)
            : null;

    // The address itself is personal data: the store only sees its hash.
    private static string Key(string normalizedEmail) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));

    private sealed record FailureRecord(List<DateTimeOffset> Failures, DateTimeOffset? LockedUntil);

    private sealed class IpFailures
    {
        public List<DateTimeOffset> Times { get; } = [];
    }
}
