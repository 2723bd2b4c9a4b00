using ServiceVision.Api;

namespace ServiceVision.Organizations.Audit;

/// <summary>What kind of change an audit entry records.</summary>
public enum AuditKind
{
    VisionPublished,
    MemberChanged,
    MemberRemoved,
    ApiKeyCreated,
    ApiKeyRevoked,
    InvitationCreated,
    InvitationRevoked,
    InvitationAccepted,

    /// <summary>A partner was granted access to the organization's events or commands, or its grant changed.</summary>
    PartnerGrantCreated,

    /// <summary>A partner's grant was revoked.</summary>
    PartnerGrantRevoked,

    /// <summary>A location adopted a version of its network's vision.</summary>
    LocationVisionAdopted,

    /// <summary>A location added a local item to its network's vision.</summary>
    LocalItemAdded,

    /// <summary>A location changed one of its local items.</summary>
    LocalItemChanged,

    /// <summary>A location removed one of its local items.</summary>
    LocalItemRemoved,

    /// <summary>A network leader created a location audit checklist.</summary>
    AuditChecklistCreated,

    /// <summary>A network leader changed a location audit checklist.</summary>
    AuditChecklistChanged,

    /// <summary>A network leader deleted a location audit checklist.</summary>
    AuditChecklistDeleted,

    /// <summary>A location audit visit was recorded.</summary>
    AuditVisitRecorded,

    /// <summary>Refreshers were ordered on the failed items of an audit visit.</summary>
    AuditRefreshersAssigned,
}

/// <summary>
/// One recorded change: when, who did it (a member id, or "key-{id}" for an API key), what kind,
/// which resource, and a short summary. Summaries never hold secrets, tokens or e-mail addresses.
/// </summary>
public sealed record AuditEntry(string Id, DateTimeOffset At, string ActorId, AuditKind Kind, string SubjectId, string Summary);

/// <summary>A change to record, before the audit grain gives it an id and a time.</summary>
public sealed record AuditRecord(string ActorId, AuditKind Kind, string SubjectId, string Summary);

/// <summary>Filters for reading the audit log.</summary>
public sealed record AuditQuery(AuditKind? Kind, PageRequest Page);
