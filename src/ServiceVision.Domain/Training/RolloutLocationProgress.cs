using System.Runtime.InteropServices;

namespace ServiceVision.Domain.Training;

/// <summary>
/// The progress of a rollout at one location: the rollout's members who work there now, counted as
/// <see cref="RolloutProgress"/> counts the whole rollout (cumulative: a completed member is also
/// assigned and started).
/// </summary>
/// <param name="Members">Members of the rollout who work at the location.</param>
/// <param name="Pending">Of those, members the training service has not confirmed an assignment for yet (status Pending).</param>
/// <param name="Assigned">Members whose assignment was confirmed (or who went further).</param>
/// <param name="Started">Members who opened it (or completed it).</param>
/// <param name="Completed">Members who completed it.</param>
/// <param name="Overdue">Members not completed once the due date passed.</param>
/// <param name="AverageScore">Mean quiz score of the completed members, one decimal; null while nobody completed.</param>
/// <param name="PercentComplete">Completed out of members, rounded down to one decimal (100 means everyone).</param>
public sealed record RolloutLocationProgress(int Members, int Pending, int Assigned, int Started, int Completed, int Overdue, decimal? AverageScore, decimal PercentComplete)
{
    /// <summary>The progress of the members a tally counted, as of <paramref name="now"/>.</summary>
    public static RolloutLocationProgress Of(RolloutTally tally, DateTimeOffset dueAt, DateTimeOffset now)
    {
        var progress = tally.ToProgress(dueAt, now);
        return new RolloutLocationProgress(
            progress.Members,
            tally.Members - tally.Assigned,
            progress.Assigned,
            progress.Started,
            progress.Completed,
            progress.Overdue,
            progress.AverageScore,
            progress.PercentComplete);
    }

    /// <summary>
    /// The rollout's members tallied per location in one pass: <paramref name="locationOf"/> gives each
    /// member's current location (members not in it, who left or work at no location, are left out). A
    /// member listed twice counts once. Cost: one dictionary look-up and one update per member, whatever
    /// the number of locations (100,000 members over 5,000 locations take milliseconds).
    /// </summary>
    public static IReadOnlyDictionary<string, RolloutTally> ByLocation(
        IEnumerable<(string MemberId, RolloutMemberProgress Progress)> members,
        IReadOnlyDictionary<string, string> locationOf)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(locationOf);
        var tallies = new Dictionary<string, RolloutTally>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (memberId, progress) in members)
        {
            if (!locationOf.TryGetValue(memberId, out var location) || !seen.Add(memberId))
            {
                continue;
            }

            ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(tallies, location, out _);
            tally = tally.Add(One(progress));
        }

        return tallies;
    }

    private static RolloutTally One(RolloutMemberProgress member) => new(
        1,
        member.Status >= RolloutMemberStatus.Assigned ? 1 : 0,
        member.Status >= RolloutMemberStatus.Started ? 1 : 0,
        member.IsCompleted ? 1 : 0,
        member.IsCompleted ? member.Score : 0);
}
