namespace ServiceVision.Grains;

/// <summary>
/// Identifies one grain: its type name and its key. Keys are tenant-scoped: an organization's
/// grain is keyed by the organization id, every other grain's key starts with "{organizationId}/".
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>Separates the tenant (organization id) from the rest of a key.</summary>
    public const char TenantSeparator = '/';

    /// <summary>The organization that owns this grain: the key up to the first '/'.</summary>
    public string Tenant
    {
        get
        {
            var slash = Key.IndexOf(TenantSeparator, StringComparison.Ordinal);
            return slash < 0 ? Key : Key[..slash];
        }
    }

    public override string ToString() => $"{Type}/{Key}";
}
