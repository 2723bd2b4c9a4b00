namespace ServiceVision.Grains.Storage.Postgres;

/// <summary>
/// One host's claim on outbox rows, shared by its <see cref="PostgresOutboxStore"/> and
/// <see cref="PostgresGrainStorage"/>: who it claims as, for how long, and whether its relay runs.
/// While the relay runs, the host's state writes insert their outbox rows already claimed by it, so
/// its relay reads them with a plain SELECT instead of claiming each row with an UPDATE.
/// </summary>
public sealed class PostgresOutboxOwner
{
    private volatile bool claimsOnWrite;

    /// <param name="lease">How long a claim lasts unless renewed (default 30 s).</param>
    public PostgresOutboxOwner(TimeSpan? lease = null)
    {
        Lease = lease ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Lease, TimeSpan.Zero, nameof(lease));
    }

    /// <summary>Who this host claims rows as: unique per instance, so per host.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    public TimeSpan Lease { get; }

    /// <summary>Whether this host's writes claim their outbox rows as they insert them (its relay runs).</summary>
    public bool ClaimsOnWrite
    {
        get => claimsOnWrite;
        internal set => claimsOnWrite = value;
    }
}
