using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Http;

/// <param name="From">The first UTC day of the window; <paramref name="To"/> the last (today).</param>
public sealed record UnrecognizedPillarsView(int Days, DateOnly From, DateOnly To, IReadOnlyList<PillarRef> Pillars);

/// <summary>Statistics of visible recognitions (/api/v1/recognitions/statistics): leaders.</summary>
public static class RecognitionStatisticsEndpoints
{
    public static IEndpointRouteBuilder MapRecognitionStatisticsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/recognitions/statistics").WithTags("Recognition");

        group.MapGet("/", GetAsync)
            .WithSummary("Counts of visible recognitions: in total, per pillar, per member, per department, per location and per ISO week.")
            .RequireAuthorization(Policies.Leader);
        group.MapGet("/unrecognized-pillars", UnrecognizedAsync)
            .WithSummary("Pillars of the published vision nobody was recognized for over the last ?days=90 days (1-366): a sign the vision is not lived there.")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static async Task<Ok<RecognitionStatisticsView>> GetAsync(Caller caller, IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<IRecognitionStatisticsGrain>(RecognitionKeys.Statistics(caller.OrganizationId)).GetStatistics();
        var pillars = (await RecognitionGiving.PillarsAsync(grains, caller.OrganizationId)).ToDictionary(p => p.Id, p => p.Text, StringComparer.Ordinal);
        var members = (await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).ListMembers()).ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        return TypedResults.Ok(statistics with
        {
            ByPillar = [.. statistics.ByPillar.Select(c => c with { Name = pillars.GetValueOrDefault(c.Id) })],
            ByMember = [.. statistics.ByMember.Select(c => c with { Name = members.GetValueOrDefault(c.Id) })],
        });
    }

    private static async Task<Ok<UnrecognizedPillarsView>> UnrecognizedAsync(Caller caller, IGrainFactory grains, TimeProvider time, HttpContext context)
    {
        var raw = context.Request.Query["days"].ToString();
        var days = RecognitionStatistics.DefaultWindowDays;
        if (raw.Length > 0 && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days < 1 || days > RecognitionStatistics.MaxWindowDays))
        {
            throw new ValidationFailedException("days", $"days must be a whole number from 1 to {RecognitionStatistics.MaxWindowDays}.");
        }

        var pillars = await RecognitionGiving.PillarsAsync(grains, caller.OrganizationId);
        var unrecognized = await grains.GetGrain<IRecognitionStatisticsGrain>(RecognitionKeys.Statistics(caller.OrganizationId)).UnrecognizedPillars(pillars, days);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(new UnrecognizedPillarsView(days, today.AddDays(-(days - 1)), today, unrecognized));
    }
}
