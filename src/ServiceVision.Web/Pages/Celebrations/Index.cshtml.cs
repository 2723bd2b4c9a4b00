using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Recognition;
using ServiceVision.Recognition;
using ServiceVision.Recognition.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Celebrations;

/// <summary>
/// Celebrations (GET /api/v1/celebrations): upcoming and held for every member; leaders schedule one
/// (POST) and decide on the milestones that propose one (GET /api/v1/celebrations/milestones, POST
/// …/accept, …/dismiss). The celebrations grain checks everything (<see cref="CelebrationRules"/>).
/// </summary>
public sealed class IndexModel : AppPageModel
{
    private const int HeldShown = 20;

    public IReadOnlyList<CelebrationView> Upcoming { get; private set; } = [];

    public IReadOnlyList<CelebrationView> Held { get; private set; } = [];

    public IReadOnlyList<MilestoneView> Milestones { get; private set; } = [];

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    /// <summary>The date and time as a datetime-local field sends it ("yyyy-MM-ddTHH:mm"), read as UTC.</summary>
    [BindProperty]
    public string? At { get; set; }

    /// <summary>Minutes before the celebration, separated by commas.</summary>
    [BindProperty]
    public string? Reminders { get; set; }

    [BindProperty]
    public string? MilestoneId { get; set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAsync(
            async () =>
            {
                var celebration = await Celebrations.Schedule(Input(), Me.MemberId);
                Notice = $"\"{celebration.Title}\" is scheduled for {Format(celebration.At)}.";
                return Redirect("/app/celebrations/" + Uri.EscapeDataString(celebration.Id));
            },
            LoadAsync);
    }

    public async Task<IActionResult> OnPostAcceptAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAsync(
            async () =>
            {
                var celebration = await Celebrations.AcceptMilestone(MilestoneId ?? "", Input(), Me.MemberId);
                Notice = $"\"{celebration.Title}\" is scheduled for {Format(celebration.At)}.";
                return Redirect("/app/celebrations/" + Uri.EscapeDataString(celebration.Id));
            },
            LoadAsync);
    }

    public async Task<IActionResult> OnPostDismissAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAndStayAsync(
            async () =>
            {
                var milestone = await Celebrations.DismissMilestone(MilestoneId ?? "", Me.MemberId);
                return $"The proposal \"{milestone.Title}\" is dismissed.";
            },
            LoadAsync);
    }

    public static string Format(DateTimeOffset at) => FormTimes.Format(at);

    private ICelebrationsGrain Celebrations => Grains.GetGrain<ICelebrationsGrain>(RecognitionKeys.Celebrations(Me.OrganizationId));

    /// <summary>What the form sent, as the API's request record; what cannot be read is refused here, the rest by the grain.</summary>
    private CelebrationInput Input()
    {
        var errors = new List<ValidationError>();
        var at = FormTimes.ParseUtc(At);
        var reminders = new List<int>();
        foreach (var part in (Reminders ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            {
                reminders.Add(minutes);
            }
            else
            {
                errors.Add(new("remindMinutesBefore", "Give the reminders as whole minutes before the celebration, separated by commas (for example 60, 1440)."));
                break;
            }
        }

        ValidationFailedException.ThrowIfAny(errors);
        return new CelebrationInput(Title, Description, at, reminders);
    }

    private async Task LoadAsync()
    {
        Upcoming = [.. (await Celebrations.List(CelebrationStatus.Scheduled, new PageRequest(1, PageRequest.MaxPageSize))).Items.OrderBy(c => c.At)];
        Held = (await Celebrations.List(CelebrationStatus.Held, new PageRequest(1, HeldShown))).Items;
        Milestones = IsLeader ? (await Celebrations.ListMilestones(ProposalStatus.Pending, new PageRequest(1, PageRequest.MaxPageSize))).Items : [];
    }
}
