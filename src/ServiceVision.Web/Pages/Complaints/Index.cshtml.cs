using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Plan;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Visions;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Answering;
using ServiceVision.Surveys.Http;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Complaints;

/// <summary>
/// Complaints (service recoveries): customer responses with a low score on a touchpoint that
/// someone must answer by a deadline. Leaders see the overdue and open ones (GET
/// /api/v1/survey-recoveries?status=), map one to the never/always items or standards it broke (PUT
/// …/{id}/mapping with the loaded revision, through the same <see cref="ServiceRecoveryMapping"/> as
/// <see cref="RecoveryEndpoints"/>; the training service then assigns a refresher) and record the
/// recovery that answers it (the same empowerment grain call as POST /api/v1/empowerment/recoveries
/// with the complaint's recovery id), which closes it.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class IndexModel(ServiceRecoveryMapping recoveries) : AppPageModel
{
    /// <summary>The most complaints of each status shown (the oldest deadlines are the ones on the first page of the API too).</summary>
    public const int Shown = 50;

    private static readonly PageRequest Options = new(1, 5_000);

    public IReadOnlyList<ServiceRecoveryView> Overdue { get; private set; } = [];

    public IReadOnlyList<ServiceRecoveryView> Open { get; private set; } = [];

    public int OverdueTotal { get; private set; }

    public int OpenTotal { get; private set; }

    /// <summary>The never, always and standard items of the published vision (what a complaint can be mapped to); empty before one is published.</summary>
    public IReadOnlyList<VisionItemView> Mappable { get; private set; } = [];

    public bool VisionPublished { get; private set; }

    public IReadOnlyList<LocationView> Locations { get; private set; } = [];

    /// <summary>The complaint a form was posted for, so a refusal shows next to that complaint's form.</summary>
    [BindProperty]
    public string? RecoveryId { get; set; }

    /// <summary>"map" or "recover": which of the complaint's forms the refusal belongs to.</summary>
    public string? FailedForm { get; private set; }

    [BindProperty]
    public long Revision { get; set; }

    [BindProperty]
    public List<string> ItemIds { get; set; } = [];

    [BindProperty]
    public string? LocationId { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public string? WhatHappened { get; set; }

    [BindProperty]
    public string? WhatWasDone { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Currency { get; set; }

    public bool Failed(ServiceRecoveryView complaint, string form) => FailedForm == form && RecoveryId == complaint.Id;

    public string LocationName(string? id) => id is null ? "no location" : Locations.FirstOrDefault(l => l.Id == id)?.Name ?? "a former location";

    public string ItemText(string id) => Mappable.FirstOrDefault(i => i.Id == id) is { } item ? $"{item.Kind}: {item.Text}" : "an item no longer in the vision";

    public Task OnGetAsync() => LoadAsync();

    /// <summary>The same <see cref="ServiceRecoveryMapping.MapAsync"/> as PUT /api/v1/survey-recoveries/{id}/mapping.</summary>
    public async Task<IActionResult> OnPostMapAsync()
    {
        FailedForm = "map";
        return await SubmitAsync(
            async () =>
            {
                var id = RecoveryId ?? "";
                await recoveries.GetAsync(Me, id);
                var view = await recoveries.MapAsync(Me, id, new RecoveryMappingRequest(
                    [.. ItemIds.Where(i => !string.IsNullOrWhiteSpace(i))],
                    TextRules.TrimToNull(LocationId),
                    TextRules.TrimToNull(Role)), Revision);
                Notice = $"The complaint at {view.Touchpoint} is mapped to {view.Mapping!.ItemIds.Count} item(s); a refresher goes to the people who broke them.";
                return Redirect(Request.Path + "#c-" + view.Id);
            },
            LoadAsync);
    }

    /// <summary>Records the recovery that answers the complaint: POST /api/v1/empowerment/recoveries with its recovery id.</summary>
    public async Task<IActionResult> OnPostRecoverAsync()
    {
        FailedForm = "recover";
        return await SubmitAndStayAsync(
            async () =>
            {
                var complaint = await recoveries.GetAsync(Me, RecoveryId ?? "");
                var recovery = await Grains.GetGrain<IEmpowermentGrain>(PlanKeys.Empowerment(Me.OrganizationId))
                    .RecordRecovery(new RecoveryInput(WhatHappened, WhatWasDone, Money(Amount, Currency), Outcome, complaint.Touchpoint, complaint.Id), Me.MemberId, Me.Role);
                return recovery.Status == RecoveryStatus.AwaitingApproval
                    ? "Recovery recorded; the amount is above what your role may spend alone, so the complaint closes once a leader approves it."
                    : "Recovery recorded; the complaint is closed.";
            },
            LoadAsync);
    }

    /// <summary>Money as the form sent it, as on the empowerment page: both empty is no amount; a number that cannot be read reaches the rules as missing.</summary>
    private static MoneyInput? Money(string? amount, string? currency)
    {
        if (string.IsNullOrWhiteSpace(amount) && string.IsNullOrWhiteSpace(currency))
        {
            return null;
        }

        decimal? value = decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return new MoneyInput(value, string.IsNullOrWhiteSpace(currency) ? null : currency.Trim());
    }

    private async Task LoadAsync()
    {
        var overdue = await recoveries.ListAsync(Me, ServiceRecoveryStatus.Overdue, new PageRequest(1, Shown));
        var open = await recoveries.ListAsync(Me, ServiceRecoveryStatus.Open, new PageRequest(1, Shown));
        (Overdue, OverdueTotal) = ([.. overdue.Items.OrderBy(r => r.RespondBy)], overdue.Total);
        (Open, OpenTotal) = ([.. open.Items.OrderBy(r => r.RespondBy)], open.Total);
        var vision = await Vision.GetCurrentVersion();
        VisionPublished = vision is not null;
        Mappable = vision is null ? [] : [.. vision.Items.Where(i => i.Kind is VisionItemKind.Never or VisionItemKind.Always or VisionItemKind.Standard)];
        Locations = (await Organization.ListLocations(null, Options)).Items;
    }
}
