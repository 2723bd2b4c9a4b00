using ServiceVision.Domain.Plan;
using ServiceVision.Organizations.Http;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Plan;

/// <summary>The improvement plan (GET /api/v1/plan): where the organization stands on each of the eight steps and what to do next.</summary>
public sealed class IndexModel : AppPageModel
{
    public PlanResult? Plan { get; private set; }

    public async Task OnGetAsync() => Plan = ImprovementPlan.Evaluate(await PlanData.ReadPlanAsync(Grains, Me.OrganizationId));
}
