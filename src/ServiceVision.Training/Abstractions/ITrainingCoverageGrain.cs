using ServiceVision.Grains;

namespace ServiceVision.Training.Abstractions;

/// <summary>
/// One page of an organization's record of who was assigned which vision course (key
/// "{organizationId}/training-coverage/{page}", pages numbered from 1). The training catalog keeps only
/// how many pages there are, so assigning training rewrites one page of a few hundred members instead of
/// a record of every member. Only the catalog calls it.
/// </summary>
public interface ITrainingCoverageGrain : IGrain
{
    /// <summary>Records the members as assigned the vision course of <paramref name="visionVersion"/>; answers how many members the page holds.</summary>
    Task<int> Assign(int visionVersion, IReadOnlyList<string> memberIds);

    /// <summary>Replaces the page's records with <paramref name="members"/> (the same call again changes nothing).</summary>
    Task Replace(IReadOnlyList<MemberCoverage> members);

    [ReadOnly]
    Task<IReadOnlyList<MemberCoverage>> Read();
}

/// <summary>What one page records of a member: the vision versions whose course they were assigned, and the items refreshers added.</summary>
public sealed record MemberCoverage(string MemberId, IReadOnlyList<int> VisionVersions, IReadOnlyList<string> RefreshedItemIds);
