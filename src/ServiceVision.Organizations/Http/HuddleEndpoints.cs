using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Plan;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

/// <summary>Leadership huddles (/api/v1/huddles): proposed topics, huddles held, repetitions per team toward a habit.</summary>
public static class HuddleEndpoints
{
    public static IEndpointRouteBuilder MapHuddleEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/huddles").WithTags("Huddles");
        group.MapGet("/next-topic", NextTopicAsync)
            .WithSummary("The proposed topic of a team's next huddle (departmentId= or locationId=), rotating through pillars, standards and recent recognitions.")
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/", RecordAsync)
            .WithSummary("Records a huddle held: team (department or location), attendees, topic, when.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/", ListAsync)
            .WithSummary("Huddles, most recently held first; filter with departmentId= or locationId=.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/teams", TeamsAsync)
            .WithSummary("Each team's repetitions and weeks with huddles, and its progress toward the habit target.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/{huddleId}", GetAsync)
            .WithSummary("One huddle with the team's repetitions as of it.")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static IHuddlesGrain Grain(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<IHuddlesGrain>(PlanKeys.Huddles(caller.OrganizationId));

    private static (HuddleTeamKind Kind, string Id)? TeamOf(string? departmentId, string? locationId)
    {
        if (departmentId is not null && locationId is not null)
        {
            throw new ValidationFailedException("locationId", "Name a department or a location, not both.");
        }

        return departmentId is not null ? (HuddleTeamKind.Department, departmentId)
            : locationId is not null ? (HuddleTeamKind.Location, locationId)
            : null;
    }

    private static async Task<Ok<ProposedTopicView>> NextTopicAsync(Caller caller, IGrainFactory grains, string? departmentId = null, string? locationId = null)
    {
        var team = TeamOf(departmentId, locationId) ?? throw new ValidationFailedException("departmentId", "Name the team: ?departmentId=... or ?locationId=...");
        return TypedResults.Ok(await Grain(grains, caller).ProposeTopic(team.Kind, team.Id));
    }

    private static async Task<Created<HuddleView>> RecordAsync(HuddleInput request, Caller caller, IGrainFactory grains)
    {
        var huddle = await Grain(grains, caller).Record(request, caller.MemberId);
        return TypedResults.Created($"/api/v1/huddles/{huddle.Id}", huddle);
    }

    private static async Task<Ok<PagedList<HuddleView>>> ListAsync(Caller caller, IGrainFactory grains, PageRequest page, string? departmentId = null, string? locationId = null)
    {
        var team = TeamOf(departmentId, locationId);
        return TypedResults.Ok(await Grain(grains, caller).List(team?.Kind, team?.Id, page));
    }

    private static async Task<Ok<PagedList<HuddleTeamView>>> TeamsAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(await Grain(grains, caller).ListTeams(page));

    private static async Task<Ok<HuddleView>> GetAsync(string huddleId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Grain(grains, caller).GetHuddle(huddleId));
}
