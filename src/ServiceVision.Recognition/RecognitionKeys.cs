using System.Globalization;
using System.Security.Cryptography;

namespace ServiceVision.Recognition;

/// <summary>Grain keys and ids of the recognition service. Keys are tenant-scoped ("{organizationId}/...").</summary>
public static class RecognitionKeys
{
    public const string MonthGrainType = "recognition-month";
    public const string StatisticsGrainType = "recognition-statistics";
    public const string ProposalsGrainType = "recognition-proposals";
    public const string CelebrationsGrainType = "celebrations";

    private const string RecognitionPrefix = "rcg_";

    /// <summary>The recognitions given in one UTC month ("yyyy-MM").</summary>
    public static string Month(string organizationId, string month) => $"{organizationId}/recognitions/{month}";

    public static string Statistics(string organizationId) => $"{organizationId}/recognition-statistics";

    public static string Proposals(string organizationId) => $"{organizationId}/recognition-proposals";

    /// <summary>The organization's celebrations, milestones and score goals (ARCHITECTURE.md puts them with the organization; each area has its own grain under the organization's key).</summary>
    public static string Celebrations(string organizationId) => $"{organizationId}/celebrations";

    /// <summary>A new id: a short prefix that says what it is, then 128 random bits (so ids cannot be guessed).</summary>
    public static string NewId(string prefix) => prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// A recognition id names the month it is stored in: "rcg_yyyyMM_" and 32 hex digits, so a
    /// recognition is found without an index. <paramref name="suffix"/> defaults to 128 random bits.
    /// </summary>
    public static string NewRecognitionId(DateTimeOffset givenAt, string? suffix = null) =>
        RecognitionPrefix + givenAt.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture) + "_"
        + (suffix ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    /// <summary>The month ("yyyy-MM") a recognition id names, or null for an id that is not one of ours.</summary>
    public static string? MonthOfRecognition(string? recognitionId)
    {
        if (recognitionId is not { Length: 4 + 6 + 1 + 32 } || !recognitionId.StartsWith(RecognitionPrefix, StringComparison.Ordinal) || recognitionId[10] != '_')
        {
            return null;
        }

        var digits = recognitionId.AsSpan(4, 6);
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var yyyymm) || yyyymm % 100 is < 1 or > 12
            || !recognitionId.AsSpan(11).ContainsOnlyHexLower())
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{yyyymm / 100:D4}-{yyyymm % 100:D2}");
    }

    private static bool ContainsOnlyHexLower(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
