using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Http;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Locations;

/// <summary>The network's locations (GET /api/v1/locations), each with its adoption of the network vision and a link to it.</summary>
public sealed class IndexModel : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PagedList<LocationView>? Locations { get; private set; }

    public IReadOnlyDictionary<string, LocationAdoptionView> Adoptions { get; private set; } = new Dictionary<string, LocationAdoptionView>();

    /// <summary>The caller's own location, when they belong to one (they act only for it).</summary>
    public string? Scope { get; private set; }

    public int Pages => Locations is null ? 1 : Math.Max(1, (Locations.Total + Locations.PageSize - 1) / Locations.PageSize);

    public async Task OnGetAsync()
    {
        Locations = await Organization.ListLocations(null, new PageRequest(Math.Max(1, PageNumber), PageRequest.MaxPageSize));
        Scope = await LocationAccess.ScopeOfAsync(Me, Grains);
        var organizationId = Me.OrganizationId;
        var adoptions = await NetworkLocations.FanOutAsync(
            Locations.Items,
            l => Grains.GetGrain<ILocationVisionGrain>(NetworkKeys.LocationVision(organizationId, l.Id)).GetAdoption(),
            HttpContext.RequestAborted);
        Adoptions = adoptions.ToDictionary(a => a.LocationId, StringComparer.Ordinal);
    }
}
