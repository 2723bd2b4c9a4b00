namespace ServiceVision.Grains.Storage;

/// <summary>A durable reminder: fires at <see cref="DueAt"/>, then every <see cref="Period"/> if it has one.</summary>
/// <param name="ETag">Opaque version of the row, used for conditional updates; empty for a new entry.</param>
public sealed record ReminderEntry(
    string GrainType,
    string GrainKey,
    string Name,
    DateTimeOffset DueAt,
    TimeSpan? Period,
    string ETag = "");

/// <summary>Durable storage for reminders, shared by every host that uses the same store.</summary>
public interface IReminderTable
{
    /// <summary>Creates or replaces a reminder; returns the stored entry with its new ETag.</summary>
    Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes a reminder; returns false when it did not exist.</summary>
    Task<bool> RemoveAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default);

    /// <summary>Reads one reminder, or null.</summary>
    Task<ReminderEntry?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default);

    /// <summary>Reads every reminder of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadForGrainAsync(string grainType, string grainKey, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="limit"/> reminders due at or before <paramref name="until"/>, earliest first.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="ReadDueAsync(DateTimeOffset, int, CancellationToken)"/>, but only reminders of
    /// <paramref name="grainTypes"/>: a host fires only reminders of grains it runs, so a host without a
    /// role never claims (and delays) the reminders of that role's grains.
    /// </summary>
    Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, int limit, IReadOnlyCollection<string> grainTypes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a reminder's due time if its ETag still matches (the way a host claims a due reminder
    /// so that two hosts never fire the same tick). Returns the updated entry, or null if another
    /// host changed or removed it first.
    /// </summary>
    Task<ReminderEntry?> TryRescheduleAsync(ReminderEntry entry, DateTimeOffset newDueAt, CancellationToken cancellationToken = default);

    /// <summary>Removes a reminder only if its ETag still matches.</summary>
    Task<bool> TryRemoveAsync(ReminderEntry entry, CancellationToken cancellationToken = default);
}
