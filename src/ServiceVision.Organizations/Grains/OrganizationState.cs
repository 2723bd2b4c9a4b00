using ServiceVision.Domain.Members;

namespace ServiceVision.Organizations.Grains;

/// <summary>What an organization grain stores (JSON, versioned by the store).</summary>
public sealed class OrganizationState
{
    public bool Created { get; set; }

    public string Name { get; set; } = "";

    public string Slug { get; set; } = "";

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public long Revision { get; set; }

    public Dictionary<string, MemberRecord> Members { get; set; } = [];

    /// <summary>Pending invitations; an accepted or revoked one is removed, an expired one when the next is sent.</summary>
    public Dictionary<string, InvitationRecord> Invitations { get; set; } = [];

    public Dictionary<string, DepartmentRecord> Departments { get; set; } = [];

    public Dictionary<string, LocationRecord> Locations { get; set; } = [];

    /// <summary>API keys, revoked ones kept for a while so the list of who had access stays explainable.</summary>
    public Dictionary<string, ApiKeyRecord> ApiKeys { get; set; } = [];
}

public sealed class InvitationRecord
{
    public string Id { get; set; } = "";

    public string Email { get; set; } = "";

    public string Name { get; set; } = "";

    public MemberRole Role { get; set; }

    public string? DepartmentId { get; set; }

    public string? LocationId { get; set; }

    /// <summary>SHA-256 of the token's secret; the token itself is never stored.</summary>
    public string SecretHash { get; set; } = "";

    public string InvitedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>While an acceptance is under way: the member id it will create, and until when it holds.</summary>
    public string? HeldForMemberId { get; set; }

    public DateTimeOffset? HeldUntil { get; set; }

    public long Revision { get; set; }
}

public sealed class DepartmentRecord
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public long Revision { get; set; }
}

public sealed class LocationRecord
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Region { get; set; }

    public string? Code { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public long Revision { get; set; }
}

public sealed class ApiKeyRecord
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public MemberRole Role { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

public sealed class MemberRecord
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public MemberRole Role { get; set; }

    public string? DepartmentId { get; set; }

    public string? LocationId { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    public bool Removed { get; set; }

    public long Revision { get; set; }
}
