using ServiceVision.Training;
using ServiceVision.Training.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Training;

/// <summary>The caller's own assignments (GET /api/v1/training/assignments).</summary>
public sealed class IndexModel : AppPageModel
{
    public IReadOnlyList<AssignmentSummary>? Assignments { get; private set; }

    public async Task OnGetAsync() =>
        Assignments = await Grains.GetGrain<IMemberTrainingGrain>(TrainingKeys.Member(Me.OrganizationId, Me.MemberId)).ListAssignments();
}
