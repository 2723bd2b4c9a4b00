using System.Text;

namespace ServiceVision.Domain.Training;

/// <summary>
/// How a rollout's per-member progress is split so that a training event rewrites a few hundred
/// members, never the whole rollout: <see cref="CountFor"/> shards of about
/// <see cref="MembersPerShard"/> members, a member in the shard <see cref="ShardOf"/> names.
/// </summary>
public static class RolloutShards
{
    /// <summary>Members per shard on average; a shard holds at most about 500 (the hash spreads ids evenly).</summary>
    public const int MembersPerShard = 400;

    /// <summary>
    /// Shards of a rollout to <paramref name="members"/> distinct members: ceil(members / 400). Fixed when
    /// the rollout starts (a member's shard depends on it).
    /// </summary>
    public static int CountFor(int members)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(members);
        return (members + MembersPerShard - 1) / MembersPerShard;
    }

    /// <summary>
    /// The shard (0 to <paramref name="shardCount"/> - 1) that holds <paramref name="memberId"/>. A stable hash
    /// (32-bit FNV-1a of the id's UTF-8 bytes), the same in every process and every .NET version, unlike
    /// <see cref="string.GetHashCode()"/>, which is randomized per process: the shard must be found again by
    /// the consumer of an event, possibly in another host, days later.
    /// </summary>
    public static int ShardOf(string memberId, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        return (int)(StableHash(memberId) % (uint)shardCount);
    }

    /// <summary>32-bit FNV-1a over the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint StableHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text);
        var hash = offsetBasis;
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return hash;
    }

    /// <summary>
    /// The members of each shard, in the order given (each id once): index i holds the members whose
    /// <see cref="ShardOf"/> is i.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Split(IEnumerable<string> memberIds, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        var shards = new List<string>[shardCount];
        for (var i = 0; i < shardCount; i++)
        {
            shards[i] = [];
        }

        foreach (var id in memberIds.Distinct(StringComparer.Ordinal))
        {
            shards[ShardOf(id, shardCount)].Add(id);
        }

        return shards;
    }
}
