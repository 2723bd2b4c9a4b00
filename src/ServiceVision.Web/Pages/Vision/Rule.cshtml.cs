using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Visions;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Vision;

/// <summary>The publish rule (GET Leader, PUT Owner on /api/v1/vision/publish-rule).</summary>
[Authorize(Policy = Policies.Leader)]
public sealed class RuleModel : AppPageModel
{
    [BindProperty]
    public long Revision { get; set; }

    [BindProperty]
    public int? RequiredApprovals { get; set; }

    [BindProperty]
    public int? RestPeriodHours { get; set; }

    [BindProperty]
    public bool BlockOnChangesRequested { get; set; }

    public async Task OnGetAsync() => Show(await Vision.GetPublishRule());

    public async Task<IActionResult> OnPostAsync()
    {
        Require(MemberRole.Owner);
        return await SubmitAndStayAsync(
            async () =>
            {
                ValidationFailedException.ThrowIfAny(VisionWorkshopRules.ParsePublishRule(RequiredApprovals, RestPeriodHours, BlockOnChangesRequested, out _));
                await Vision.UpdatePublishRule(new VisionPublishRuleChange(RequiredApprovals!.Value, RestPeriodHours!.Value, BlockOnChangesRequested), Me.MemberId, Revision);
                return "Publish rule saved.";
            },
            async () => Revision = (await Vision.GetPublishRule()).Revision);
    }

    private void Show(VisionPublishRuleView rule)
    {
        Revision = rule.Revision;
        RequiredApprovals = rule.RequiredApprovals;
        RestPeriodHours = rule.RestPeriodHours;
        BlockOnChangesRequested = rule.BlockOnChangesRequested;
    }
}
