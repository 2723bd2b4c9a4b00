using System.Security.Cryptography;

namespace ServiceVision.Organizations;

/// <summary>Identifiers: a short prefix that says what it is, then 128 random bits (so ids cannot be guessed).</summary>
public static class Ids
{
    public static string New(string prefix) => prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
