using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Http;

/// <summary>413: the request body is larger than the route accepts.</summary>
public sealed class PayloadTooLargeException(int limit) : ApiException($"The request body is larger than {limit} bytes.")
{
    public override int StatusCode => 413;

    public override string Title => "The request is too large.";
}

/// <summary>
/// Public survey links (/api/v1/public/surveys/{linkToken}): customers answer without signing in.
/// Rate limited per client address and link; the body is read with a size limit; a response is
/// accepted once per respondent token.
/// </summary>
public static class PublicSurveyEndpoints
{
    /// <summary>The largest response body accepted (50 answers of 2,000 characters fit easily in JSON).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapPublicSurveyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/public/surveys").WithTags("Public surveys");
        group.MapGet("/{linkToken}", GetAsync)
            .WithSummary("The questions of the survey behind a public link (no sign-in).")
            .AllowAnonymous()
            .RequireRateLimiting(SurveysModule.PublicRateLimitPolicy);
        group.MapPost("/{linkToken}", SubmitAsync)
            .WithSummary("Submits a customer's response (no sign-in); once per respondent token, a retry returns the first result.")
            .Accepts<PublicSubmission>("application/json")
            .AllowAnonymous()
            .RequireRateLimiting(SurveysModule.PublicRateLimitPolicy);
        return routes;
    }

    // Token -> link, remembered by this process: a token never points elsewhere, and a revoked link's
    // grain refuses by itself, so a remembered entry is never wrong. Bounded: cleared when full.
    private static readonly ConcurrentDictionary<string, LinkTokenEntry> knownTokens = new(StringComparer.Ordinal);
    private const int MaxKnownTokens = 10_000;

    private static async Task<ISurveyLinkGrain> LinkAsync(string linkToken, IGrainFactory grains, IGrainStorage store, CancellationToken cancellationToken)
    {
        if (linkToken.Length > 100 || !linkToken.StartsWith("sl_", StringComparison.Ordinal))
        {
            throw new NotFoundException("The survey link");
        }

        if (!knownTokens.TryGetValue(linkToken, out var entry))
        {
            if (await store.ReadAsync(SurveysKeys.LinkTokenType, linkToken, cancellationToken) is not { } stored
                || JsonSerializer.Deserialize<LinkTokenEntry>(stored.Json, JsonSerializerOptions.Web) is not { } found)
            {
                throw new NotFoundException("The survey link");
            }

            if (knownTokens.Count >= MaxKnownTokens)
            {
                knownTokens.Clear();
            }

            entry = knownTokens[linkToken] = found;
        }

        return grains.GetGrain<ISurveyLinkGrain>(SurveysKeys.Link(entry.OrganizationId, entry.LinkId));
    }

    private static async Task<Ok<PublicSurveyForm>> GetAsync(string linkToken, IGrainFactory grains, IGrainStorage store, HttpContext context) =>
        TypedResults.Ok(await (await LinkAsync(linkToken, grains, store, context.RequestAborted)).GetForm());

    private static async Task<Results<Created<SubmissionResult>, Ok<SubmissionResult>>> SubmitAsync(
        string linkToken, IGrainFactory grains, IGrainStorage store, IOptions<JsonOptions> json, HttpContext context)
    {
        var submission = await ReadBoundedAsync(context, json.Value.SerializerOptions);
        var link = await LinkAsync(linkToken, grains, store, context.RequestAborted);
        var result = await link.Submit(submission);
        return result.Replayed ? TypedResults.Ok(result) : TypedResults.Created((string?)null, result);
    }

    /// <summary>Reads the JSON body, refusing more than <see cref="MaxBodyBytes"/> (413) and anything that is not a response object (400).</summary>
    private static async Task<PublicSubmission> ReadBoundedAsync(HttpContext context, JsonSerializerOptions options)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw new PayloadTooLargeException(MaxBodyBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                throw new PayloadTooLargeException(MaxBodyBytes);
            }
        }

        try
        {
            return buffer.Length == 0
                ? throw new ValidationFailedException("body", "Send the response as a JSON object.")
                : JsonSerializer.Deserialize<PublicSubmission>(buffer.ToArray(), options) ?? throw new ValidationFailedException("body", "Send the response as a JSON object.");
        }
        catch (JsonException error)
        {
            throw new ValidationFailedException(JsonField(error.Path), "This is not valid JSON of the expected type.");
        }
    }

    // "$.answers[0].value" -> "answers[0].value"
    private static string JsonField(string? path) =>
        path is null || path.Length <= 2 ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
