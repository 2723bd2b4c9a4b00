using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

public sealed record VisionPurposeRequest(string? AspirationalPurpose, string? CommonPurpose);

public sealed record CultureObservationRequest(string? Text, string? Area);

public sealed record VisionPublishRuleRequest(int? RequiredApprovals, int? RestPeriodHours, bool? BlockOnChangesRequested);

/// <summary>
/// The vision workshop (/api/v1/vision): purpose, culture observations, the publish rule and the
/// published versions here; drafts, reviews and publishing in <see cref="VisionDraftEndpoints"/>.
/// </summary>
public static class VisionEndpoints
{
    private const string Tag = "Vision";

    public static IEndpointRouteBuilder MapVisionEndpoints(this IEndpointRouteBuilder routes)
    {
        var vision = routes.MapGroup("/api/v1/vision").WithTags(Tag);
        vision.MapGet("/", GetCurrentAsync).WithSummary("The current (latest published) version of the vision; 404 while nothing is published.").RequireAuthorization(Policies.Employee);

        vision.MapGet("/purpose", GetPurposeAsync).WithSummary("The aspirational and common purpose; its ETag is the revision.").RequireAuthorization(Policies.Employee);
        vision.MapPut("/purpose", UpdatePurposeAsync).WithSummary("Replaces the aspirational and common purpose (If-Match required).").RequireAuthorization(Policies.Leader);

        vision.MapPost("/observations", AddObservationAsync).WithSummary("Records a culture observation: how work is really done today.").WithIdempotency().RequireAuthorization(Policies.Employee);
        vision.MapGet("/observations", ListObservationsAsync).WithSummary("Culture observations, newest first.").RequireAuthorization(Policies.Employee);
        vision.MapGet("/observations/{id}", GetObservationAsync).WithSummary("One culture observation.").RequireAuthorization(Policies.Employee);
        vision.MapDelete("/observations/{id}", DeleteObservationAsync).WithSummary("Deletes a culture observation (its author or a leader).").RequireAuthorization(Policies.Employee);

        vision.MapGet("/publish-rule", GetPublishRuleAsync).WithSummary("What a draft needs before it may be published; its ETag is the revision.").RequireAuthorization(Policies.Leader);
        vision.MapPut("/publish-rule", UpdatePublishRuleAsync).WithSummary("Replaces the publish rule (If-Match required).").RequireAuthorization(Policies.Owner);

        vision.MapGet("/versions", ListVersionsAsync).WithSummary("Published versions, newest first.").RequireAuthorization(Policies.Employee);
        vision.MapGet("/versions/{number:int}", GetVersionAsync).WithSummary("One published version.").RequireAuthorization(Policies.Employee);
        vision.MapGet("/versions/{number:int}/changes", GetVersionChangesAsync).WithSummary("What a version changed against the one before it.").RequireAuthorization(Policies.Employee);

        vision.MapVisionDraftEndpoints();
        return routes;
    }

    internal static IVisionGrain Vision(this IGrainFactory grains, Caller caller) => grains.GetGrain<IVisionGrain>(caller.OrganizationId + "/vision");

    /// <summary>If-Match where it is optional: the revision when sent (and 400 when malformed), null otherwise.</summary>
    internal static long? OptionalIfMatch(HttpContext context) =>
        context.Request.Headers.IfMatch.Count == 0 ? null : ETags.RequireIfMatch(context);

    private static async Task<Ok<PublishedVision>> GetCurrentAsync(Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await grains.Vision(caller).GetCurrentVersion() ?? throw new NotFoundException("A published vision"));

    private static async Task<Ok<VisionPurposeView>> GetPurposeAsync(Caller caller, IGrainFactory grains, HttpContext context)
    {
        var purpose = await grains.Vision(caller).GetPurpose();
        ETags.Set(context, purpose.Revision);
        return TypedResults.Ok(purpose);
    }

    private static async Task<Ok<VisionPurposeView>> UpdatePurposeAsync(VisionPurposeRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        ValidationFailedException.ThrowIfAny(VisionWorkshopRules.ValidatePurpose(request.AspirationalPurpose, request.CommonPurpose));
        var purpose = await grains.Vision(caller).UpdatePurpose(new VisionPurposeChange(request.AspirationalPurpose!, request.CommonPurpose!), caller.MemberId, expected);
        ETags.Set(context, purpose.Revision);
        return TypedResults.Ok(purpose);
    }

    private static async Task<Created<CultureObservationView>> AddObservationAsync(CultureObservationRequest request, Caller caller, IGrainFactory grains)
    {
        ValidationFailedException.ThrowIfAny(VisionWorkshopRules.ValidateObservation(request.Text, request.Area));
        var observation = await grains.Vision(caller).AddObservation(new NewCultureObservation(request.Text!, request.Area), caller.MemberId);
        return TypedResults.Created($"/api/v1/vision/observations/{observation.Id}", observation);
    }

    private static async Task<Ok<PagedList<CultureObservationView>>> ListObservationsAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(await grains.Vision(caller).ListObservations(page));

    private static async Task<Ok<CultureObservationView>> GetObservationAsync(string id, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await grains.Vision(caller).GetObservation(id));

    private static async Task<NoContent> DeleteObservationAsync(string id, Caller caller, IGrainFactory grains)
    {
        await grains.Vision(caller).DeleteObservation(id, caller.MemberId, caller.Role);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<VisionPublishRuleView>> GetPublishRuleAsync(Caller caller, IGrainFactory grains, HttpContext context)
    {
        var rule = await grains.Vision(caller).GetPublishRule();
        ETags.Set(context, rule.Revision);
        return TypedResults.Ok(rule);
    }

    private static async Task<Ok<VisionPublishRuleView>> UpdatePublishRuleAsync(VisionPublishRuleRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        ValidationFailedException.ThrowIfAny(VisionWorkshopRules.ParsePublishRule(request.RequiredApprovals, request.RestPeriodHours, request.BlockOnChangesRequested, out _));
        var change = new VisionPublishRuleChange(request.RequiredApprovals!.Value, request.RestPeriodHours!.Value, request.BlockOnChangesRequested!.Value);
        var rule = await grains.Vision(caller).UpdatePublishRule(change, caller.MemberId, expected);
        ETags.Set(context, rule.Revision);
        return TypedResults.Ok(rule);
    }

    private static async Task<Ok<PagedList<VisionVersionSummary>>> ListVersionsAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(await grains.Vision(caller).ListVersions(page));

    private static async Task<Ok<PublishedVision>> GetVersionAsync(int number, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await grains.Vision(caller).GetVersion(number));

    private static async Task<Ok<VisionVersionChanges>> GetVersionChangesAsync(int number, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await grains.Vision(caller).GetVersionChanges(number));
}
