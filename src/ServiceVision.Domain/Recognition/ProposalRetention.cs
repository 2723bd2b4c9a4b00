namespace ServiceVision.Domain.Recognition;

/// <summary>
/// How many recognition proposals (customer comments naming a member) an organization keeps: without
/// a bound, every such comment would stay in the proposals grain's state forever and each new one
/// would rewrite all of them. Decided proposals (accepted or dismissed) go first, oldest first: their
/// outcome lives on in the recognition or was a "no"; pending ones go only when there are more pending
/// than the bound, again oldest first (a comment nobody looked at for that long is stale).
/// </summary>
public static class ProposalRetention
{
    /// <summary>Proposals kept per organization.</summary>
    public const int MaxKept = 2_000;

    /// <summary>
    /// The indexes (into <paramref name="decided"/>, oldest first) of the proposals to drop so that at most
    /// <paramref name="max"/> remain; <paramref name="decided"/>[i] tells whether proposal i was decided.
    /// </summary>
    public static IReadOnlyList<int> ToDrop(IReadOnlyList<bool> decided, int max = MaxKept)
    {
        ArgumentNullException.ThrowIfNull(decided);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var excess = decided.Count - max;
        if (excess <= 0)
        {
            return [];
        }

        var drop = new List<int>(excess);
        for (var i = 0; i < decided.Count && drop.Count < excess; i++)
        {
            if (decided[i])
            {
                drop.Add(i);
            }
        }

        for (var i = 0; i < decided.Count && drop.Count < excess; i++)
        {
            if (!decided[i])
            {
                drop.Add(i);
            }
        }

        drop.Sort();
        return drop;
    }
}
