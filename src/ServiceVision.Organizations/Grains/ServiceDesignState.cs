using System.Text.Json.Serialization;
using ServiceVision.Domain.ServiceDesign;

namespace ServiceVision.Organizations.Grains;

/// <summary>What a service design grain stores (JSON, versioned by the store).</summary>
public sealed class ServiceDesignState
{
    /// <summary>By department id. A removed vision stays as a tombstone so its revisions keep counting up and an old ETag never matches again.</summary>
    public Dictionary<string, DepartmentVisionRecord> DepartmentVisions { get; set; } = [];

    public ServiceStrategyRecord Strategy { get; set; } = new();

    public Dictionary<string, JourneyRecord> Journeys { get; set; } = [];
}

public sealed class DepartmentVisionRecord
{
    public string DepartmentId { get; set; } = "";

    public string Statement { get; set; } = "";

    public bool Removed { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    public long Revision { get; set; }
}

public sealed class ServiceStrategyRecord
{
    public string CoreService { get; set; } = "";

    public string ServiceExperience { get; set; } = "";

    public string RecoveryPromise { get; set; } = "";

    public List<FunctionCommitmentRecord> Functions { get; set; } = [];

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    public long Revision { get; set; }
}

public sealed class FunctionCommitmentRecord
{
    public string Function { get; set; } = "";

    public string Commitment { get; set; } = "";
}

public sealed class JourneyRecord
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public List<TouchpointRecord> Touchpoints { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    public long Revision { get; set; }
}

public sealed class TouchpointRecord
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    // Stored by name so that reordering the enum can never change stored data.
    [JsonConverter(typeof(JsonStringEnumConverter<TouchpointChannel>))]
    public TouchpointChannel Channel { get; set; }

    public int Order { get; set; }

    public List<AffectedByRecord> AffectedBy { get; set; } = [];

    public List<string> StandardItemIds { get; set; } = [];
}

public sealed class AffectedByRecord
{
    public string? DepartmentId { get; set; }

    public string Role { get; set; } = "";
}
