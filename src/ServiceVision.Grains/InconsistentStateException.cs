namespace ServiceVision.Grains;

/// <summary>
/// A conditional write found another version in the store than the one the activation read:
/// someone else (another host, another activation) wrote first. The activation that sees it is
/// dropped so the next call reloads the current state.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException() { }

    public InconsistentStateException(string message) : base(message) { }

    public InconsistentStateException(string message, Exception innerException) : base(message, innerException) { }

    public InconsistentStateException(string grainType, string grainKey, long expectedVersion)
        : base($"State of {grainType}/{grainKey} changed since version {expectedVersion} was read.")
    {
        GrainType = grainType;
        GrainKey = grainKey;
        ExpectedVersion = expectedVersion;
    }

    public string? GrainType { get; }

    public string? GrainKey { get; }

    public long ExpectedVersion { get; }
}
