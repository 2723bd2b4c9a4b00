using ServiceVision.Api;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Audit;

/// <summary>Records audited changes; endpoints call it right after the change succeeded.</summary>
public interface IAuditLog
{
    Task RecordAsync(Caller caller, AuditKind kind, string subjectId, string summary);

    /// <summary>For changes made without a caller (an invitee accepting): the actor is named explicitly.</summary>
    Task RecordAsync(string organizationId, string actorId, AuditKind kind, string subjectId, string summary);
}

public sealed class AuditLog(IGrainFactory grains) : IAuditLog
{
    public static string Key(string organizationId) => organizationId + GrainId.TenantSeparator + "audit";

    public Task RecordAsync(Caller caller, AuditKind kind, string subjectId, string summary)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return RecordAsync(caller.OrganizationId, caller.MemberId, kind, subjectId, summary);
    }

    public Task RecordAsync(string organizationId, string actorId, AuditKind kind, string subjectId, string summary) =>
        grains.GetGrain<IAuditGrain>(Key(organizationId)).Append(new AuditRecord(actorId, kind, subjectId, summary));
}
