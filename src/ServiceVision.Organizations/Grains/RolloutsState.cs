using ServiceVision.Domain.Training;

namespace ServiceVision.Organizations.Grains;

/// <summary>What the rollouts grain of an organization stores: one small record per rollout, oldest first.</summary>
public sealed class RolloutsState
{
    public List<RolloutRecord> Rollouts { get; set; } = [];
}

public sealed class RolloutRecord
{
    public string Id { get; set; } = "";

    public string Title { get; set; } = "";

    public string CourseId { get; set; } = "";

    public int? VisionVersion { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public RolloutAudienceKind AudienceKind { get; set; }

    /// <summary>
    /// Department ids or role names as sent. Empty for Everyone, and for Members, whose ids are the
    /// rollout's members (kept once, in its progress grain: a list of thousands does not belong here).
    /// </summary>
    public List<string> AudienceIds { get; set; } = [];

    public DateTimeOffset StartedAt { get; set; }

    public string StartedBy { get; set; } = "";
}

/// <summary>
/// What a rollout's progress grain (the coordinator of its shards) stores: the layout and the tallies of
/// the shards that completed. A few hundred bytes however many members the rollout has; written at the
/// start and once per shard that completes.
/// </summary>
public sealed class RolloutProgressState
{
    public string RolloutId { get; set; } = "";

    public string CourseId { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    /// <summary>Distinct members the rollout was sent to.</summary>
    public int MemberCount { get; set; }

    /// <summary>Fixed at the start: a member's shard depends on it (<see cref="RolloutShards.ShardOf"/>).</summary>
    public int ShardCount { get; set; }

    /// <summary>The shards whose members all completed, by index, with their final numbers.</summary>
    public List<CompletedShardRecord> CompletedShards { get; set; } = [];

    /// <summary>When the last member completed (RolloutCompleted was published then); null until then.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
}

public sealed class CompletedShardRecord
{
    public int Index { get; set; }

    public int Members { get; set; }

    public long ScoreSum { get; set; }
}

/// <summary>
/// What one shard of a rollout's progress stores. It is rewritten on every training event that moves one
/// of its members, so it stays compact: member id to an encoded <see cref="RolloutMemberProgress"/>
/// ("P", "A", "S", "C87"), about 45 bytes per member, at most about 500 members.
/// </summary>
public sealed class RolloutProgressShardState
{
    public string RolloutId { get; set; } = "";

    public int Index { get; set; }

    public Dictionary<string, string> Members { get; set; } = [];
}
