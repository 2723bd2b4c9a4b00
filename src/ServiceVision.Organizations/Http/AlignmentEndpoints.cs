using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Alignment;
using ServiceVision.Domain.Plan;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

/// <summary>Alignment per department or location (/api/v1/alignment) and the latest survey scores (/api/v1/scores).</summary>
public static class AlignmentEndpoints
{
    private static readonly string[] Kinds = ["EmployeeInput", "Pulse", "CustomerFeedback"];
    private static readonly string[] Dimensions = ["Organization", "Location", "Department", "Touchpoint"];

    public static IEndpointRouteBuilder MapAlignmentEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/alignment", GetAlignmentAsync)
            .WithTags("Alignment")
            .WithSummary("An alignment score per department or location (by=department|location) from acknowledgements, training, pulse scores, recognitions per pillar and recoveries answered on time.")
            .RequireAuthorization(Policies.Leader);
        routes.MapGet("/api/v1/scores", GetScoresAsync)
            .WithTags("Alignment")
            .WithSummary("The latest survey scores per survey kind and group (organization, location, department, touchpoint); filter with kind= and dimension=.")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static async Task<Ok<PagedList<AlignmentGroupView>>> GetAlignmentAsync(Caller caller, IGrainFactory grains, TimeProvider time, PageRequest page, string? by = null)
    {
        var dimension = AnnouncementRules.TryParse<GroupDimension>(by ?? "department", out var parsed)
            ? parsed
            : throw new ValidationFailedException("by", "Group by department or location.");
        var groups = await PlanData.ReadAlignmentAsync(grains, caller.OrganizationId, dimension, time.GetUtcNow());
        return TypedResults.Ok(PagedList.Of(groups, page));
    }

    private static async Task<Ok<PagedList<LatestScoreView>>> GetScoresAsync(Caller caller, IGrainFactory grains, PageRequest page, string? kind = null, string? dimension = null)
    {
        var errors = new List<Domain.ValidationError>();
        if (kind is not null && !Kinds.Contains(kind, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new("kind", "A survey kind is EmployeeInput, Pulse or CustomerFeedback."));
        }

        if (dimension is not null && !Dimensions.Contains(dimension, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new("dimension", "A dimension is Organization, Location, Department or Touchpoint."));
        }

        ValidationFailedException.ThrowIfAny(errors);
        return TypedResults.Ok(await grains.GetGrain<IScoresGrain>(PlanKeys.Scores(caller.OrganizationId)).ListLatest(kind, dimension, page));
    }
}
