namespace ServiceVision.Grains.Storage;

/// <summary>What the reminder tables share: how an entry is stored and how ETags are made.</summary>
internal static class StoredReminders
{
    /// <summary>
    /// The entry as a later read returns it: UTC, whole milliseconds. Both stores keep that precision
    /// so that the entry a write returns equals the one read back, whichever store.
    /// </summary>
    public static ReminderEntry Normalize(ReminderEntry entry) => entry with
    {
        DueAt = DateTimeOffset.FromUnixTimeMilliseconds(entry.DueAt.ToUnixTimeMilliseconds()),
        Period = PeriodMilliseconds(entry.Period) is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : null,
    };

    public static long? PeriodMilliseconds(TimeSpan? period) => period?.Ticks / TimeSpan.TicksPerMillisecond;

    // A fresh random ETag (not a counter), so a reminder removed and added again never matches an old one.
    public static string NewETag() => Guid.NewGuid().ToString("N");
}
