using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Http;

public sealed record HideRecognitionRequest(string? Reason);

public sealed record ReactionRequest(string? Kind);

public sealed record CommentRequest(string? Text);

/// <summary>
/// Recognitions (/api/v1/recognitions): any member gives, reads the feeds, reacts and comments;
/// leaders hide (with a reason, kept for audit) and see what is hidden.
/// </summary>
public static class RecognitionEndpoints
{
    public static IEndpointRouteBuilder MapRecognitionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/recognitions").WithTags("Recognition");

        group.MapPost("/", GiveAsync)
            .WithSummary("Recognizes a colleague for living the vision with a customer: a story tagged with pillars (and standards) of the published vision.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/", OrganizationFeedAsync)
            .WithSummary("The organization's feed: visible recognitions, newest first (paged).")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/departments/{departmentId}", DepartmentFeedAsync)
            .WithSummary("A department's feed: recognitions of its members (their department when recognized), newest first (paged).")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/locations/{locationId}", LocationFeedAsync)
            .WithSummary("A location's feed: recognitions of its members (their location when recognized), newest first (paged).")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/hidden", ListHiddenAsync)
            .WithSummary("Hidden recognitions with who hid them, when and why, newest first (paged): the audit trail.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/{recognitionId}", GetAsync)
            .WithSummary("One recognition; its ETag is the revision. Hidden ones are shown to leaders only.")
            .RequireAuthorization(Policies.Employee);
        group.MapPost("/{recognitionId}/hide", HideAsync)
            .WithSummary("Hides a recognition from feeds and statistics, with a reason kept for audit (If-Match required).")
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/{recognitionId}/reactions", ToggleReactionAsync)
            .WithSummary("Toggles your reaction of one kind (Applause, Heart, Star, Smile): adds it, or removes it when you had it.")
            .RequireAuthorization(Policies.Employee);
        group.MapGet("/{recognitionId}/comments", ListCommentsAsync)
            .WithSummary("Comments on a recognition, oldest first (paged).")
            .RequireAuthorization(Policies.Employee);
        group.MapPost("/{recognitionId}/comments", CommentAsync)
            .WithSummary("Comments on a recognition (at most 500 characters).")
            .WithIdempotency()
            .RequireAuthorization(Policies.Employee);
        return routes;
    }

    private static async Task<Created<RecognitionView>> GiveAsync(RecognitionInput request, Caller caller, IGrainFactory grains, TimeProvider time, HttpContext context)
    {
        var recognition = await RecognitionGiving.GiveAsync(grains, caller.OrganizationId, caller.MemberId, request, time.GetUtcNow());
        ETags.Set(context, recognition.Revision);
        return TypedResults.Created($"/api/v1/recognitions/{recognition.Id}", recognition);
    }

    private static async Task<Ok<PagedList<RecognitionView>>> OrganizationFeedAsync(Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(await FeedAsync(grains, caller, FeedFilter.Organization, page));

    private static async Task<Ok<PagedList<RecognitionView>>> DepartmentFeedAsync(string departmentId, Caller caller, IGrainFactory grains, PageRequest page)
    {
        await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).GetDepartment(departmentId);
        return TypedResults.Ok(await FeedAsync(grains, caller, new FeedFilter(departmentId, null), page));
    }

    private static async Task<Ok<PagedList<RecognitionView>>> LocationFeedAsync(string locationId, Caller caller, IGrainFactory grains, PageRequest page)
    {
        await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).GetLocation(locationId);
        return TypedResults.Ok(await FeedAsync(grains, caller, new FeedFilter(null, locationId), page));
    }

    /// <summary>
    /// One page across month grains: the statistics grain knows how many visible recognitions each
    /// month holds, so whole months before the page are skipped without being read.
    /// </summary>
    private static async Task<PagedList<RecognitionView>> FeedAsync(IGrainFactory grains, Caller caller, FeedFilter filter, PageRequest page)
    {
        var months = await grains.GetGrain<IRecognitionStatisticsGrain>(RecognitionKeys.Statistics(caller.OrganizationId)).Months(filter);
        var skip = (long)(page.Page - 1) * page.PageSize;
        var items = new List<RecognitionView>();
        foreach (var month in months)
        {
            if (items.Count >= page.PageSize)
            {
                break;
            }

            if (skip >= month.Count)
            {
                skip -= month.Count;
                continue;
            }

            var grain = grains.GetGrain<IRecognitionMonthGrain>(RecognitionKeys.Month(caller.OrganizationId, month.Month));
            items.AddRange(await grain.Feed(filter, (int)skip, page.PageSize - items.Count, caller.MemberId));
            skip = 0;
        }

        return new PagedList<RecognitionView>(items, page.Page, page.PageSize, months.Sum(m => m.Count));
    }

    private static async Task<Ok<PagedList<RecognitionView>>> ListHiddenAsync(Caller caller, IGrainFactory grains, PageRequest page)
    {
        var months = (await grains.GetGrain<IRecognitionStatisticsGrain>(RecognitionKeys.Statistics(caller.OrganizationId)).HiddenMonths()).ToList();
        var hidden = new List<RecognitionView>();
        foreach (var month in months)
        {
            hidden.AddRange(await grains.GetGrain<IRecognitionMonthGrain>(RecognitionKeys.Month(caller.OrganizationId, month)).ListHidden(caller.MemberId));
        }

        return TypedResults.Ok(PagedList.Of(hidden, page));
    }

    private static async Task<Ok<RecognitionView>> GetAsync(string recognitionId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var recognition = await RecognitionGiving.MonthOf(grains, caller.OrganizationId, recognitionId)
            .Find(recognitionId, caller.MemberId, includeHidden: caller.IsAtLeast(MemberRole.Leader))
            ?? throw new NotFoundException("The recognition");
        ETags.Set(context, recognition.Revision);
        return TypedResults.Ok(recognition);
    }

    private static async Task<Ok<RecognitionView>> HideAsync(string recognitionId, HideRecognitionRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var month = RecognitionGiving.MonthOf(grains, caller.OrganizationId, recognitionId);
        var expected = ETags.RequireIfMatch(context);
        var recognition = await month.Hide(recognitionId, request.Reason, caller.MemberId, expected);
        ETags.Set(context, recognition.Revision);
        return TypedResults.Ok(recognition);
    }

    private static async Task<Ok<ReactionsView>> ToggleReactionAsync(string recognitionId, ReactionRequest request, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await RecognitionGiving.MonthOf(grains, caller.OrganizationId, recognitionId).ToggleReaction(recognitionId, request.Kind, caller.MemberId));

    private static async Task<Ok<PagedList<CommentView>>> ListCommentsAsync(string recognitionId, Caller caller, IGrainFactory grains, PageRequest page) =>
        TypedResults.Ok(PagedList.Of(await RecognitionGiving.MonthOf(grains, caller.OrganizationId, recognitionId).ListComments(recognitionId), page));

    private static async Task<Created<CommentView>> CommentAsync(string recognitionId, CommentRequest request, Caller caller, IGrainFactory grains)
    {
        var month = RecognitionGiving.MonthOf(grains, caller.OrganizationId, recognitionId);
        var author = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).FindMember(caller.MemberId);
        var comment = await month.AddComment(recognitionId, request.Text, caller.MemberId, author?.Name);
        return TypedResults.Created($"/api/v1/recognitions/{recognitionId}/comments", comment);
    }
}
