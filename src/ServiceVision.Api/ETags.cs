using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ServiceVision.Api;

/// <summary>
/// Optimistic concurrency over HTTP: a versioned resource's ETag is its revision; an edit must send
/// the revision it read in If-Match, and gets 412 if someone changed the resource since.
/// </summary>
public static class ETags
{
    public static string Format(long revision) => "\"" + revision.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Sets the ETag response header.</summary>
    public static void Set(HttpContext context, long revision) => context.Response.Headers.ETag = Format(revision);

    /// <summary>The revision named by If-Match; 428 when it is missing, 400 when it is not one of ours.</summary>
    public static long RequireIfMatch(HttpContext context)
    {
        var header = context.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            throw new PreconditionRequiredException();
        }

        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return value.Length > 2 && value[0] == '"' && value[^1] == '"'
            && long.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw new ValidationFailedException("If-Match", "If-Match must be the ETag of the resource as last read, for example \"3\".");
    }
}

/// <summary>428: an edit of a versioned resource must say which revision it changes.</summary>
public sealed class PreconditionRequiredException()
    : ApiException("Send the resource's ETag in an If-Match header, so that your edit cannot overwrite someone else's.")
{
    public override int StatusCode => 428;

    public override string Title => "If-Match is required.";
}
