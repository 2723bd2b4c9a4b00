using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;

namespace ServiceVision.Surveys.Abstractions;

/// <summary>
/// One survey (key "{organizationId}/survey/{surveyId}"): its definition, lifecycle (draft, open,
/// closed), rounds of a recurring survey, public links and distributions. Responses are not here: they
/// live in bucket grains (<see cref="IResponseBucketGrain"/>), so a submission never rewrites this state.
/// A durable reminder publishes the scores at most once a minute while the survey is open, and another
/// opens the next round of a recurring survey.
/// </summary>
public interface ISurveyGrain : IGrain
{
    /// <summary>Creates the survey as a draft; 409 if it exists.</summary>
    Task<SurveyView> Create(NewSurvey survey);

    /// <summary>The survey; 404 if it was never created.</summary>
    [ReadOnly]
    Task<SurveyView> GetSurvey();

    /// <summary>Replaces the definition of a draft (409 once opened), if <paramref name="expectedRevision"/> is current (412).</summary>
    Task<SurveyView> Update(SurveyDefinition definition, long expectedRevision);

    /// <summary>Opens a draft (round 1 starts): 409 unless draft; 412.</summary>
    Task<SurveyView> Open(long expectedRevision);

    /// <summary>Closes an open survey and publishes its final scores: 409 unless open; 412.</summary>
    Task<SurveyView> Close(long expectedRevision);

    /// <summary>What a submission needs: status, round, questions, the secret respondent tokens are hashed with; 404.</summary>
    [ReadOnly]
    Task<SubmissionContext> GetSubmissionContext();

    /// <summary>Records a public link (for one location or none); 404; 409 past <see cref="MaxLinks"/>.</summary>
    Task<SurveyView> AddLink(SurveyLinkRecordInput link);

    /// <summary>Records that a link was revoked; 404 for an unknown link.</summary>
    Task<SurveyView> RemoveLink(string linkId);

    /// <summary>Records a distribution to members; 409 for a closed survey.</summary>
    Task<SurveyView> RecordDistribution(DistributionRecordInput distribution);

    /// <summary>Computes and publishes the current scores now (what the minute reminder and closing do).</summary>
    Task<bool> PublishScores();

    /// <summary>The most public links a survey has.</summary>
    const int MaxLinks = 500;
}

/// <summary>A checked definition (questions have ids).</summary>
public sealed record SurveyDefinition(
    string Title,
    string? Description,
    IReadOnlyList<SurveyQuestion> Questions,
    SurveyRecurrence Recurrence,
    int AnonymityThreshold,
    int CommentThreshold);

public sealed record NewSurvey(SurveyKind Kind, SurveyDefinition Definition, string CreatedBy);

public sealed record SurveyLinkRecordInput(string LinkId, string? LocationId, int Cap, string Token, string CreatedBy);

public sealed record DistributionRecordInput(string? DepartmentId, string? Role, string? LocationId, int Invited, string DistributedBy);

public sealed record SubmissionContext(
    string SurveyId,
    SurveyKind Kind,
    SurveyStatus Status,
    int Round,
    string Title,
    string? Description,
    IReadOnlyList<SurveyQuestion> Questions,
    string Secret);

public sealed record SurveyLinkSummary(string Id, string? LocationId, int Cap, string Token, DateTimeOffset CreatedAt, string CreatedBy);

public sealed record DistributionView(string? DepartmentId, string? Role, string? LocationId, int Invited, DateTimeOffset DistributedAt, string DistributedBy);

public sealed record RoundView(int Number, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public sealed record SurveyView(
    string Id,
    SurveyKind Kind,
    string Title,
    string? Description,
    SurveyStatus Status,
    SurveyRecurrence Recurrence,
    int Round,
    DateTimeOffset? NextRoundAt,
    int AnonymityThreshold,
    int CommentThreshold,
    IReadOnlyList<SurveyQuestion> Questions,
    IReadOnlyList<RoundView> Rounds,
    IReadOnlyList<SurveyLinkSummary> Links,
    IReadOnlyList<DistributionView> Distributions,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosedAt,
    long Revision);

public sealed record SurveySummary(string Id, SurveyKind Kind, string Title, SurveyStatus Status, int Round, DateTimeOffset CreatedAt, long Revision);
