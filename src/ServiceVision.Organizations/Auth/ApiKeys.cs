using System.Security.Cryptography;
using System.Text;

namespace ServiceVision.Organizations.Auth;

/// <summary>
/// API keys look like <c>svk.{keyId}.{secret}</c>. Only a SHA-256 hash of the secret is stored:
/// secrets are 256 random bits, so a fast hash is safe, and checking a key costs microseconds.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "svk";

    public static (string KeyId, string Secret, string Token) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (keyId, secret, $"{Prefix}.{keyId}.{secret}");
    }

    public static bool TryParse(string token, out string keyId, out string secret)
    {
        var parts = token.Split('.');
        var ok = parts.Length == 3 && parts[0] == Prefix && parts[1].Length == 16 && parts[2].Length is > 0 and <= 64;
        keyId = ok ? parts[1] : "";
        secret = ok ? parts[2] : "";
        return ok;
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
