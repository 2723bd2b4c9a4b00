namespace ServiceVision.Api.Security;

/// <summary>Request limits (configuration section "RequestLimits").</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "RequestLimits";

    /// <summary>The largest request body accepted, in bytes; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How deeply JSON objects and arrays may nest in a request body; deeper ones get 400.</summary>
    public int MaxJsonDepth { get; set; } = 32;
}

/// <summary>
/// Rate limits of the API (configuration section "RateLimits"): fixed windows per organization for
/// authenticated callers and per client IP address for anonymous ones. The defaults are generous:
/// they stop floods, not people.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests one organization (all its members and API keys together) may make per window: a runaway script of one tenant cannot starve the others, a large organization at work is not refused.</summary>
    public int PerOrganizationPermits { get; set; } = 30000;

    /// <summary>Anonymous requests one IP address may make per window.</summary>
    public int PerAnonymousIpPermits { get; set; } = 1200;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
