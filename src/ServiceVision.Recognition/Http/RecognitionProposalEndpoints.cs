using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Http;

/// <summary>Recognitions proposed from customers' comments that name a member (/api/v1/recognitions/proposals): leaders.</summary>
public static class RecognitionProposalEndpoints
{
    public static IEndpointRouteBuilder MapRecognitionProposalEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/recognitions/proposals").WithTags("Recognition");

        group.MapGet("/", ListAsync)
            .WithSummary("Proposed recognitions, newest first (paged); ?status=Pending|Accepted|Dismissed.")
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/{proposalId}/accept", AcceptAsync)
            .WithSummary("Accepts a proposal: the recognition is given by you, linked to the customer's response, with the pillars you choose.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        group.MapPost("/{proposalId}/dismiss", DismissAsync)
            .WithSummary("Dismisses a proposal.")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static IRecognitionProposalsGrain Proposals(IGrainFactory grains, Caller caller) =>
        grains.GetGrain<IRecognitionProposalsGrain>(RecognitionKeys.Proposals(caller.OrganizationId));

    private static async Task<Ok<PagedList<RecognitionProposalView>>> ListAsync(Caller caller, IGrainFactory grains, PageRequest page, HttpContext context) =>
        TypedResults.Ok(await Proposals(grains, caller).List(StatusQuery.Parse<ProposalStatus>(context), page));

    private static async Task<Created<RecognitionView>> AcceptAsync(string proposalId, ProposalAcceptance request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var recognition = await Proposals(grains, caller).Accept(proposalId, request, caller.MemberId);
        ETags.Set(context, recognition.Revision);
        return TypedResults.Created($"/api/v1/recognitions/{recognition.Id}", recognition);
    }

    private static async Task<Ok<RecognitionProposalView>> DismissAsync(string proposalId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Proposals(grains, caller).Dismiss(proposalId, caller.MemberId));
}

/// <summary>The optional <c>?status=</c> filter of a list: 400 <c>status</c> for a value that is not one of the enum's names.</summary>
internal static class StatusQuery
{
    public static TStatus? Parse<TStatus>(HttpContext context)
        where TStatus : struct, Enum
    {
        var raw = context.Request.Query["status"].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        return Enum.TryParse<TStatus>(raw, ignoreCase: true, out var status) && Enum.IsDefined(status) && !raw.Any(char.IsDigit)
            ? status
            : throw new ValidationFailedException("status", "status is one of " + string.Join(", ", Enum.GetNames<TStatus>()) + ".");
    }
}
