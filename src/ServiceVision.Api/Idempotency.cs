using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Api;

/// <summary>Marks an endpoint whose requests may carry an Idempotency-Key header.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class IdempotentAttribute(bool responseHoldsSecret = false) : Attribute
{
    /// <summary>
    /// The response carries a secret shown once (an API key, an invitation token): its body is not
    /// kept, and a replay answers 409 with the created resource's Location instead.
    /// </summary>
    public bool ResponseHoldsSecret { get; } = responseHoldsSecret;
}

public static class IdempotencyEndpointExtensions
{
    /// <summary>
    /// A retried create with the same Idempotency-Key gets the first response again instead of
    /// creating twice; the same key with a different body is refused.
    /// </summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder, bool responseHoldsSecret = false)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new IdempotentAttribute(responseHoldsSecret));
}

/// <summary>
/// Idempotency keys for creates. The first request with a key claims it with a conditional insert
/// (so two concurrent retries cannot both run), runs, and stores its 2xx response; a later request
/// with the same key and body gets that response replayed. Records live in the shared store under
/// the caller's tenant and member, so keys of different callers never meet; they expire after a day.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IGrainStorage store, TimeProvider time)
{
    public const string Header = "Idempotency-Key";
    private const string RecordType = "idempotency";
    private const int MaxKeyLength = 100;
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions json = new(JsonSerializerDefaults.Web);

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[Header].ToString();
        var idempotent = context.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>();
        if (key.Length == 0 || idempotent is null)
        {
            await next(context);
            return;
        }

        if (key.Length > MaxKeyLength || key.Any(c => c < 0x21 || c > 0x7e))
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "The request is invalid.", $"{Header} must be 1 to {MaxKeyLength} visible ASCII characters.", Header);
            return;
        }

        var caller = Caller.From(context.User);
        var scope = $"{caller?.OrganizationId ?? "anonymous"}/{caller?.MemberId}/{context.Request.Method} {context.Request.Path}/{key}";
        var recordKey = (caller?.OrganizationId ?? "anonymous") + GrainId.TenantSeparator + Hash(scope);
        var fingerprint = await FingerprintAsync(context.Request);
        var now = time.GetUtcNow();

        var existing = await store.ReadAsync(RecordType, recordKey, context.RequestAborted);
        var record = existing is null ? null : JsonSerializer.Deserialize<IdempotencyRecord>(existing.Json, json);
        if (record is not null && !record.IsReusable(now))
        {
            if (record.Fingerprint != fingerprint)
            {
                await WriteProblemAsync(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused.", $"This {Header} was used for a different request; use a new key for a new request.", Header);
                return;
            }

            if (record.Response is { Body: null } secret)
            {
                context.Response.Headers.Location = secret.Location;
                await WriteProblemAsync(context, StatusCodes.Status409Conflict, "Already done.", $"The request with this {Header} succeeded already; its one-time secret is not shown again.", Header);
                return;
            }

            if (record.Response is { } response)
            {
                await ReplayAsync(context, response);
                return;
            }

            await WriteProblemAsync(context, StatusCodes.Status409Conflict, "Request in progress.", $"A request with this {Header} is still running; retry in a moment.", Header);
            return;
        }

        var pending = new IdempotencyRecord(fingerprint, now, null);
        long version;
        try
        {
            version = await store.WriteAsync(RecordType, recordKey, JsonSerializer.Serialize(pending, json), existing?.Version ?? 0, context.RequestAborted);
        }
        catch (InconsistentStateException)
        {
            await WriteProblemAsync(context, StatusCodes.Status409Conflict, "Request in progress.", $"A request with this {Header} is still running; retry in a moment.", Header);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            // A failed request (the store down, a bug) created nothing we know of: free the key at
            // once so the client's retry runs, instead of answering "in progress" until the claim ages out.
            context.Response.Body = original;
            await ReleaseAsync(recordKey, version);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode is >= 200 and < 300)
        {
            var stored = new StoredResponse(
                context.Response.StatusCode,
                context.Response.ContentType,
                context.Response.Headers.Location.ToString(),
                context.Response.Headers.ETag.ToString(),
                idempotent.ResponseHoldsSecret ? null : Convert.ToBase64String(buffer.ToArray()));
            await store.WriteAsync(RecordType, recordKey, JsonSerializer.Serialize(pending with { Response = stored }, json), version, CancellationToken.None);
        }
        else
        {
            // Nothing was created: the key is free for a corrected retry.
            await store.ClearAsync(RecordType, recordKey, version, CancellationToken.None);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private async Task ReleaseAsync(string recordKey, long version)
    {
        try
        {
            await store.ClearAsync(RecordType, recordKey, version, CancellationToken.None);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The store is what failed: the claim then ages out after AbandonedAfter, as before.
        }
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            sha.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static async Task ReplayAsync(HttpContext context, StoredResponse response)
    {
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        if (response.Location.Length > 0)
        {
            context.Response.Headers.Location = response.Location;
        }

        if (response.ETag.Length > 0)
        {
            context.Response.Headers.ETag = response.ETag;
        }

        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.Body.WriteAsync(Convert.FromBase64String(response.Body!), context.RequestAborted);
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail, string field)
    {
        context.Response.StatusCode = status;
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] })
        {
            Status = status,
            Title = title,
            Detail = detail,
        };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private sealed record IdempotencyRecord(string Fingerprint, DateTimeOffset CreatedAt, StoredResponse? Response)
    {
        /// <summary>An expired record, or a claim whose request died without finishing, may be taken over.</summary>
        public bool IsReusable(DateTimeOffset now) =>
            now - CreatedAt > Retention || (Response is null && now - CreatedAt > AbandonedAfter);
    }

    private sealed record StoredResponse(int Status, string? ContentType, string Location, string ETag, string? Body);
}
