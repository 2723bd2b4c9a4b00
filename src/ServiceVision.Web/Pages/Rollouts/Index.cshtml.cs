using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Training;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Rollouts;

/// <summary>Rollouts with their progress (GET /api/v1/training/rollouts) and starting one (POST), Leader.</summary>
[Authorize(Policy = Policies.Leader)]
public sealed class IndexModel : AppPageModel
{
    public PagedList<RolloutSummary>? Rollouts { get; private set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? DueDate { get; set; }

    [BindProperty]
    public string? AudienceKind { get; set; } = "Everyone";

    public async Task OnGetAsync()
    {
        DueDate ??= DateTimeOffset.UtcNow.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync() =>
        await SubmitAndStayAsync(
            async () =>
            {
                // The end of the chosen day (UTC); the rules check the date itself.
                DateTimeOffset? due = DateOnly.TryParseExact(DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero)
                    : null;
                var kind = AudienceKind ?? "Everyone";
                var audience = kind.Split(':', 2) is [var name, var id] ? new RolloutAudienceInput(name, [id]) : new RolloutAudienceInput(kind, null);
                var rollout = await Grains.GetGrain<IRolloutsGrain>(RolloutKeys.Rollouts(Me.OrganizationId))
                    .StartRollout(new RolloutStartInput(Title, null, due, audience), Me.MemberId);
                return $"Rollout \"{rollout.Title}\" started for {rollout.Progress.Members} member(s).";
            },
            LoadAsync);

    private async Task LoadAsync() =>
        Rollouts = await Grains.GetGrain<IRolloutsGrain>(RolloutKeys.Rollouts(Me.OrganizationId)).ListRollouts(new PageRequest(1, PageRequest.MaxPageSize));
}
