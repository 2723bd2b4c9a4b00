using ServiceVision.Api;
using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;

namespace ServiceVision.Surveys.Abstractions;

/// <summary>
/// The organization's list of surveys and its survey settings (key "{org}/survey-catalog"). The
/// survey grains keep their summary here current.
/// </summary>
public interface ISurveyCatalogGrain : IGrain
{
    Task Upsert(SurveySummary summary);

    /// <summary>Surveys, newest first, optionally of one status.</summary>
    [ReadOnly]
    Task<PagedList<SurveySummary>> List(SurveyStatus? status, PageRequest page);

    [ReadOnly]
    Task<SurveySettingsView> GetSettings();

    /// <summary>Sets the hours a service recovery must be answered in (1–720); 400 <c>recoveryResponseHours</c>; 412.</summary>
    Task<SurveySettingsView> UpdateSettings(int recoveryResponseHours, string memberId, long expectedRevision);
}

public sealed record SurveySettingsView(int RecoveryResponseHours, long Revision, DateTimeOffset? UpdatedAt, string? UpdatedBy)
{
    public const int DefaultRecoveryResponseHours = 48;
    public const int MaxRecoveryResponseHours = 720;
}
