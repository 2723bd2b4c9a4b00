using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Networks;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Http;
using ServiceVision.Organizations.Network;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Audits;

/// <summary>
/// Location audits (the /api/v1/audit-checklists, audit-visits and audit-alerts routes), Leader: the network's
/// checklists and a form to create one (network leaders), recording a visit at a location item by item,
/// the location's recent visits with their scores, and open alerts with a button that orders the refresher.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class IndexModel(IAuditLog audit) : AppPageModel
{
    /// <summary>Blank item rows the create form offers.</summary>
    public const int ItemRows = 5;

    public bool IsNetworkLeader { get; private set; }

    public IReadOnlyList<AuditChecklistSummary> Checklists { get; private set; } = [];

    /// <summary>The locations the caller may record visits for.</summary>
    public IReadOnlyList<LocationView> Locations { get; private set; } = [];

    /// <summary>The published vision's standards, nevers and alwayses: what checklist items may check.</summary>
    public IReadOnlyList<VisionItemView> AuditableItems { get; private set; } = [];

    public IReadOnlyList<AuditAlertView> OpenAlerts { get; private set; } = [];

    public PagedList<AuditVisitView>? RecentVisits { get; private set; }

    /// <summary>The checklist chosen for the visit form, with its items.</summary>
    public AuditChecklistView? Selected { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? LocationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ChecklistId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<ChecklistItemForm> Items { get; set; } = [];

    [BindProperty]
    public List<ResultForm> Results { get; set; } = [];

    [BindProperty]
    public string? VisitId { get; set; }

    [BindProperty]
    public string? ItemId { get; set; }

    public string LocationName(string locationId) => Locations.FirstOrDefault(l => l.Id == locationId)?.Name ?? "A location";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostChecklistAsync()
    {
        // Rows left blank are not items; the ones kept are renumbered, so errors name the rows shown again.
        Items = [.. Items.Where(i => !string.IsNullOrWhiteSpace(i.Text) || !string.IsNullOrWhiteSpace(i.VisionItemId))];
        return await SubmitAndStayAsync(
            async () =>
            {
                var input = new AuditChecklistInput(Name, [.. Items.Select(i => new AuditChecklistItemInput(i.Text, TextOrNull(i.VisionItemId), i.Weight, i.Critical))]);
                var checklist = await LocationAudits.CreateChecklistAsync(Me, Grains, audit, input);
                return $"Checklist \"{checklist.Name}\" created with {checklist.Items.Count} item(s).";
            },
            LoadAsync);
    }

    public async Task<IActionResult> OnPostVisitAsync() =>
        await SubmitAsync(
            async () =>
            {
                var results = Results.Select(r => new AuditResultInput(r.ItemId, r.Outcome switch { "pass" => true, "fail" => false, _ => null }, r.Note)).ToList();
                var visit = await LocationAudits.RecordVisitAsync(Me, Grains, audit, LocationId ?? "", new AuditVisitInput(ChecklistId, null, [.. results]));
                Notice = $"Visit recorded: score {visit.Score:0.0}{(visit.FailedCriticalItems > 0 ? $", {visit.FailedCriticalItems} critical item(s) failed (alert raised)" : "")}.";
                return Redirect($"{Request.Path}?locationId={Uri.EscapeDataString(visit.LocationId)}");
            },
            LoadAsync);

    public async Task<IActionResult> OnPostRefresherAsync() =>
        await SubmitAsync(
            async () =>
            {
                var visit = await LocationAudits.AssignRefreshersAsync(Me, Grains, audit, LocationId ?? "", VisitId ?? "", new AuditRefresherInput(ItemId is null ? null : [ItemId], null));
                var location = await Organization.GetLocation(visit.LocationId);
                Notice = $"Refresher ordered for {visit.Refreshers[^1].Members} member(s) of {location.Name}.";
                return Redirect($"{Request.Path}?locationId={Uri.EscapeDataString(visit.LocationId)}");
            },
            LoadAsync);

    private async Task LoadAsync()
    {
        var scope = await LocationAccess.ScopeOfAsync(Me, Grains);
        IsNetworkLeader = scope is null;
        var all = await Organization.ListLocations(null, new PageRequest(1, LocationRules.MaxLocations));
        Locations = [.. all.Items.Where(l => scope is null || l.Id == scope)];
        Checklists = (await LocationAudits.Checklists(Grains, Me).ListChecklists(new PageRequest(1, PageRequest.MaxPageSize))).Items;
        var vision = await Vision.GetCurrentVersion();
        AuditableItems = vision is null ? [] : [.. vision.Items.Where(i => AuditRules.IsAuditable(i.Kind)).OrderBy(i => i.Kind).ThenBy(i => i.Order)];
        OpenAlerts = await LocationAudits.AlertsAsync(Me, Grains, AuditAlertState.Open, null, HttpContext.RequestAborted);

        var location = Locations.FirstOrDefault(l => l.Id == LocationId) ?? (Locations.Count > 0 ? Locations[0] : null);
        LocationId = location?.Id;
        RecentVisits = location is null ? null : await LocationAudits.Visits(Grains, Me, location.Id).ListVisits(new PageRequest(1, 10));

        var checklist = Checklists.FirstOrDefault(c => c.Id == ChecklistId) ?? (Checklists.Count > 0 ? Checklists[0] : null);
        ChecklistId = checklist?.Id;
        Selected = checklist is null ? null : await LocationAudits.Checklists(Grains, Me).GetChecklist(checklist.Id);
        if (Selected is not null && Results.Count != Selected.Items.Count)
        {
            Results = [.. Selected.Items.Select(i => new ResultForm { ItemId = i.VisionItemId })];
        }

        while (Items.Count < ItemRows)
        {
            Items.Add(new ChecklistItemForm());
        }
    }

    private static string? TextOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed class ChecklistItemForm
{
    public string? Text { get; set; }

    public string? VisionItemId { get; set; }

    public int? Weight { get; set; } = AuditRules.DefaultWeight;

    public bool Critical { get; set; }
}

public sealed class ResultForm
{
    public string? ItemId { get; set; }

    /// <summary>"pass" or "fail"; anything else is unanswered.</summary>
    public string? Outcome { get; set; }

    public string? Note { get; set; }
}
