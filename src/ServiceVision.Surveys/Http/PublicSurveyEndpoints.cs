using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using ServiceVision.Api;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Answering;

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
/// accepted once per respondent token. The steps are <see cref="PublicSurveyAnswering"/>'s, shared
/// with the web app's answer page.
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

    private static async Task<Ok<PublicSurveyForm>> GetAsync(string linkToken, PublicSurveyAnswering answering, HttpContext context) =>
        TypedResults.Ok(await answering.GetFormAsync(linkToken, context.RequestAborted));

    private static async Task<Results<Created<SubmissionResult>, Ok<SubmissionResult>>> SubmitAsync(
        string linkToken, PublicSurveyAnswering answering, IOptions<JsonOptions> json, HttpContext context)
    {
        var submission = await ReadBoundedAsync(context, json.Value.SerializerOptions);
        var result = await answering.SubmitAsync(linkToken, submission, context.RequestAborted);
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
