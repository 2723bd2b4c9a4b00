namespace ServiceVision.Contracts.Organizations.V1;

/// <summary>
/// A member recorded how they recovered a failing interaction that a <c>ServiceRecoveryNeeded</c>
/// event reported: the complaint is answered.
/// <para><b>Publisher:</b> organizations (empowerment). <b>Consumers:</b> surveys (closes the
/// recovery), partners. Key on <see cref="RecoveryId"/>.</para>
/// </summary>
/// <param name="Outcome">"Recovered", "PartlyRecovered" or "NotRecovered".</param>
public sealed record ServiceRecoveryResolved(
    string OrganizationId,
    string RecoveryId,
    string ResolvedBy,
    string Outcome,
    DateTimeOffset ResolvedAt) : ITenantMessage;

/// <summary>
/// Command: give each listed member a short refresher on the listed vision items (a complaint broke
/// them, an audit failed them).
/// <para><b>Publisher:</b> organizations. <b>Consumer:</b> the training service, which creates one
/// refresher assignment per member and <see cref="RefresherId"/> (a repeated command creates
/// nothing new) and publishes <c>RefresherAssigned</c>.</para>
/// </summary>
/// <param name="RefresherId">With the member id it keys the assignment (for a complaint: its recovery id).</param>
/// <param name="Reason">Why, shown to the member ("A customer complaint at Downtown broke this standard").</param>
public sealed record AssignRefresher(
    string OrganizationId,
    string RefresherId,
    IReadOnlyList<string> ItemIds,
    string Reason,
    DateTimeOffset DueAt,
    IReadOnlyList<string> MemberIds) : ITenantMessage
{
    /// <summary>The most members one command carries.</summary>
    public const int MaxMembers = 500;
}
