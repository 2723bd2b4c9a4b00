namespace ServiceVision.Grains.Storage;

/// <summary>The stored form of one grain's state: its JSON and the version the store holds.</summary>
/// <param name="Json">State serialized as JSON.</param>
/// <param name="Version">Version of the stored row; 0 means "never written".</param>
public sealed record StoredState(string Json, long Version);

/// <summary>
/// Persists grain state with conditional (versioned) writes. A write names the version it read;
/// if the store holds another one the write fails with <see cref="InconsistentStateException"/>
/// and changes nothing.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads a grain's state, or null when it was never written (or was cleared).</summary>
    Task<StoredState?> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes state if the stored version equals <paramref name="expectedVersion"/> (0: no row may exist).
    /// Returns the new version (expectedVersion + 1).
    /// </summary>
    Task<long> WriteAsync(string grainType, string grainKey, string json, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes state like <see cref="WriteAsync(string, string, string, long, CancellationToken)"/> and, in the
    /// same transaction, adds <paramref name="outbox"/> to the durable outbox (see <see cref="IOutboxStore"/>):
    /// both commit or neither does, so a stale write adds no message. Returns the new version.
    /// </summary>
    /// <remarks>
    /// An overload rather than a new optional parameter of the method above: callers that pass their
    /// cancellation token by position keep compiling.
    /// </remarks>
    Task<long> WriteAsync(string grainType, string grainKey, string json, long expectedVersion, IReadOnlyList<OutboxMessage>? outbox, CancellationToken cancellationToken = default);

    /// <summary>Deletes a grain's state if the stored version equals <paramref name="expectedVersion"/>.</summary>
    Task ClearAsync(string grainType, string grainKey, long expectedVersion, CancellationToken cancellationToken = default);
}

/// <summary>Creates the store's tables if they are missing; run once at start-up.</summary>
public interface IStorageInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken = default);
}
