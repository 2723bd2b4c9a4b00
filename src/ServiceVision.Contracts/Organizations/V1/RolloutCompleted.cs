namespace ServiceVision.Contracts.Organizations.V1;

/// <summary>
/// Every member of a training rollout completed their assignment.
/// <para><b>When:</b> the training event that completes the last member is recorded; once per rollout
/// (at least once on the bus: key on <see cref="RolloutId"/>).</para>
/// <para><b>Publisher:</b> organizations (the rollout's progress grain, through the outbox).
/// <b>Consumers:</b> recognition (proposes a celebration), the improvement plan, partners granted rollout progress.</para>
/// </summary>
/// <param name="Members">How many members the rollout had.</param>
/// <param name="AverageScorePercent">The average quiz score of the members (0-100), or null when no course had a quiz.</param>
public sealed record RolloutCompleted(
    string OrganizationId,
    string RolloutId,
    string CourseId,
    int Members,
    decimal? AverageScorePercent,
    DateTimeOffset CompletedAt) : ITenantMessage;
