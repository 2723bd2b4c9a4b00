namespace ServiceVision.Contracts.Surveys.V1;

// Events of the feedback-survey service. Publisher: the surveys service (its grains, through the
// outbox). Each is delivered at least once: consumers key on the ids named in each summary.

/// <summary>
/// The latest scores of a survey, computed after responses arrived (at most once a minute per
/// survey, and when a round closes). Groups under the survey's anonymity threshold are left out,
/// so a consumer never holds a breakdown that the survey's results would not show.
/// <para><b>Consumers:</b> organizations (latest scores per location and department, the
/// improvement plan and alignment), recognition (a location's score beating its goal), partners
/// granted survey results. Key on <see cref="SurveyId"/> + <see cref="Sequence"/>; a lower sequence
/// than one already seen is stale.</para>
/// </summary>
/// <param name="SurveyKind">"EmployeeInput", "Pulse" or "CustomerFeedback".</param>
/// <param name="Round">The round of a recurring survey (1 for a one-off survey).</param>
/// <param name="Sequence">Increases with every publication of this survey's scores.</param>
/// <param name="Groups">The organization as a whole (dimension "Organization", group id null) and each group above the threshold.</param>
public sealed record SurveyScoresPublished(
    string OrganizationId,
    string SurveyId,
    string SurveyKind,
    int Round,
    long Sequence,
    DateTimeOffset ComputedAt,
    IReadOnlyList<SurveyGroupScore> Groups) : ITenantMessage;

/// <summary>Scores of one group of respondents.</summary>
/// <param name="Dimension">"Organization", "Location", "Department" or "Touchpoint".</param>
/// <param name="GroupId">The location, department or touchpoint id; null for the organization.</param>
/// <param name="Responses">How many responses the scores are computed from.</param>
/// <param name="Nps">Net promoter score, -100..100 (customer feedback only).</param>
/// <param name="CsatAverage">Average CSAT answer, 1..5 (customer feedback only).</param>
/// <param name="CsatPercent">Share of CSAT answers of 4 or 5, in percent (customer feedback only).</param>
/// <param name="PulsePercent">Average agreement with the pulse statements, in percent (pulse surveys only).</param>
public sealed record SurveyGroupScore(
    string Dimension,
    string? GroupId,
    int Responses,
    decimal? Nps,
    decimal? CsatAverage,
    decimal? CsatPercent,
    decimal? PulsePercent);

/// <summary>
/// A customer answered a feedback survey (through a public link). Carries the free text so that
/// recognition can propose a recognition when the comment names a member; never the respondent.
/// <para><b>Consumers:</b> recognition, partners granted survey results. Key on <see cref="ResponseId"/>.</para>
/// </summary>
public sealed record CustomerFeedbackReceived(
    string OrganizationId,
    string SurveyId,
    string ResponseId,
    string? LocationId,
    string? Channel,
    string? Touchpoint,
    int? Csat,
    int? Nps,
    string? Comment,
    DateTimeOffset ReceivedAt) : ITenantMessage;

/// <summary>
/// A customer gave a low score on a touchpoint: someone must answer by <see cref="RespondBy"/>
/// (the organization sets how long). Unanswered complaints are a failure signal.
/// <para><b>Consumers:</b> organizations (empowerment: a recorded recovery closes it), partners.
/// Key on <see cref="RecoveryId"/>.</para>
/// </summary>
public sealed record ServiceRecoveryNeeded(
    string OrganizationId,
    string RecoveryId,
    string SurveyId,
    string ResponseId,
    string? LocationId,
    string? Channel,
    string Touchpoint,
    int? Csat,
    int? Nps,
    string? Comment,
    DateTimeOffset RaisedAt,
    DateTimeOffset RespondBy) : ITenantMessage;

/// <summary>A service recovery was not answered by its deadline. Key on <see cref="RecoveryId"/>.</summary>
public sealed record ServiceRecoveryOverdue(
    string OrganizationId,
    string RecoveryId,
    string? LocationId,
    string Touchpoint,
    DateTimeOffset RespondBy) : ITenantMessage;

/// <summary>
/// A leader mapped a complaint to the vision items (never/always items or standards) it broke.
/// <para><b>Consumers:</b> organizations, which resolves the members of <see cref="LocationId"/>
/// in <see cref="Role"/> and sends the training service <c>AssignRefresher</c>. Key on <see cref="RecoveryId"/>.</para>
/// </summary>
/// <param name="LocationId">The location whose members get the refresher; null for every location.</param>
/// <param name="Role">"Employee", "Leader" or "Owner": whose refresher it is; null for every role.</param>
public sealed record ComplaintMapped(
    string OrganizationId,
    string RecoveryId,
    IReadOnlyList<string> ItemIds,
    string? LocationId,
    string? Role,
    string MappedBy,
    DateTimeOffset MappedAt) : ITenantMessage;
