using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ServiceVision.Domain.Members;

/// <summary>
/// Invitation tokens look like <c>{organizationId}.{secret}</c>: the organization tells which grain
/// holds the invitation, the secret is 256 random bits. Only the SHA-256 hash of the secret is
/// stored: it is unguessable, so a fast hash is safe, and a leaked store cannot be replayed.
/// </summary>
public static partial class InvitationTokens
{
    /// <summary>An organization id (100 characters at most) plus the separator and the secret.</summary>
    public const int MaxLength = 200;

    [GeneratedRegex("^[a-z]{1,10}_[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex OrganizationIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();

    /// <summary>A new token for <paramref name="organizationId"/> and the hash to store.</summary>
    public static (string Token, string SecretHash) Generate(string organizationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return ($"{organizationId}.{secret}", Hash(secret));
    }

    /// <summary>Splits a token; false for anything that is not exactly one of ours.</summary>
    public static bool TryParse(string? token, out string organizationId, out string secret)
    {
        var parts = token?.Trim().Split('.') ?? [];
        var ok = parts.Length == 2 && OrganizationIdPattern().IsMatch(parts[0]) && SecretPattern().IsMatch(parts[1]);
        organizationId = ok ? parts[0] : "";
        secret = ok ? parts[1] : "";
        return ok;
    }

    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }
}
