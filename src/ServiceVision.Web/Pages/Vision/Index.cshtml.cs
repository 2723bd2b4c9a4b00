using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Vision;

/// <summary>The current published version (GET /api/v1/vision).</summary>
public sealed class IndexModel : AppPageModel
{
    public PublishedVision? Current { get; private set; }

    public async Task OnGetAsync() => Current = await Vision.GetCurrentVersion();
}
