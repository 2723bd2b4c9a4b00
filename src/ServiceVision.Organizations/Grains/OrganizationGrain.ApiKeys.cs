using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// API keys as the organization sees them: name, role, who created them. The secret's hash lives
/// in the PlatformDirectory only, which is what authenticates a key.
/// </summary>
public sealed partial class OrganizationGrain
{
    // Revoked keys stay listed in the state this long, then make room.
    private static readonly TimeSpan RevokedApiKeyRetention = TimeSpan.FromDays(90);

    public async Task<ApiKeyView> CreateApiKey(NewApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        EnsureCreated();
        ValidationFailedException.ThrowIfAny(MemberRules.ValidateApiKey(key.Name, key.Role.ToString()));
        if (State.ApiKeys.Values.Count(k => k.RevokedAt is null) >= MemberRules.MaxActiveApiKeys)
        {
            throw new ConflictException($"An organization has at most {MemberRules.MaxActiveApiKeys} active API keys; revoke one first.");
        }

        var now = Time.GetUtcNow();
        foreach (var old in State.ApiKeys.Values.Where(k => now - k.RevokedAt > RevokedApiKeyRetention).Select(k => k.Id).ToList())
        {
            State.ApiKeys.Remove(old);
        }

        var record = new ApiKeyRecord { Id = key.Id, Name = key.Name.Trim(), Role = key.Role, CreatedBy = key.CreatedBy, CreatedAt = now };
        State.ApiKeys[record.Id] = record;
        await WriteStateAsync();
        return View(record);
    }

    public Task<PagedList<ApiKeyView>> ListApiKeys(PageRequest page)
    {
        EnsureCreated();
        var keys = State.ApiKeys.Values
            .Where(k => k.RevokedAt is null)
            .OrderByDescending(k => k.CreatedAt)
            .ThenBy(k => k.Id, StringComparer.Ordinal)
            .Select(View);
        return Task.FromResult(PagedList.Of(keys, page));
    }

    public Task<ApiKeyView?> FindApiKey(string keyId) =>
        Task.FromResult(State.Created && State.ApiKeys.TryGetValue(keyId, out var key) && key.RevokedAt is null ? View(key) : null);

    public async Task RevokeApiKey(string keyId)
    {
        EnsureCreated();
        if (!State.ApiKeys.TryGetValue(keyId, out var key) || key.RevokedAt is not null)
        {
            throw new NotFoundException("The API key");
        }

        key.RevokedAt = Time.GetUtcNow();
        await WriteStateAsync();
    }

    private static ApiKeyView View(ApiKeyRecord k) => new(k.Id, k.Name, k.Role, k.CreatedAt, k.CreatedBy);
}
