using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Visions;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Vision;

/// <summary>Published versions (GET /api/v1/vision/versions) and the difference between any two (<see cref="VisionDiff"/>).</summary>
public sealed class VersionsModel : AppPageModel
{
    public PagedList<VisionVersionSummary>? Versions { get; private set; }

    [BindProperty(SupportsGet = true)]
    public int? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? To { get; set; }

    public PublishedVision? FromVersion { get; private set; }

    public PublishedVision? ToVersion { get; private set; }

    public VisionChanges? Changes { get; private set; }

    public async Task OnGetAsync()
    {
        Versions = await Vision.ListVersions(new PageRequest(1, PageRequest.MaxPageSize));
        if (From is null || To is null)
        {
            return;
        }

        try
        {
            FromVersion = await Vision.GetVersion(From.Value);
        }
        catch (NotFoundException)
        {
            ModelState.AddModelError("from", $"There is no version {From}.");
        }

        try
        {
            ToVersion = await Vision.GetVersion(To.Value);
        }
        catch (NotFoundException)
        {
            ModelState.AddModelError("to", $"There is no version {To}.");
        }

        if (FromVersion is not null && ToVersion is not null)
        {
            Changes = VisionDiff.Compare(Document(FromVersion), Document(ToVersion));
        }
    }

    private static VisionDocument Document(PublishedVision version) =>
        new(version.Statement, [.. version.Items.Select(i => new VisionItem(i.Id, i.Kind, i.ParentId, i.Text, i.Order))]);
}
