using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Training.Abstractions;

namespace ServiceVision.Training.Http;

/// <summary>
/// The caller's own assignments (/api/v1/training/assignments): any member. The member is always the
/// caller; another member's assignment id is simply not found.
/// </summary>
public static class AssignmentEndpoints
{
    public static IEndpointRouteBuilder MapAssignmentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/training/assignments").WithTags("Training");

        group.MapGet("/", ListAssignmentsAsync)
            .WithSummary("Your assignments, newest first, with status, due date, progress and score.")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/{assignmentId}", GetAssignmentAsync)
            .WithSummary("One of your assignments with its modules and questions (never the right answers).")
            .RequireAuthorization(Policies.Employee);
        group.MapPost("/{assignmentId}/start", StartAsync)
            .WithSummary("Marks the assignment as started (when you open its first module); repeating it changes nothing.")
            .RequireAuthorization(Policies.Employee);
        group.MapPost("/{assignmentId}/modules/{moduleId}/answers", SubmitAsync)
            .WithSummary("Submits your answers to a module (or your acknowledgements of an attestation) and returns the graded result.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Employee);
        return routes;
    }

    private static IMemberTrainingGrain Member(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<IMemberTrainingGrain>(TrainingKeys.Member(caller.OrganizationId, caller.MemberId));

    private static async Task<Ok<PagedList<AssignmentSummary>>> ListAssignmentsAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(PagedList.Of(await Member(grains, caller).ListAssignments(), page));

    private static async Task<Ok<AssignmentView>> GetAssignmentAsync(string assignmentId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Member(grains, caller).GetAssignment(assignmentId));

    private static async Task<Ok<AssignmentView>> StartAsync(string assignmentId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Member(grains, caller).Start(assignmentId));

    private static async Task<Ok<ModuleResultView>> SubmitAsync(string assignmentId, string moduleId, ModuleSubmission request, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Member(grains, caller).SubmitModule(assignmentId, moduleId, request));
}
