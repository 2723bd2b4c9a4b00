using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Alignment;
using ServiceVision.Domain.Plan;
using ServiceVision.Organizations.Http;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Alignment;

/// <summary>
/// Alignment per department or location (GET /api/v1/alignment?by=): the same <see cref="PlanData.ReadAlignmentAsync"/>
/// and <see cref="AlignmentScore"/>, as a bar chart of the scores and a table of their components. Leader.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class IndexModel(TimeProvider time) : AppPageModel
{
    /// <summary>"department" (default) or "location".</summary>
    public string By { get; private set; } = "department";

    public IReadOnlyList<AlignmentGroupView> Groups { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? by)
    {
        // As the API: another grouping is a bad request (the page's own links only offer these two).
        if (!AnnouncementRules.TryParse<GroupDimension>(by ?? "department", out var dimension))
        {
            return BadRequest();
        }

        By = dimension == GroupDimension.Location ? "location" : "department";
        Groups = await PlanData.ReadAlignmentAsync(Grains, Me.OrganizationId, dimension, time.GetUtcNow());
        return Page();
    }
}
