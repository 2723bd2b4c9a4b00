namespace ServiceVision.Contracts.Recognition.V1;

// Events of the recognition service. Publisher: the recognition service (its grains, through the
// outbox). Delivered at least once: consumers key on the ids named in each summary.

/// <summary>
/// A member recognized another for living the vision with a customer.
/// <para><b>Consumers:</b> organizations (recognitions per pillar in the alignment view), partners
/// granted recognitions. Key on <see cref="RecognitionId"/>.</para>
/// </summary>
/// <param name="PillarIds">The vision pillars the recognized member lived (at least one).</param>
/// <param name="StandardIds">The standards they lived (may be empty).</param>
/// <param name="LocationId">The recognized member's location, if any.</param>
/// <param name="DepartmentId">The recognized member's department, if any.</param>
public sealed record RecognitionGiven(
    string OrganizationId,
    string RecognitionId,
    string GivenBy,
    string MemberId,
    IReadOnlyList<string> PillarIds,
    IReadOnlyList<string> StandardIds,
    string? LocationId,
    string? DepartmentId,
    DateTimeOffset GivenAt) : ITenantMessage;

/// <summary>
/// A celebration took place and honoured these members.
/// <para><b>Consumers:</b> organizations (the improvement plan's "celebrate" step), partners
/// granted celebrations. Key on <see cref="CelebrationId"/>.</para>
/// </summary>
public sealed record CelebrationHeld(
    string OrganizationId,
    string CelebrationId,
    string Title,
    DateTimeOffset HeldAt,
    IReadOnlyList<CelebrationHonouree> Honourees) : ITenantMessage;

/// <summary>One honouree of a celebration and the recognition they were nominated with.</summary>
public sealed record CelebrationHonouree(string MemberId, string RecognitionId);
