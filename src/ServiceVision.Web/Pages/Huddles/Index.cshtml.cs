using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Plan;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Huddles;

/// <summary>
/// Step 7 of the plan, leadership (Leader): a team's proposed huddle topic (GET /api/v1/huddles/next-topic),
/// recording a huddle held with its attendees (POST /api/v1/huddles, checked by the grain with
/// <see cref="HuddleRules"/>), and each team's repetitions toward the habit (GET /api/v1/huddles/teams).
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class IndexModel : AppPageModel
{
    private const int RecentShown = 20;
    private static readonly PageRequest Options = new(1, 5_000);

    public IReadOnlyList<(string Value, string Name)> Teams { get; private set; } = [];

    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    public ProposedTopicView? Proposed { get; private set; }

    /// <summary>Why there is no proposal (nothing published yet).</summary>
    public string? NoProposal { get; private set; }

    public IReadOnlyList<HuddleTeamView> Progress { get; private set; } = [];

    public IReadOnlyList<HuddleView> Recent { get; private set; } = [];

    /// <summary>The chosen team as "Department:{id}" or "Location:{id}".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Team { get; set; }

    [BindProperty]
    public List<string> AttendeeIds { get; set; } = [];

    /// <summary>"proposed" or "other".</summary>
    [BindProperty]
    public string? TopicChoice { get; set; } = "proposed";

    [BindProperty]
    public string? OtherTopic { get; set; }

    /// <summary>The proposed topic as the page showed it (the API takes a topic the same way; the grain checks it).</summary>
    [BindProperty]
    public string? ProposedKind { get; set; }

    [BindProperty]
    public string? ProposedRefId { get; set; }

    [BindProperty]
    public string? ProposedText { get; set; }

    [BindProperty]
    public string? HeldAt { get; set; }

    [BindProperty]
    public string? Notes { get; set; }

    public string TeamName(HuddleTeamRef team) =>
        Teams.FirstOrDefault(t => t.Value == $"{team.Kind}:{team.Id}").Name ?? $"a former {team.Kind.ToString().ToLowerInvariant()}";

    public string MemberName(string id) => Members.FirstOrDefault(m => m.Id == id)?.Name ?? "a former member";

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync() =>
        await SubmitAsync(
            async () =>
            {
                var (kind, id) = Split(Team);
                var topic = TopicChoice == "other"
                    ? new HuddleTopicInput(nameof(HuddleTopicKind.Other), null, OtherTopic)
                    : ProposedKind is null ? null : new HuddleTopicInput(ProposedKind, ProposedRefId, ProposedText);

                var input = new HuddleInput(new HuddleTeamInput(kind, id), [.. AttendeeIds], topic, FormTimes.ParseUtc(HeldAt), Notes);
                var huddle = await Huddles.Record(input, Me.MemberId);
                Notice = $"Huddle recorded: {huddle.Repetitions} repetition(s) for this team so far.";
                return Redirect(Request.Path + "?team=" + Uri.EscapeDataString(Team!));
            },
            LoadAsync);

    private IHuddlesGrain Huddles => Grains.GetGrain<IHuddlesGrain>(PlanKeys.Huddles(Me.OrganizationId));

    private static (string? Kind, string? Id) Split(string? team) =>
        team?.Split(':', 2) is [var kind, var id] ? (kind, id) : (null, null);

    private async Task LoadAsync()
    {
        var departments = (await Organization.ListDepartments(Options)).Items;
        var locations = (await Organization.ListLocations(null, Options)).Items;
        Teams = [.. departments.Select(d => ($"{HuddleTeamKind.Department}:{d.Id}", d.Name)), .. locations.Select(l => ($"{HuddleTeamKind.Location}:{l.Id}", l.Name))];
        Members = await Organization.ListMembers();
        Progress = (await Huddles.ListTeams(Options)).Items;
        if (Team is null || !Teams.Any(t => t.Value == Team))
        {
            Team = Teams.Count > 0 ? Teams[0].Value : null;
        }

        if (Split(Team) is ({ } kind, { } id) && AnnouncementRules.TryParse<HuddleTeamKind>(kind, out var teamKind))
        {
            try
            {
                Proposed = await Huddles.ProposeTopic(teamKind, id);
            }
            catch (ConflictException e)
            {
                NoProposal = e.Message;
                TopicChoice = "other";
            }

            Recent = (await Huddles.List(teamKind, id, new PageRequest(1, RecentShown))).Items;
        }
    }
}
