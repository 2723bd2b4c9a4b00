namespace ServiceVision.Domain.Training;

/// <summary>
/// A new vision version re-trains only what changed: who gets a refresher, on which items, and when
/// training reminders go out.
/// </summary>
public static class RefresherRules
{
    /// <summary>A refresher is due this long after the version was published.</summary>
    public static readonly TimeSpan RefresherDueAfter = TimeSpan.FromDays(14);

    /// <summary>The first reminder goes out this long before an assignment is due.</summary>
    public static readonly TimeSpan ReminderBeforeDue = TimeSpan.FromDays(2);

    /// <summary>
    /// The items of the new version a member is re-trained on, in the version's order: the changed
    /// items their training covered, and, when they had the vision course, every added item (a new
    /// pillar or standard is part of the course they took). Empty means no refresher.
    /// </summary>
    /// <param name="covered">Items the member's assignments cover, completed or not.</param>
    /// <param name="hadVisionCourse">Whether the member was ever assigned the vision course.</param>
    /// <param name="changedItemIds">Items of the new version whose kind, text, parent or order changed.</param>
    /// <param name="addedItemIds">Items new in this version.</param>
    /// <param name="versionItemIds">Every item of the new version, in its order.</param>
    public static IReadOnlyList<string> ItemsFor(
        IReadOnlySet<string> covered,
        bool hadVisionCourse,
        IReadOnlyCollection<string> changedItemIds,
        IReadOnlyCollection<string> addedItemIds,
        IReadOnlyList<string> versionItemIds)
    {
        ArgumentNullException.ThrowIfNull(covered);
        ArgumentNullException.ThrowIfNull(changedItemIds);
        ArgumentNullException.ThrowIfNull(addedItemIds);
        ArgumentNullException.ThrowIfNull(versionItemIds);
        var changed = changedItemIds.ToHashSet(StringComparer.Ordinal);
        var added = hadVisionCourse ? addedItemIds.ToHashSet(StringComparer.Ordinal) : [];
        return [.. versionItemIds.Distinct(StringComparer.Ordinal).Where(id => (changed.Contains(id) && covered.Contains(id)) || added.Contains(id))];
    }

    /// <summary>
    /// When the two reminders of an assignment due at <paramref name="dueAt"/> fire, counted from
    /// <paramref name="now"/>: "BeforeDue" <see cref="ReminderBeforeDue"/> ahead (at once when that is
    /// past) and "Overdue" at the due time (at once when that is past).
    /// </summary>
    public static IReadOnlyList<(string Kind, TimeSpan Delay)> Reminders(DateTimeOffset dueAt, DateTimeOffset now) =>
    [
        (ReminderKinds.BeforeDue, Max(dueAt - ReminderBeforeDue - now)),
        (ReminderKinds.Overdue, Max(dueAt - now)),
    ];

    private static TimeSpan Max(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
}

/// <summary>The kinds of training reminder (the <c>kind</c> of <c>TrainingReminderDue</c>).</summary>
public static class ReminderKinds
{
    public const string BeforeDue = "BeforeDue";
    public const string Overdue = "Overdue";
}
