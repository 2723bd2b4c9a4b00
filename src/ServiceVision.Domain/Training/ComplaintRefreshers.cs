using ServiceVision.Domain.Members;
using ServiceVision.Domain.ServiceDesign;

namespace ServiceVision.Domain.Training;

/// <summary>
/// Who gets a refresher when a leader maps a complaint to the vision items it broke, when it is due and
/// how it is explained: the active members of the complaint's location (every location when none) in
/// its role (every role when none).
/// </summary>
public static class ComplaintRefreshers
{
    /// <summary>How long members have for a complaint's refresher.</summary>
    public static readonly TimeSpan DueIn = TimeSpan.FromDays(7);

    /// <summary>The most vision items one complaint's refresher covers (a vision has far fewer).</summary>
    public const int MaxItems = 200;

    /// <summary>The longest reason shown to a member.</summary>
    public const int MaxReasonLength = 200;

    /// <summary>
    /// The members to re-train, once each, in the order of <paramref name="members"/>: those at
    /// <paramref name="locationId"/> (all when null) with <paramref name="role"/> (all when null).
    /// </summary>
    public static IReadOnlyList<string> Audience(IReadOnlyList<RolloutCandidate> members, string? locationId, MemberRole? role)
    {
        ArgumentNullException.ThrowIfNull(members);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. members
            .Where(m => locationId is null || m.LocationId == locationId)
            .Where(m => role is null || m.Role == role)
            .Select(m => m.MemberId)
            .Where(seen.Add)];
    }

    public static DateTimeOffset DueAt(DateTimeOffset mappedAt) => mappedAt + DueIn;

    /// <summary>Why the member gets the refresher, naming the location when there is one.</summary>
    public static string Reason(string? locationName)
    {
        var reason = string.IsNullOrWhiteSpace(locationName)
            ? "A customer complaint broke these parts of our vision"
            : $"A customer complaint at {locationName.Trim()} broke these parts of our vision";
        return reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
    }

    /// <summary>The usable item ids of a message: well-formed, once each, in order, at most <see cref="MaxItems"/>.</summary>
    public static IReadOnlyList<string> UsableItemIds(IReadOnlyList<string?>? itemIds) =>
        [.. (itemIds ?? []).Where(TextRules.IsWellFormedId).Select(id => id!).Distinct(StringComparer.Ordinal).Take(MaxItems)];

    /// <summary>
    /// A reason as a course title: trimmed, without control characters, at most <see cref="MaxReasonLength"/>
    /// characters; a fallback when nothing usable is left.
    /// </summary>
    public static string TitleFrom(string? reason)
    {
        var text = new string([.. (reason ?? "").Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        if (text.Length > MaxReasonLength)
        {
            text = text[..MaxReasonLength].TrimEnd();
        }

        return text.Length == 0 ? "A refresher on our vision" : text;
    }

    /// <summary>Member ids in batches of at most <paramref name="batchSize"/>, in order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Batches(IReadOnlyList<string> memberIds, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return [.. memberIds.Chunk(batchSize).Select(chunk => (IReadOnlyList<string>)chunk)];
    }
}
