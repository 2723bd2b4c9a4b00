using System.Collections.Concurrent;
using System.Text.Json;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Http;

namespace ServiceVision.Surveys.Answering;

/// <summary>
/// A customer answering a public survey link: resolving the link's token, the questions it shows and
/// submitting a response (once per respondent token, within the link's cap). The public API
/// (<see cref="PublicSurveyEndpoints"/>) and the web app's answer page (/app/s/{linkToken}) both call
/// it, so their steps cannot drift apart; reading the HTTP body and the status codes stay with the
/// endpoints.
/// </summary>
public sealed class PublicSurveyAnswering(IGrainFactory grains, IGrainStorage store)
{
    /// <summary>The longest link token looked up; anything longer is not a token.</summary>
    public const int MaxLinkTokenLength = 100;

    private const int MaxKnownTokens = 10_000;

    // Token -> link, remembered by this process: a token never points elsewhere, and a revoked link's
    // grain refuses by itself, so a remembered entry is never wrong. Bounded: cleared when full.
    private readonly ConcurrentDictionary<string, LinkTokenEntry> knownTokens = new(StringComparer.Ordinal);

    /// <summary>The questions of the survey behind <paramref name="linkToken"/>; 404 unknown or revoked link, 409 survey not open.</summary>
    public async Task<PublicSurveyForm> GetFormAsync(string linkToken, CancellationToken cancellationToken) =>
        await (await LinkAsync(linkToken, cancellationToken)).GetForm();

    /// <summary>
    /// Submits a response: once per respondent token (a repeat returns the first result with
    /// <see cref="SubmissionResult.Replayed"/>). 400 naming the field; 404 unknown or revoked link;
    /// 409 survey not open or the link's cap reached.
    /// </summary>
    public async Task<SubmissionResult> SubmitAsync(string linkToken, PublicSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return await (await LinkAsync(linkToken, cancellationToken)).Submit(submission);
    }

    private async Task<ISurveyLinkGrain> LinkAsync(string linkToken, CancellationToken cancellationToken)
    {
        if (linkToken is null || linkToken.Length > MaxLinkTokenLength || !linkToken.StartsWith("sl_", StringComparison.Ordinal))
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
}
