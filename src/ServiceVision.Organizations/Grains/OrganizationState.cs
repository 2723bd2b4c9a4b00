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
