using ServiceVision.Grains;
using ServiceVision.Training.Abstractions;

namespace ServiceVision.Training.Grains;

/// <summary>One page of who was assigned which vision course; every change is written before the call returns.</summary>
public sealed class TrainingCoverageGrain : Grain<TrainingCoverageState>, ITrainingCoverageGrain
{
    public async Task<int> Assign(int visionVersion, IReadOnlyList<string> memberIds)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        var changed = false;
        foreach (var memberId in memberIds)
        {
            if (!State.Members.TryGetValue(memberId, out var coverage))
            {
                State.Members[memberId] = coverage = new MemberCoverageRecord();
            }

            if (!coverage.VisionVersions.Contains(visionVersion))
            {
                coverage.VisionVersions.Add(visionVersion);
                changed = true;
            }
        }

        if (changed)
        {
            await WriteStateAsync();
        }

        return State.Members.Count;
    }

    public async Task Replace(IReadOnlyList<MemberCoverage> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        State.Members = members.ToDictionary(
            m => m.MemberId,
            m => new MemberCoverageRecord { VisionVersions = [.. m.VisionVersions], RefreshedItemIds = [.. m.RefreshedItemIds] },
            StringComparer.Ordinal);
        await WriteStateAsync();
    }

    // Copies: a caller gets records, never this grain's state.
    public Task<IReadOnlyList<MemberCoverage>> Read() =>
        Task.FromResult<IReadOnlyList<MemberCoverage>>([.. State.Members.Select(m => new MemberCoverage(m.Key, [.. m.Value.VisionVersions], [.. m.Value.RefreshedItemIds]))]);
}

/// <summary>What a coverage page stores.</summary>
public sealed class TrainingCoverageState
{
    /// <summary>Member id to what the member was assigned on this page.</summary>
    public Dictionary<string, MemberCoverageRecord> Members { get; set; } = [];
}
