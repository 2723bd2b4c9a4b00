using ServiceVision.Grains;

namespace ServiceVision.Partners.Abstractions;

/// <summary>
/// What partners reported to one organization that no other service takes yet (key
/// "{organizationId}/partner-records"): course completions in an external LMS (training has no API
/// for external completions) and customer feedback (the surveys service has no API for submitting
/// a response on a partner's behalf). Each record is keyed by the command id, so a redelivered
/// command is stored once.
/// </summary>
public interface IPartnerRecordsGrain : IGrain
{
    /// <summary>Stores the completion; false when this command id was stored before (nothing changes).</summary>
    Task<bool> AddCourseCompletion(ExternalCourseCompletion completion);

    /// <summary>Stores the feedback; false when this command id was stored before (nothing changes).</summary>
    Task<bool> AddCustomerFeedback(ExternalCustomerFeedback feedback);

    /// <summary>Newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ExternalCourseCompletion>> CourseCompletions();

    /// <summary>Newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ExternalCustomerFeedback>> CustomerFeedback();
}

public sealed record ExternalCourseCompletion(string CommandId, string PartnerId, string MemberId, string CourseId, string? CourseTitle, DateTimeOffset CompletedAt, int? ScorePercent, DateTimeOffset RecordedAt);

public sealed record ExternalCustomerFeedback(string CommandId, string PartnerId, string? SurveyId, string? LocationId, string? Channel, string? Touchpoint, int? Csat, int? Nps, string? Comment, DateTimeOffset ReceivedAt, DateTimeOffset RecordedAt);
