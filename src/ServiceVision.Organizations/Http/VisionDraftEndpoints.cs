using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;

namespace ServiceVision.Organizations.Http;

/// <summary>A draft as a client writes it; on create, missing statement and items come from <see cref="BasedOnVersion"/>.</summary>
public sealed record VisionDraftRequest(string? Statement, IReadOnlyList<VisionItemInput?>? Items, int? BasedOnVersion);

public sealed record VisionReviewRequest(string? Verdict, string? Comment);

/// <summary>Drafts of the vision, their reviews and publishing (/api/v1/vision/drafts).</summary>
public static class VisionDraftEndpoints
{
    internal static RouteGroupBuilder MapVisionDraftEndpoints(this RouteGroupBuilder vision)
    {
        var drafts = vision.MapGroup("/drafts");
        drafts.MapPost("/", CreateAsync).WithSummary("Starts a draft, from scratch or as a copy of a published version (basedOnVersion).").WithIdempotency().RequireAuthorization(Policies.Leader);
        drafts.MapGet("/", ListAsync).WithSummary("Drafts of every status, newest first.").RequireAuthorization(Policies.Employee);
        drafts.MapGet("/{id}", GetAsync).WithSummary("A draft with its quality check, reviews and publish decision; its ETag is the revision.").RequireAuthorization(Policies.Employee);
        drafts.MapPut("/{id}", UpdateAsync).WithSummary("Edits an open draft (If-Match required); earlier reviews stop counting.").RequireAuthorization(Policies.Leader);
        drafts.MapDelete("/{id}", DiscardAsync).WithSummary("Discards an open draft (If-Match required).").RequireAuthorization(Policies.Leader);
        drafts.MapPost("/{id}/reviews", ReviewAsync).WithSummary("Approves a draft, requests changes or comments (If-Match optional).").WithIdempotency().RequireAuthorization(Policies.Leader);
        drafts.MapPost("/{id}/publish", PublishAsync).WithSummary("Publishes a draft as the next version when the publish rule allows it (If-Match optional).").WithIdempotency().RequireAuthorization(Policies.Leader);
        return vision;
    }

    private static async Task<Created<VisionDraftView>> CreateAsync(VisionDraftRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var draft = await grains.Vision(caller).CreateDraft(ToInput(request), caller.MemberId);
        ETags.Set(context, draft.Revision);
        return TypedResults.Created(DraftUri(draft.Id), draft);
    }

    private static async Task<Ok<PagedList<VisionDraftSummary>>> ListAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(await grains.Vision(caller).ListDrafts(page));

    private static async Task<Ok<VisionDraftView>> GetAsync(string id, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var draft = await grains.Vision(caller).GetDraft(id);
        ETags.Set(context, draft.Revision);
        return TypedResults.Ok(draft);
    }

    private static async Task<Ok<VisionDraftView>> UpdateAsync(string id, VisionDraftRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        var draft = await grains.Vision(caller).UpdateDraft(id, ToInput(request), caller.MemberId, expected);
        ETags.Set(context, draft.Revision);
        return TypedResults.Ok(draft);
    }

    private static async Task<NoContent> DiscardAsync(string id, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        await grains.Vision(caller).DiscardDraft(id, caller.MemberId, expected);
        return TypedResults.NoContent();
    }

    private static async Task<Created<VisionReviewView>> ReviewAsync(string id, VisionReviewRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = VisionEndpoints.OptionalIfMatch(context);
        ValidationFailedException.ThrowIfAny(VisionWorkshopRules.ValidateReview(request.Verdict, request.Comment, out var verdict));
        var review = await grains.Vision(caller).AddReview(id, new NewVisionReview(verdict, request.Comment), caller.MemberId, expected);
        return TypedResults.Created(DraftUri(id), review);
    }

    private static async Task<Results<Created<PublishedVision>, ProblemHttpResult>> PublishAsync(string id, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var expected = VisionEndpoints.OptionalIfMatch(context);
        var outcome = await grains.Vision(caller).Publish(id, caller.MemberId, expected);
        if (outcome.Version is not { } version)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The draft can't be published yet.",
                detail: "The draft can't be published yet: " + string.Join("; ", outcome.Reasons) + ".",
                extensions: new Dictionary<string, object?> { ["reasons"] = outcome.Reasons });
        }

        await audit.RecordAsync(caller, AuditKind.VisionPublished, id, $"Draft published as vision version {version.Number}.");
        return TypedResults.Created($"/api/v1/vision/versions/{version.Number}", version);
    }

    private static VisionDraftInput ToInput(VisionDraftRequest request) => new(request.Statement, request.Items, request.BasedOnVersion);

    private static string DraftUri(string id) => $"/api/v1/vision/drafts/{Uri.EscapeDataString(id)}";
}
