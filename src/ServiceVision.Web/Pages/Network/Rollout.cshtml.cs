using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Api;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Http;
using ServiceVision.Organizations.Network;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Network;

/// <summary>
/// One rollout's progress per location (GET /api/v1/training/rollouts/{id}/locations, the same
/// <see cref="RolloutLocationsReader"/>), as progress bars ordered by name. Leader; a location manager sees their location only.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class RolloutModel : AppPageModel
{
    public const int RowsPerPage = 50;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public RolloutView? Rollout { get; private set; }

    public PagedList<RolloutLocationView>? Locations { get; private set; }

    public int PageCount => Locations is null ? 1 : Math.Max(1, (Locations.Total + RowsPerPage - 1) / RowsPerPage);

    public async Task OnGetAsync()
    {
        // An id we never issue is simply not found (and activates no grain).
        if (!RolloutKeys.IsWellFormed(Id))
        {
            throw new NotFoundException("The rollout");
        }

        Rollout = await Grains.GetGrain<IRolloutsGrain>(RolloutKeys.Rollouts(Me.OrganizationId)).GetRollout(Id);
        var scope = await LocationAccess.ScopeOfAsync(Me, Grains);
        var now = HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        Locations = await RolloutLocationsReader.ReadAsync(Grains, Me.OrganizationId, Id, scope, region: null, new PageRequest(Math.Max(1, PageNumber), RowsPerPage), now);
    }
}
