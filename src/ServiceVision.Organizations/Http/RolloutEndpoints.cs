using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Network;

namespace ServiceVision.Organizations.Http;

/// <summary>Training rollouts (/api/v1/training/rollouts): leaders assign a course to an audience and follow its progress.</summary>
public static class RolloutEndpoints
{
    public static IEndpointRouteBuilder MapRolloutEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/training/rollouts").WithTags("Training rollouts");
        group.MapPost("/", StartAsync)
            .WithSummary("Starts a rollout: assigns a course (the vision course by default) to everyone, departments, roles or members, due at a date.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/", ListAsync)
            .WithSummary("Rollouts, newest first, with their progress.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/{rolloutId}", GetAsync)
            .WithSummary("One rollout with its audience and progress: assigned, started, completed, overdue, average score, percent complete.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/{rolloutId}/members", ListMembersAsync)
            .WithSummary("The rollout's members ordered by name with their status and score; filter with status=Pending|Assigned|Started|Completed|Overdue.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/{rolloutId}/locations", ListLocationsAsync)
            .WithSummary("The rollout's progress per location it reached, ordered by name; filter with region=. A location manager sees only their location.")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static IRolloutsGrain Grain(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<IRolloutsGrain>(RolloutKeys.Rollouts(caller.OrganizationId));

    private static async Task<Created<RolloutView>> StartAsync(RolloutStartInput request, Caller caller, IGrainFactory grains)
    {
        var rollout = await Grain(grains, caller).StartRollout(request, caller.MemberId);
        return TypedResults.Created($"/api/v1/training/rollouts/{rollout.Id}", rollout);
    }

    private static async Task<Ok<PagedList<RolloutSummary>>> ListAsync(Caller caller, PageRequest page, IGrainFactory grains) =>
        TypedResults.Ok(await Grain(grains, caller).ListRollouts(page));

    private static async Task<Ok<RolloutView>> GetAsync(string rolloutId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Grain(grains, caller).GetRollout(rolloutId));

    private static async Task<Ok<PagedList<RolloutMemberView>>> ListMembersAsync(string rolloutId, Caller caller, PageRequest page, IGrainFactory grains, string? status = null)
    {
        RolloutMemberFilter? filter = null;
        if (status is not null)
        {
            filter = Enum.TryParse<RolloutMemberFilter>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !status.Any(char.IsDigit)
                ? parsed
                : throw new ValidationFailedException("status", "Filter by Pending, Assigned, Started, Completed or Overdue.");
        }

        return TypedResults.Ok(await Grain(grains, caller).ListRolloutMembers(rolloutId, filter, page));
    }

    private static async Task<Ok<PagedList<RolloutLocationView>>> ListLocationsAsync(string rolloutId, Caller caller, PageRequest page, IGrainFactory grains, TimeProvider time, string? region = null) =>
        TypedResults.Ok(await RolloutLocationsReader.ReadAsync(grains, caller.OrganizationId, rolloutId, await LocationAccess.ScopeOfAsync(caller, grains), region, page, time.GetUtcNow()));
}
