namespace ServiceVision.Grains;

/// <summary>
/// The organization on whose behalf the current code runs. Set by the HTTP edge from the
/// authenticated principal and by the runtime while a grain executes; grain calls into another
/// tenant's grains are refused.
/// </summary>
public static class TenantContext
{
    private static readonly AsyncLocal<string?> current = new();

    /// <summary>The current tenant, or null for platform code (start-up, reminders, consumers before they scope).</summary>
    public static string? Current => current.Value;

    /// <summary>Runs the rest of the current async flow as <paramref name="tenantId"/>; dispose to restore.</summary>
    public static IDisposable Enter(string? tenantId)
    {
        var previous = current.Value;
        current.Value = tenantId;
        return new Scope(previous);
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => current.Value = previous;
    }
}
