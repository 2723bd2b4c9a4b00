using ServiceVision.Api;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Training;
using ServiceVision.Training.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages;

/// <summary>Home: the organization, where its vision stands, and where to go next.</summary>
public sealed class IndexModel : AppPageModel
{
    public OrganizationProfile? Profile { get; private set; }

    public PublishedVision? Current { get; private set; }

    public int OpenDrafts { get; private set; }

    public int OpenAssignments { get; private set; }

    public async Task OnGetAsync()
    {
        Profile = await Organization.GetProfile();
        Current = await Vision.GetCurrentVersion();
        var drafts = await Vision.ListDrafts(new PageRequest(1, PageRequest.MaxPageSize));
        OpenDrafts = drafts.Items.Count(d => d.Status == VisionDraftStatus.Open);
        var assignments = await Grains.GetGrain<IMemberTrainingGrain>(TrainingKeys.Member(Me.OrganizationId, Me.MemberId)).ListAssignments();
        OpenAssignments = assignments.Count(a => a.Status != AssignmentStatus.Completed);
    }
}
