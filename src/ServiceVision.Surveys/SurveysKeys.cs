using System.Security.Cryptography;

namespace ServiceVision.Surveys;

/// <summary>Grain keys and ids of the surveys service. Keys are tenant-scoped ("{organizationId}/...").</summary>
public static class SurveysKeys
{
    public const string CatalogGrainType = "survey-catalog";
    public const string SurveyGrainType = "survey";
    public const string LinkGrainType = "survey-link";
    public const string BucketGrainType = "survey-bucket";
    public const string MemberGrainType = "survey-member";
    public const string RecoveriesGrainType = "survey-recoveries";

    /// <summary>The stored type of the platform-wide index from a public link's token to its organization and link.</summary>
    public const string LinkTokenType = "survey-link-token";

    /// <summary>
    /// Responses of one round are spread over this many bucket grains by a hash of the respondent
    /// token, so each submission writes one small state and a token always lands in the same bucket.
    /// </summary>
    public const int Buckets = 256;

    /// <summary>The most responses one bucket holds (so a round holds up to 128,000; a bucket's state stays under ~150 KB).</summary>
    public const int MaxResponsesPerBucket = 500;

    public static string Catalog(string organizationId) => $"{organizationId}/{CatalogGrainType}";

    public static string Survey(string organizationId, string surveyId) => $"{organizationId}/{SurveyGrainType}/{surveyId}";

    public static string Link(string organizationId, string linkId) => $"{organizationId}/{LinkGrainType}/{linkId}";

    public static string Bucket(string organizationId, string surveyId, int round, int shard) => $"{organizationId}/{BucketGrainType}/{surveyId}/{round}/{shard}";

    public static string Member(string organizationId, string memberId) => $"{organizationId}/{MemberGrainType}/{memberId}";

    public static string Recoveries(string organizationId) => $"{organizationId}/{RecoveriesGrainType}";

    /// <summary>A new id: a short prefix that says what it is, then 128 random bits (so ids cannot be guessed).</summary>
    public static string NewId(string prefix) => prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A response id names its round and bucket ("rsp_{round}_{shard}_{random}"), so a leader's tag finds it.</summary>
    public static string ResponseId(int round, int shard) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rsp_{round}_{shard}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}");

    /// <summary>The round and bucket of a response id, or null when it is not one.</summary>
    public static (int Round, int Shard)? ParseResponseId(string responseId)
    {
        var parts = (responseId ?? "").Split('_');
        return parts.Length == 4 && parts[0] == "rsp"
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var round) && round > 0
            && int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var shard) && shard < Buckets
            ? (round, shard)
            : null;
    }

    /// <summary>A public link's token: 192 random bits, URL-safe.</summary>
    public static string NewLinkToken() => "sl_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// The respondent token as stored: an HMAC under the survey's secret, so the raw token (or a member
    /// id) never lands in a response, and the bucket it belongs to.
    /// </summary>
    public static (string Hash, int Shard) HashRespondent(string secret, string token)
    {
        var mac = HMACSHA256.HashData(Convert.FromHexString(secret), System.Text.Encoding.UTF8.GetBytes(token));
        return (Convert.ToHexStringLower(mac), (int)(BitConverter.ToUInt32(mac, 0) % Buckets));
    }
}
