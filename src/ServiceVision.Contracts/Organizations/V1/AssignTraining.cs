namespace ServiceVision.Contracts.Organizations.V1;

/// <summary>
/// Command: give each listed member an assignment of a course for a training rollout.
/// <para><b>When:</b> a leader starts a rollout (<c>POST /api/v1/training/rollouts</c>); the rollout's
/// audience is resolved to members and sent in batches of at most <see cref="MaxMembers"/>.</para>
/// <para><b>Publisher:</b> organizations (the rollouts grain, through the outbox).
/// <b>Consumer:</b> the training service, which creates one assignment per member and rollout
/// (a repeated command creates nothing new) and answers with <c>TrainingAssigned</c>.</para>
/// </summary>
/// <param name="OrganizationId">The tenant.</param>
/// <param name="RolloutId">The rollout the assignments belong to; with the member id it keys an assignment.</param>
/// <param name="CourseId">The course to assign ("vision" is the course built from the published vision).</param>
/// <param name="DueAt">When the members should have completed it (UTC).</param>
/// <param name="MemberIds">The members of this batch.</param>
public sealed record AssignTraining(
    string OrganizationId,
    string RolloutId,
    string CourseId,
    DateTimeOffset DueAt,
    IReadOnlyList<string> MemberIds) : ITenantMessage
{
    /// <summary>The most members one command carries.</summary>
    public const int MaxMembers = 500;
}
