namespace ServiceVision.Domain.Members;

/// <summary>What a member may do; each role includes the ones before it.</summary>
public enum MemberRole
{
    /// <summary>Takes training, answers surveys, gives recognition.</summary>
    Employee = 0,

    /// <summary>Also drafts and reviews the vision, runs rollouts, hires, celebrates.</summary>
    Leader = 1,

    /// <summary>Also manages members, roles, API keys and publishing rules.</summary>
    Owner = 2,
}
