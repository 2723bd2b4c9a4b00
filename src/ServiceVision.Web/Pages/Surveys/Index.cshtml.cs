using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Surveys;
using ServiceVision.Surveys;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Grains;
using ServiceVision.Surveys.Http;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Surveys;

/// <summary>
/// Surveys (GET /api/v1/surveys) and, for the chosen one, NPS and CSAT per round as charts
/// (GET /api/v1/surveys/{id}/trend: the same <see cref="SurveyResults"/> under the same anonymity rules). Leader.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class IndexModel : AppPageModel
{
    private const int MaxTrendRounds = 26;

    public PagedList<SurveySummary>? Surveys { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    public SurveyView? Selected { get; private set; }

    public IReadOnlyList<TrendPoint>? Trend { get; private set; }

    public async Task OnGetAsync()
    {
        Surveys = await Grains.GetGrain<ISurveyCatalogGrain>(SurveysKeys.Catalog(Me.OrganizationId)).List(null, new PageRequest(1, PageRequest.MaxPageSize));
        if (Id is null)
        {
            return;
        }

        var survey = TextRules.IsWellFormedId(Id)
            ? await Grains.GetGrain<ISurveyGrain>(SurveysKeys.Survey(Me.OrganizationId, Id)).GetSurvey()
            : throw new NotFoundException("The survey");
        var thresholds = new AnonymityThresholds(survey.AnonymityThreshold, survey.CommentThreshold);
        var points = new List<TrendPoint>();
        foreach (var round in survey.Rounds.TakeLast(MaxTrendRounds))
        {
            var responses = await SurveyResponses.ReadAsync(Grains, Me.OrganizationId, Id, round.Number);
            var whole = SurveyResults.Compute(survey.Questions, responses, ResultsFilter.None, null, thresholds);
            points.Add(new TrendPoint(round.Number, round.StartedAt, round.EndedAt, whole.Suppressed, whole.Responses, whole.Scores));
        }

        Selected = survey;
        Trend = points;
    }
}
