using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Grains;

/// <summary>Reads one round's responses from its buckets (concurrently; each bucket is a small read).</summary>
public static class SurveyResponses
{
    public static async Task<IReadOnlyList<SurveyResponse>> ReadAsync(IGrainFactory grains, string organizationId, string surveyId, int round)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (round <= 0)
        {
            return [];
        }

        var reads = Enumerable.Range(0, SurveysKeys.Buckets)
            .Select(shard => grains.GetGrain<IResponseBucketGrain>(SurveysKeys.Bucket(organizationId, surveyId, round, shard)).ListResponses());
        var buckets = await Task.WhenAll(reads);
        return [.. buckets.SelectMany(b => b).OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }
}
