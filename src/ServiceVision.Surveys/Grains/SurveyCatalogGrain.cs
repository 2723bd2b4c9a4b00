using ServiceVision.Api;
using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Grains;

public sealed class SurveyCatalogState
{
    public List<SurveySummary> Surveys { get; set; } = [];

    public int RecoveryResponseHours { get; set; } = SurveySettingsView.DefaultRecoveryResponseHours;

    public long SettingsRevision { get; set; }

    public DateTimeOffset? SettingsUpdatedAt { get; set; }

    public string? SettingsUpdatedBy { get; set; }
}

/// <summary>The organization's survey list and settings; see <see cref="ISurveyCatalogGrain"/>.</summary>
public sealed class SurveyCatalogGrain : Grain<SurveyCatalogState>, ISurveyCatalogGrain
{
    public async Task Upsert(SurveySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var index = State.Surveys.FindIndex(s => s.Id == summary.Id);
        if (index >= 0)
        {
            if (State.Surveys[index].Revision > summary.Revision)
            {
                return;
            }

            State.Surveys[index] = summary;
        }
        else
        {
            State.Surveys.Add(summary);
        }

        await WriteStateAsync();
    }

    public Task<PagedList<SurveySummary>> List(SurveyStatus? status, PageRequest page) =>
        Task.FromResult(PagedList.Of(Enumerable.Reverse(State.Surveys).Where(s => status is null || s.Status == status), page));

    public Task<SurveySettingsView> GetSettings() => Task.FromResult(Settings());

    public async Task<SurveySettingsView> UpdateSettings(int recoveryResponseHours, string memberId, long expectedRevision)
    {
        if (expectedRevision != State.SettingsRevision)
        {
            throw new PreconditionFailedException("The survey settings", State.SettingsRevision);
        }

        if (recoveryResponseHours < 1 || recoveryResponseHours > SurveySettingsView.MaxRecoveryResponseHours)
        {
            throw new ValidationFailedException("recoveryResponseHours", $"Give a whole number of hours from 1 to {SurveySettingsView.MaxRecoveryResponseHours}.");
        }

        State.RecoveryResponseHours = recoveryResponseHours;
        State.SettingsRevision++;
        State.SettingsUpdatedAt = Time.GetUtcNow();
        State.SettingsUpdatedBy = memberId;
        await WriteStateAsync();
        return Settings();
    }

    private SurveySettingsView Settings() => new(State.RecoveryResponseHours, State.SettingsRevision, State.SettingsUpdatedAt, State.SettingsUpdatedBy);
}
