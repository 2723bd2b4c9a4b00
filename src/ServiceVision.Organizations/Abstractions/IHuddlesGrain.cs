using ServiceVision.Api;
using ServiceVision.Domain.Plan;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// Leadership huddles of one organization (key "{organizationId}/huddles"), step 7 of the plan:
/// the proposed topic of each team's next huddle (rotating through pillars, standards and recent
/// recognitions), the huddles held with their attendees, and each team's repetitions toward a habit.
/// </summary>
public interface IHuddlesGrain : IGrain
{
    /// <summary>
    /// Records a huddle: 400 for invalid fields, 400 <c>team.id</c> for an unknown department or location,
    /// 400 <c>attendeeIds[i]</c> for someone who is not an active member, 400 <c>topic.refId</c> for a
    /// pillar or standard not in the published vision; 409 past <see cref="HuddleRules.MaxHuddles"/>.
    /// </summary>
    Task<HuddleView> Record(HuddleInput input, string leaderId);

    /// <summary>Huddles, most recently held first, optionally of one team.</summary>
    [ReadOnly]
    Task<PagedList<HuddleView>> List(HuddleTeamKind? teamKind, string? teamId, PageRequest page);

    [ReadOnly]
    Task<HuddleView> GetHuddle(string huddleId);

    /// <summary>The topic for the team's next huddle; 409 while no vision is published.</summary>
    [ReadOnly]
    Task<ProposedTopicView> ProposeTopic(HuddleTeamKind teamKind, string teamId);

    /// <summary>Every team that held a huddle, with its repetitions toward the habit, most repetitions first.</summary>
    [ReadOnly]
    Task<PagedList<HuddleTeamView>> ListTeams(PageRequest page);

    [ReadOnly]
    Task<HuddleSnapshot> GetSnapshot();
}

public sealed record HuddleTeamRef(HuddleTeamKind Kind, string Id);

/// <param name="Repetitions">The team's huddles up to and including this one.</param>
public sealed record HuddleView(
    string Id,
    HuddleTeamRef Team,
    string LeaderId,
    IReadOnlyList<string> AttendeeIds,
    HuddleTopic Topic,
    DateTimeOffset HeldAt,
    string? Notes,
    DateTimeOffset RecordedAt,
    int Repetitions);

public sealed record ProposedTopicView(HuddleTeamRef Team, int HuddlesHeld, HuddleTopic Topic);

public sealed record HuddleTeamView(HuddleTeamRef Team, int Repetitions, int Weeks, DateTimeOffset LastHeldAt, HabitProgress Habit);

/// <param name="Weeks">Distinct ISO weeks with at least one huddle of any team.</param>
public sealed record HuddleSnapshot(int Huddles, int Weeks);
