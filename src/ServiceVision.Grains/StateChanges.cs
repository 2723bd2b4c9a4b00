namespace ServiceVision.Grains;

/// <summary>A grain's state was stored at <paramref name="Version"/> (0: the state was cleared).</summary>
/// <param name="GrainType">The grain's stored type name.</param>
/// <param name="GrainKey">The grain's key.</param>
/// <param name="Version">The version now in the store.</param>
public readonly record struct GrainStateChange(string GrainType, string GrainKey, long Version)
{
    public GrainId GrainId => new(GrainType, GrainKey);
}

/// <summary>
/// Tells the other hosts that share the store that this host stored a grain's state, so they drop
/// their stale activation of it. The runtime calls it after every committed write (and clear).
/// </summary>
/// <remarks>
/// It is on the write path: an implementation must return at once (queue the change, publish later
/// and batched) and never throw. A notice that gets lost only delays a reload: versioned writes keep
/// the data safe whatever the other host's activation believes.
/// </remarks>
public interface IGrainStateChangeNotifier
{
    void StateChanged(GrainStateChange change);
}

/// <summary>
/// Receives another host's <see cref="GrainStateChange"/>: an activation of that grain in this
/// process whose state is older ends after its current turn, and the next call reloads the state.
/// Implemented by the grain runtime.
/// </summary>
public interface IGrainInvalidation
{
    /// <summary>
    /// Checks this process's activation of the grain (if any) as a turn of its own: when its state
    /// version is older than <see cref="GrainStateChange.Version"/> (or the state was cleared) it is
    /// deactivated. Returns whether an activation was there to check; never activates a grain.
    /// </summary>
    bool Invalidate(GrainStateChange change);

    /// <summary>
    /// Checks every activation with stored state as if another host had written it: each ends after
    /// its current turn and the next call reloads. For when notices may have been missed (this host's
    /// connection to the broker was lost). Returns how many activations were asked.
    /// </summary>
    int InvalidateAll();
}
