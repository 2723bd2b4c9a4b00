using System.Text.Json;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Organizations.Directory;

/// <summary>A person's sign-in: which organization and member an e-mail address belongs to, and the password hash.</summary>
public sealed record Account(string OrganizationId, string MemberId, string PasswordHash, DateTimeOffset CreatedAt);

/// <summary>A program's sign-in: an API key's organization, role and secret hash.</summary>
public sealed record ApiKeyAccount(string OrganizationId, string KeyId, string SecretHash, MemberRole Role, DateTimeOffset CreatedAt);

/// <summary>
/// The platform-wide indexes that no single organization grain can hold: unique URL slugs,
/// e-mail addresses and API keys. Each entry is claimed with a conditional insert in the shared
/// store, which is what makes it unique across hosts.
/// </summary>
public sealed class PlatformDirectory(IGrainStorage store, TimeProvider time)
{
    private const string SlugType = "directory-slug";
    private const string EmailType = "directory-email";
    private const string ApiKeyType = "directory-api-key";

    // A claim whose organization was never created (the sign-up died half-way) may be taken over after this.
    private static readonly TimeSpan AbandonedClaim = TimeSpan.FromMinutes(10);
    private static readonly JsonSerializerOptions json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Whether an organization was ever created, read from the store without activating its grain,
    /// so anonymous requests naming made-up organizations cannot fill memory with activations.
    /// </summary>
    public async Task<bool> OrganizationIsStoredAsync(string organizationId, CancellationToken cancellationToken) =>
        await store.ReadAsync(OrganizationsModule.OrganizationGrainType, organizationId, cancellationToken) is not null;

    /// <summary>Claims a slug for an organization; 409 on field "slug" when it is taken.</summary>
    public Task ClaimSlugAsync(string slug, string organizationId, Func<string, Task<bool>> organizationExists, CancellationToken cancellationToken) =>
        ClaimAsync(SlugType, slug, new SlugClaim(organizationId, time.GetUtcNow()), c => c.OrganizationId, c => c.CreatedAt, organizationExists,
            new ConflictException($"The URL name '{slug}' is taken; choose another.", "slug"), cancellationToken);

    public Task ReleaseSlugAsync(string slug, CancellationToken cancellationToken) => ReleaseAsync(SlugType, slug, cancellationToken);

    /// <summary>Claims an e-mail address for an account; 409 on field "email" when it is taken.</summary>
    public Task ClaimEmailAsync(string normalizedEmail, Account account, Func<string, Task<bool>> organizationExists, CancellationToken cancellationToken) =>
        ClaimAsync(EmailType, normalizedEmail, account, a => a.OrganizationId, a => a.CreatedAt, organizationExists,
            new ConflictException("An account with this e-mail address exists already; sign in instead.", "email"), cancellationToken);

    public Task ReleaseEmailAsync(string normalizedEmail, CancellationToken cancellationToken) => ReleaseAsync(EmailType, normalizedEmail, cancellationToken);

    public async Task<Account?> FindAccountAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        await ReadAsync<Account>(EmailType, normalizedEmail, cancellationToken) is { } found ? found.Value : null;

    public async Task RegisterApiKeyAsync(ApiKeyAccount key, CancellationToken cancellationToken) =>
        await store.WriteAsync(ApiKeyType, key.KeyId, JsonSerializer.Serialize(key, json), 0, cancellationToken);

    public async Task<ApiKeyAccount?> FindApiKeyAsync(string keyId, CancellationToken cancellationToken) =>
        await ReadAsync<ApiKeyAccount>(ApiKeyType, keyId, cancellationToken) is { } found ? found.Value : null;

    /// <summary>Removes an API key so it no longer signs anyone in.</summary>
    public Task RemoveApiKeyAsync(string keyId, CancellationToken cancellationToken) => ReleaseAsync(ApiKeyType, keyId, cancellationToken);

    private async Task ClaimAsync<T>(
        string type,
        string key,
        T claim,
        Func<T, string> organizationOf,
        Func<T, DateTimeOffset> createdAt,
        Func<string, Task<bool>> organizationExists,
        ConflictException taken,
        CancellationToken cancellationToken)
    {
        var existing = await ReadAsync<T>(type, key, cancellationToken);
        if (existing is { } held)
        {
            var abandoned = time.GetUtcNow() - createdAt(held.Value) > AbandonedClaim && !await organizationExists(organizationOf(held.Value));
            if (!abandoned)
            {
                throw taken;
            }
        }

        try
        {
            await store.WriteAsync(type, key, JsonSerializer.Serialize(claim, json), existing?.Version ?? 0, cancellationToken);
        }
        catch (InconsistentStateException)
        {
            throw taken;
        }
    }

    private async Task ReleaseAsync(string type, string key, CancellationToken cancellationToken)
    {
        if (await store.ReadAsync(type, key, cancellationToken) is { } stored)
        {
            await store.ClearAsync(type, key, stored.Version, cancellationToken);
        }
    }

    private async Task<(T Value, long Version)?> ReadAsync<T>(string type, string key, CancellationToken cancellationToken) =>
        await store.ReadAsync(type, key, cancellationToken) is { } stored && JsonSerializer.Deserialize<T>(stored.Json, json) is { } value
            ? (value, stored.Version)
            : null;

    private sealed record SlugClaim(string OrganizationId, DateTimeOffset CreatedAt);
}
