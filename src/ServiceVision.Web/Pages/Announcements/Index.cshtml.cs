using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Alignment;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Plan;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Announcements;

/// <summary>
/// Step 3 of the plan, communicate: every member sees the latest announcement addressed to them and
/// acknowledges it (POST /api/v1/announcements/{id}/acknowledge, channel Intranet: they read it in the
/// app); leaders announce the published vision (POST /api/v1/announcements, checked by the grain with
/// <see cref="AnnouncementRules"/>) and see who has not acknowledged, per department and location
/// (GET …/groups, …/pending).
/// </summary>
public sealed class IndexModel : AppPageModel
{
    private const int PendingShown = 200;
    private static readonly PageRequest Options = new(1, 5_000);

    public AnnouncementView? Latest { get; private set; }

    public PublishedVision? Current { get; private set; }

    public IReadOnlyList<AnnouncementView> All { get; private set; } = [];

    public AnnouncementView? Selected { get; private set; }

    public IReadOnlyList<AnnouncementGroupView> ByDepartment { get; private set; } = [];

    public IReadOnlyList<AnnouncementGroupView> ByLocation { get; private set; } = [];

    public PagedList<PendingMemberView>? Pending { get; private set; }

    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];

    public IReadOnlyList<LocationView> Locations { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public string? AnnouncementId { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    [BindProperty]
    public List<string> Channels { get; set; } = [];

    [BindProperty]
    public string? AudienceKind { get; set; } = nameof(AnnouncementAudienceKind.Everyone);

    [BindProperty]
    public List<string> DepartmentIds { get; set; } = [];

    [BindProperty]
    public List<string> LocationIds { get; set; } = [];

    [BindProperty]
    public List<string> RoleIds { get; set; } = [];

    [BindProperty]
    public int? RemindEveryHours { get; set; }

    [BindProperty]
    public int? MaxReminders { get; set; }

    public string DepartmentName(string? id) => id is null ? "no department" : Departments.FirstOrDefault(d => d.Id == id)?.Name ?? "a former department";

    public string LocationName(string? id) => id is null ? "no location" : Locations.FirstOrDefault(l => l.Id == id)?.Name ?? "a former location";

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAsync(
            async () =>
            {
                // The ids of the chosen kind only: the boxes of the other kinds stay on the page.
                IReadOnlyList<string?>? ids = AnnouncementRules.TryParse<AnnouncementAudienceKind>(AudienceKind, out var kind)
                    ? kind switch
                    {
                        AnnouncementAudienceKind.Departments => [.. DepartmentIds],
                        AnnouncementAudienceKind.Locations => [.. LocationIds],
                        AnnouncementAudienceKind.Roles => [.. RoleIds],
                        _ => null,
                    }
                    : null;
                var input = new AnnouncementInput(Title, Message, null, [.. Channels], new AnnouncementAudienceInput(AudienceKind, ids), RemindEveryHours, MaxReminders);
                var announcement = await Announcements.Create(input, Me.MemberId);
                Notice = $"\"{announcement.Title}\" is announced to {announcement.Members} member(s).";
                return Redirect(Request.Path + "?id=" + Uri.EscapeDataString(announcement.Id));
            },
            LoadAsync);
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync()
    {
        var acknowledgement = await Announcements.Acknowledge(AnnouncementId ?? "", Me.MemberId, AnnouncementChannel.Intranet);
        Notice = $"Thank you: read on {acknowledgement.AcknowledgedAt:yyyy-MM-dd}.";
        return Redirect(Request.Path);
    }

    private IAnnouncementsGrain Announcements => Grains.GetGrain<IAnnouncementsGrain>(PlanKeys.Announcements(Me.OrganizationId));

    private async Task LoadAsync()
    {
        var mine = (await Announcements.ListAnnouncements(Me.MemberId, isLeader: false, new PageRequest(1, 1))).Items;
        Latest = mine.Count > 0 ? mine[0] : null;
        if (!IsLeader)
        {
            return;
        }

        Current = await Vision.GetCurrentVersion();
        Departments = (await Organization.ListDepartments(Options)).Items;
        Locations = (await Organization.ListLocations(null, Options)).Items;
        All = (await Announcements.ListAnnouncements(Me.MemberId, isLeader: true, new PageRequest(1, AnnouncementRules.MaxCampaigns))).Items;
        Selected = Id is not null ? await Announcements.GetAnnouncement(Id, Me.MemberId, isLeader: true) : All.Count > 0 ? All[0] : null;
        if (Selected is not null)
        {
            ByDepartment = (await Announcements.Breakdown(Selected.Id, GroupDimension.Department, Options)).Items;
            ByLocation = (await Announcements.Breakdown(Selected.Id, GroupDimension.Location, Options)).Items;
            Pending = await Announcements.ListPending(Selected.Id, null, null, new PageRequest(1, PendingShown));
        }
    }
}
