using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Networks;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Http;
using ServiceVision.Organizations.Network;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Locations;

/// <summary>
/// A location's copy of the network vision (as GET /api/v1/locations/{id}/vision): the core, read-only;
/// the adoption, with the changes since the adopted version and an Adopt button; the local items with
/// forms to add, change and remove them (location managers and network leaders, as the API allows).
/// </summary>
public sealed class VisionModel(IAuditLog audit) : AppPageModel
{
    /// <summary>Which form a refusal belongs to: "adopt", "add", or the id of the item being changed.</summary>
    public const string AddForm = "add";
    public const string AdoptForm = "adopt";

    [BindProperty(SupportsGet = true)]
    public string LocationId { get; set; } = "";

    public LocationView? Location { get; private set; }

    public LocationVisionView? View { get; private set; }

    /// <summary>Whether the caller may adopt and change local items here (a location manager of it or a network leader).</summary>
    public bool CanEdit { get; private set; }

    /// <summary>The form whose refusal is shown (its fields keep what was typed).</summary>
    public string? FailedForm { get; private set; }

    [BindProperty]
    public long Revision { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public string? ItemId { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? PillarId { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    public IEnumerable<CoreItemView> Pillars =>
        View?.CoreItems.Where(i => i.Kind is Domain.Visions.VisionItemKind.Pillar or Domain.Visions.VisionItemKind.SubPillar) ?? [];

    public string PillarText(string? pillarId) =>
        pillarId is null ? "" : View?.CoreItems.FirstOrDefault(i => i.Id == pillarId)?.Text ?? "a pillar no longer in the network's vision";

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostAdoptAsync() =>
        ChangeAsync(AdoptForm, $"Version {Version} adopted.", location => LocationVisions.AdoptAsync(Grains, audit, Me, location, Version, Revision));

    public Task<IActionResult> OnPostAddAsync() =>
        ChangeAsync(AddForm, "Local item added.", location => LocationVisions.AddLocalItemAsync(Grains, audit, Me, location, Kind, Blank(PillarId), Text));

    public Task<IActionResult> OnPostUpdateAsync() =>
        ChangeAsync(ItemId, "Local item saved.", location => LocationVisions.UpdateLocalItemAsync(Grains, audit, Me, location, ItemId ?? "", Kind, Blank(PillarId), Text, Revision));

    public Task<IActionResult> OnPostRemoveAsync() =>
        ChangeAsync(ItemId, "Local item removed.", location => LocationVisions.RemoveLocalItemAsync(Grains, audit, Me, location, ItemId ?? "", Revision));

    /// <summary>A field of the form <paramref name="form"/>: what was typed when that form was refused, else the stored value.</summary>
    public string? Value(string form, string? typed, string? stored) => FailedForm == form ? typed : stored;

    private async Task LoadAsync()
    {
        Location = await LocationAccess.RequireAsync(Me, Grains, LocationId, MemberRole.Employee);
        View = await LocationVisions.Grain(Grains, Me, Location.Id).GetVision();
        var scope = await LocationAccess.ScopeOfAsync(Me, Grains);
        CanEdit = Me.IsAtLeast(MemberRole.Leader) && (scope is null || scope == Location.Id);
    }

    /// <summary>Every form of the page: a leader of this location (or of the network) changes it; a refusal shows again in <paramref name="form"/>.</summary>
    private async Task<IActionResult> ChangeAsync(string? form, string notice, Func<LocationView, Task> change)
    {
        var location = await LocationAccess.RequireAsync(Me, Grains, LocationId, MemberRole.Leader);
        FailedForm = form;
        return await SubmitAndStayAsync(
            async () =>
            {
                await change(location);
                return notice;
            },
            LoadAsync);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
