using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;

namespace ServiceVision.Surveys.Abstractions;

/// <summary>
/// A bounded share of one round's responses (key "{org}/survey-bucket/{surveyId}/{round}/{shard}"):
/// those whose respondent token hashes to this shard. The token hash makes acceptance exact: one
/// response per token, a repeat returns the first. Events of a customer response go out in the same
/// write as the response.
/// </summary>
public interface IResponseBucketGrain : IGrain
{
    /// <summary>
    /// Stores a response unless its token answered already (then returns the first, Created false).
    /// 409 when <see cref="NewResponse.AllowNew"/> is false (the link is at its cap) or the bucket is full.
    /// </summary>
    Task<BucketResult> Add(NewResponse response);

    [ReadOnly]
    Task<IReadOnlyList<SurveyResponse>> ListResponses();

    [ReadOnly]
    Task<int> Count();

    /// <summary>How many of this bucket's responses came through public link <paramref name="linkId"/>.</summary>
    [ReadOnly]
    Task<int> CountForLink(string linkId);

    /// <summary>Replaces a leader's tags on a response; 404 when this bucket has no such response.</summary>
    Task SetLeaderTags(string responseId, IReadOnlyList<string> tags);
}

/// <param name="Customer">Set for a customer response: what its events carry.</param>
/// <param name="LinkId">The public link it came through; null for a member's response.</param>
public sealed record NewResponse(
    string TokenHash,
    string? LinkId,
    string? LocationId,
    string? DepartmentId,
    string? Channel,
    string? Touchpoint,
    IReadOnlyList<SurveyAnswer> Answers,
    bool AllowNew,
    CustomerResponseEvents? Customer);

public sealed record CustomerResponseEvents(string SurveyId, int? Csat, int? Nps, string? Comment, int RecoveryHours);

public sealed record BucketResult(string ResponseId, bool Created, DateTimeOffset SubmittedAt, string? RecoveryId);
