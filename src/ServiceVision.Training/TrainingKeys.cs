using System.Security.Cryptography;

namespace ServiceVision.Training;

/// <summary>Grain keys and ids of the training service. Keys are tenant-scoped ("{organizationId}/...").</summary>
public static class TrainingKeys
{
    /// <summary>The stored type name of the catalog grains.</summary>
    public const string CatalogGrainType = "training-catalog";

    /// <summary>The stored type name of the member training grains.</summary>
    public const string MemberGrainType = "training-member";

    /// <summary>The stored type name of the catalog's coverage pages.</summary>
    public const string CoverageGrainType = "training-coverage";

    public static string Catalog(string organizationId) => $"{organizationId}/{CatalogGrainType}";

    public static string Coverage(string organizationId, int page) => $"{organizationId}/{CoverageGrainType}/{page}";

    public static string Member(string organizationId, string memberId) => $"{organizationId}/{MemberGrainType}/{memberId}";

    /// <summary>A new id: a short prefix that says what it is, then 128 random bits (so ids cannot be guessed).</summary>
    public static string NewId(string prefix) => prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
