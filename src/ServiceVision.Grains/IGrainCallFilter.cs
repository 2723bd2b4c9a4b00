namespace ServiceVision.Grains;

/// <summary>What a call filter sees of an outgoing grain call.</summary>
/// <param name="Target">The grain called.</param>
/// <param name="MethodName">The interface method called.</param>
/// <param name="CallerTenant">The tenant of the calling context, or null for platform code.</param>
public readonly record struct GrainCallContext(GrainId Target, string MethodName, string? CallerTenant);

/// <summary>Inspects every grain call before it is queued; throws to refuse it.</summary>
public interface IGrainCallFilter
{
    void OnCall(in GrainCallContext context);
}

/// <summary>Refuses a call made in one tenant's context into another tenant's grain.</summary>
public sealed class TenantIsolationCallFilter : IGrainCallFilter
{
    public void OnCall(in GrainCallContext context)
    {
        if (context.CallerTenant is { } caller && !string.Equals(caller, context.Target.Tenant, StringComparison.Ordinal))
        {
            throw new TenantIsolationException(
                $"A call in the context of tenant '{caller}' may not reach {context.Target.Type} of tenant '{context.Target.Tenant}'.");
        }
    }
}
