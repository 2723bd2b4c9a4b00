using ServiceVision.Domain.Networks;

namespace ServiceVision.Organizations.Grains;

/// <summary>One location's adoption of its network's vision and its local items (core items are never stored here).</summary>
public sealed class LocationVisionState
{
    /// <summary>The latest core version the network offered; null until the first offer is stored.</summary>
    public int? OfferedVersion { get; set; }

    public DateTimeOffset? OfferedAt { get; set; }

    public int? AdoptedVersion { get; set; }

    public DateTimeOffset? AdoptedAt { get; set; }

    public string? AdoptedBy { get; set; }

    /// <summary>In the order they were added.</summary>
    public List<LocalItemRecord> LocalItems { get; set; } = [];

    /// <summary>Goes up on every change (an offer, an adoption, a local item change); the HTTP ETag.</summary>
    public long Revision { get; set; }
}

public sealed class LocalItemRecord
{
    public string Id { get; set; } = "";

    public LocalItemKind Kind { get; set; }

    public string? PillarId { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";
}
