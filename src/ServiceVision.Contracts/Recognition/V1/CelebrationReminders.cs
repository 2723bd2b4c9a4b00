namespace ServiceVision.Contracts.Recognition.V1;

/// <summary>
/// A scheduled celebration is coming up: one of the reminders a leader set (for example a day and an
/// hour before) is due.
/// <para><b>When:</b> the celebration's durable reminder fires (it survives restarts); once per
/// celebration and lead time (at least once on the bus: key on <see cref="CelebrationId"/> +
/// <see cref="MinutesBefore"/>). A reminder whose moment had passed when the celebration was
/// scheduled or moved goes out at once.</para>
/// <para><b>Publisher:</b> the recognition service (the organization's celebrations grain, through the outbox).
/// <b>Consumers:</b> notifications (tell the members), partners granted celebrations.</para>
/// </summary>
/// <param name="At">When the celebration takes place (UTC).</param>
/// <param name="MinutesBefore">The reminder's lead time in minutes (1440 = a day before).</param>
public sealed record CelebrationReminderDue(
    string OrganizationId,
    string CelebrationId,
    string Title,
    DateTimeOffset At,
    int MinutesBefore) : ITenantMessage;
