using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Networks;
using ServiceVision.Organizations.Http;
using ServiceVision.Organizations.Network;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Network;

/// <summary>
/// The network dashboard (GET /api/v1/network/dashboard, the same <see cref="NetworkDashboardReader"/>):
/// every location lagging first, a region filter, the CSV export and a chart of the page's locations
/// ranked by alignment. Leader; a location manager sees their own location only.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class IndexModel : AppPageModel
{
    public const int RowsPerPage = 50;

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    /// <summary>The page of rows ("p": Razor Pages keeps "page" for itself).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PagedList<NetworkLocationRow>? Rows { get; private set; }

    public NetworkTotals? Totals { get; private set; }

    public IReadOnlyList<DashboardPillar> Pillars { get; private set; } = [];

    public int PageCount => Rows is null ? 1 : Math.Max(1, (Rows.Total + RowsPerPage - 1) / RowsPerPage);

    /// <summary>The CSV export of the filtered rows (the API's route; the session cookie signs it).</summary>
    public string CsvUrl => "/api/v1/network/dashboard?format=csv" + (string.IsNullOrWhiteSpace(Region) ? "" : "&region=" + Uri.EscapeDataString(Region.Trim()));

    public string PageUrl(int page) => "/app/network?p=" + page + (string.IsNullOrWhiteSpace(Region) ? "" : "&region=" + Uri.EscapeDataString(Region.Trim()));

    public async Task OnGetAsync()
    {
        foreach (var error in LocationRules.ValidateRegionFilter(Region))
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        if (!ModelState.IsValid)
        {
            Region = null;
        }

        var scope = await LocationAccess.ScopeOfAsync(Me, Grains);
        var data = await NetworkDashboardReader.ReadAsync(Grains, Me.OrganizationId, scope, Region, HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), HttpContext.RequestAborted);
        Rows = PagedList.Of(data.Rows, new PageRequest(Math.Max(1, PageNumber), RowsPerPage));
        Totals = data.Totals;
        Pillars = data.Pillars;
    }
}
