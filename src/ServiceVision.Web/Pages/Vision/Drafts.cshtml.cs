using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Vision;

/// <summary>Drafts (GET /api/v1/vision/drafts) and starting one (POST, Leader).</summary>
public sealed class DraftsModel : AppPageModel
{
    public PagedList<VisionDraftSummary>? Drafts { get; private set; }

    public int? CurrentVersion { get; private set; }

    [BindProperty]
    public string? Statement { get; set; }

    [BindProperty]
    public bool BasedOnCurrent { get; set; } = true;

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAsync(
            async () =>
            {
                var current = (await Vision.GetCurrentVersion())?.Number;
                var basedOn = BasedOnCurrent ? current : null;
                var statement = string.IsNullOrWhiteSpace(Statement) && basedOn is not null ? null : Statement ?? "";
                var draft = await Vision.CreateDraft(new VisionDraftInput(statement, basedOn is null ? [] : null, basedOn), Me.MemberId);
                Notice = "Draft started.";
                return Redirect($"/app/vision/drafts/{Uri.EscapeDataString(draft.Id)}");
            },
            LoadAsync);
    }

    private async Task LoadAsync()
    {
        Drafts = await Vision.ListDrafts(new PageRequest(1, PageRequest.MaxPageSize));
        CurrentVersion = (await Vision.GetCurrentVersion())?.Number;
    }
}
