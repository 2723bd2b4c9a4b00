using Microsoft.AspNetCore.Authorization;
using ServiceVision.Api;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Hiring;

/// <summary>The hiring scorecard and candidates (GET /api/v1/hiring/scorecard, /candidates), read-only, Leader.</summary>
[Authorize(Policy = Policies.Leader)]
public sealed class IndexModel : AppPageModel
{
    public Scorecard? Scorecard { get; private set; }

    public IReadOnlyList<CandidateSummary>? Candidates { get; private set; }

    public async Task OnGetAsync()
    {
        var hiring = Grains.GetGrain<IHiringGrain>(Me.OrganizationId + "/hiring");
        try
        {
            Scorecard = await hiring.GetScorecard();
        }
        catch (ConflictException)
        {
            // No vision is published yet: the page says so.
        }

        Candidates = await hiring.ListCandidates();
    }
}
