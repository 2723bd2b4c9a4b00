using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

public sealed record DepartmentVisionRequest(string? Statement);

/// <summary>Department visions, the service strategy, journey maps and touchpoints (/api/v1/service-design).</summary>
public static class ServiceDesignEndpoints
{
    public static IEndpointRouteBuilder MapServiceDesignEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/service-design").WithTags("Service design");

        group.MapGet("/department-visions", ListDepartmentVisionsAsync)
            .WithSummary("Every department's vision statement with its quality report.")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/department-visions/{departmentId}", GetDepartmentVisionAsync)
            .WithSummary("A department's vision statement with its quality report; its ETag is the revision.")
            .RequireAuthorization(Policies.Employee);
        group.MapPut("/department-visions/{departmentId}", SetDepartmentVisionAsync)
            .WithSummary("Writes a department's vision (If-Match once it exists; none or If-None-Match: * the first time).")
            .RequireAuthorization(Policies.Leader);
        group.MapDelete("/department-visions/{departmentId}", RemoveDepartmentVisionAsync)
            .WithSummary("Removes a department's vision (If-Match required).")
            .RequireAuthorization(Policies.Leader);

        group.MapGet("/strategy", GetStrategyAsync)
            .WithSummary("The service strategy: core service, service experience, recovery promise and what it means for each function.")
            .RequireAuthorization(Policies.Employee);
        group.MapPut("/strategy", UpdateStrategyAsync)
            .WithSummary("Replaces the service strategy (If-Match required; \"0\" for the first one).")
            .RequireAuthorization(Policies.Leader);

        group.MapPost("/journeys", CreateJourneyAsync)
            .WithSummary("Adds a customer journey map with its touchpoints.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/journeys", ListJourneysAsync)
            .WithSummary("Journey maps, ordered by name.")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/journeys/{journeyId}", GetJourneyAsync)
            .WithSummary("A journey map with its touchpoints; its ETag is the revision.")
            .RequireAuthorization(Policies.Employee);
        group.MapPut("/journeys/{journeyId}", UpdateJourneyAsync)
            .WithSummary("Replaces a journey map; touchpoints sent with their id keep it (If-Match required).")
            .RequireAuthorization(Policies.Leader);
        group.MapDelete("/journeys/{journeyId}", RemoveJourneyAsync)
            .WithSummary("Deletes a journey map (If-Match required).")
            .RequireAuthorization(Policies.Leader);

        group.MapGet("/touchpoints", ListTouchpointsAsync)
            .WithSummary("Every touchpoint a department affects, across journeys, with the department's roles there.")
            .RequireAuthorization(Policies.Employee);
        return routes;
    }

    private static IServiceDesignGrain Grain(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<IServiceDesignGrain>(caller.OrganizationId + "/service-design");

    private static async Task<Ok<PagedList<DepartmentVisionView>>> ListDepartmentVisionsAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(PagedList.Of(await Grain(grains, caller).ListDepartmentVisions(), page));

    private static async Task<Ok<DepartmentVisionView>> GetDepartmentVisionAsync(string departmentId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var vision = await Grain(grains, caller).GetDepartmentVision(departmentId);
        ETags.Set(context, vision.Revision);
        return TypedResults.Ok(vision);
    }

    private static async Task<Ok<DepartmentVisionView>> SetDepartmentVisionAsync(
        string departmentId, DepartmentVisionRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var vision = await Grain(grains, caller).SetDepartmentVision(departmentId, request.Statement, OptionalPrecondition(context), caller.MemberId);
        ETags.Set(context, vision.Revision);
        return TypedResults.Ok(vision);
    }

    private static async Task<NoContent> RemoveDepartmentVisionAsync(string departmentId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        await Grain(grains, caller).RemoveDepartmentVision(departmentId, expected);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ServiceStrategyView>> GetStrategyAsync(Caller caller, IGrainFactory grains, HttpContext context)
    {
        var strategy = await Grain(grains, caller).GetStrategy();
        ETags.Set(context, strategy.Revision);
        return TypedResults.Ok(strategy);
    }

    private static async Task<Ok<ServiceStrategyView>> UpdateStrategyAsync(ServiceStrategyInput request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        var strategy = await Grain(grains, caller).UpdateStrategy(request, expected, caller.MemberId);
        ETags.Set(context, strategy.Revision);
        return TypedResults.Ok(strategy);
    }

    private static async Task<Created<JourneyView>> CreateJourneyAsync(JourneyInput request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var journey = await Grain(grains, caller).CreateJourney(request, caller.MemberId);
        ETags.Set(context, journey.Revision);
        return TypedResults.Created($"/api/v1/service-design/journeys/{journey.Id}", journey);
    }

    private static async Task<Ok<PagedList<JourneySummary>>> ListJourneysAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(PagedList.Of(await Grain(grains, caller).ListJourneys(), page));

    private static async Task<Ok<JourneyView>> GetJourneyAsync(string journeyId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var journey = await Grain(grains, caller).GetJourney(journeyId);
        ETags.Set(context, journey.Revision);
        return TypedResults.Ok(journey);
    }

    private static async Task<Ok<JourneyView>> UpdateJourneyAsync(string journeyId, JourneyInput request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        var journey = await Grain(grains, caller).UpdateJourney(journeyId, request, expected, caller.MemberId);
        ETags.Set(context, journey.Revision);
        return TypedResults.Ok(journey);
    }

    private static async Task<NoContent> RemoveJourneyAsync(string journeyId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        await Grain(grains, caller).RemoveJourney(journeyId, expected);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PagedList<DepartmentTouchpointView>>> ListTouchpointsAsync(string? departmentId, Caller caller, IGrainFactory grains, PageRequest page)
    {
        if (string.IsNullOrWhiteSpace(departmentId))
        {
            throw new ValidationFailedException([new ValidationError("departmentId", "Name the department: ?departmentId=...")]);
        }

        return TypedResults.Ok(PagedList.Of(await Grain(grains, caller).ListTouchpointsOf(departmentId), page));
    }

    /// <summary>
    /// A department vision may be written the first time without a precondition. If-None-Match: *
    /// asks for "only if it does not exist yet" (revision 0); If-Match names the revision; neither is null.
    /// </summary>
    private static long? OptionalPrecondition(HttpContext context)
    {
        if (context.Request.Headers.IfMatch.ToString().Trim().Length > 0)
        {
            return ETags.RequireIfMatch(context);
        }

        return context.Request.Headers.IfNoneMatch.ToString().Trim() == "*" ? 0 : null;
    }
}
