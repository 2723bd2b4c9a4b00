using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Plan;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Http;

/// <summary>The improvement plan (/api/v1/plan): where the organization stands on the 8 steps and what to do next.</summary>
public static class PlanEndpoints
{
    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/plan", GetAsync)
            .WithTags("Improvement plan")
            .WithSummary("The 8 steps (culture to celebrate), each NotStarted, InProgress or Done by its criterion, with the evidence and the next suggested action.")
            .RequireAuthorization(Policies.Employee);
        return routes;
    }

    private static async Task<Ok<PlanResult>> GetAsync(Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(ImprovementPlan.Evaluate(await PlanData.ReadPlanAsync(grains, caller.OrganizationId)));
}
