using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Authoring;
using ServiceVision.Surveys.Grains;

namespace ServiceVision.Surveys.Http;

public sealed record SurveyRequest(
    SurveyKind? Kind,
    string? Title,
    string? Description,
    IReadOnlyList<QuestionInput?>? Questions,
    SurveyRecurrence? Recurrence,
    int? AnonymityThreshold,
    int? CommentThreshold);

public sealed record LinkRequest(string? LocationId, int? ResponseCap);

public sealed record DistributionRequest(string? DepartmentId, MemberRole? Role, string? LocationId);

public sealed record DistributionResult(int Invited);

public sealed record TagsRequest(IReadOnlyList<string?>? Tags);

/// <summary>One round's organization-wide scores (suppressed under the threshold).</summary>
public sealed record TrendPoint(int Round, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, bool Suppressed, int? Responses, ScoreSummary? Scores);

/// <summary>
/// Surveys (/api/v1/surveys): leaders design, open, distribute and read results. Results never show a
/// group under the survey's anonymity threshold (see SurveyResults).
/// </summary>
public static class SurveyEndpoints
{
    public const int MaxTrendRounds = 26;

    public static IEndpointRouteBuilder MapSurveyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/surveys").WithTags("Surveys");
        group.MapGet("/", ListAsync).WithSummary("Surveys, newest first; ?status=Draft|Open|Closed.").RequireAuthorization(Policies.Leader);
        group.MapPost("/", CreateAsync).WithSummary("Creates a draft survey; a kind's standard questions when none are given.").WithIdempotency().RequireAuthorization(Policies.Leader);
        group.MapGet("/{surveyId}", GetAsync).WithSummary("A survey with its questions, rounds, links and distributions (ETag).").RequireAuthorization(Policies.Leader);
        group.MapPut("/{surveyId}", UpdateAsync).WithSummary("Replaces a draft's definition (If-Match).").RequireAuthorization(Policies.Leader);
        group.MapPost("/{surveyId}/open", OpenAsync).WithSummary("Opens a draft for responses (If-Match).").RequireAuthorization(Policies.Leader);
        group.MapPost("/{surveyId}/close", CloseAsync).WithSummary("Closes an open survey and publishes its final scores (If-Match).").RequireAuthorization(Policies.Leader);
        group.MapPost("/{surveyId}/links", CreateLinkAsync).WithSummary("Creates a public link (for a location) that customers answer without signing in.").WithIdempotency().RequireAuthorization(Policies.Leader);
        group.MapGet("/{surveyId}/links", ListLinksAsync).WithSummary("The survey's public links with how many responses each accepted.").RequireAuthorization(Policies.Leader);
        group.MapDelete("/{surveyId}/links/{linkId}", RevokeLinkAsync).WithSummary("Revokes a public link: its token stops working.").RequireAuthorization(Policies.Leader);
        group.MapPost("/{surveyId}/distributions", DistributeAsync).WithSummary("Invites the members of a department, role and/or location (each answers once per round).").WithIdempotency().RequireAuthorization(Policies.Leader);
        group.MapGet("/{surveyId}/results", ResultsAsync).WithSummary("Counts, scores, distributions, breakdown, comments and pain points, under the anonymity rules.").RequireAuthorization(Policies.Leader);
        group.MapGet("/{surveyId}/results/export", ExportAsync).WithSummary("The results as CSV (text/csv).").Produces<string>(200, "text/csv").RequireAuthorization(Policies.Leader);
        group.MapGet("/{surveyId}/trend", TrendAsync).WithSummary("Organization-wide scores per round of a recurring survey (latest 26 rounds).").RequireAuthorization(Policies.Leader);
        group.MapPut("/{surveyId}/responses/{responseId}/tags", TagAsync).WithSummary("Replaces a leader's pain-point tags on a response.").RequireAuthorization(Policies.Leader);

        var settings = routes.MapGroup("/api/v1/survey-settings").WithTags("Surveys");
        settings.MapGet("/", GetSettingsAsync).WithSummary("How many hours a service recovery must be answered in (ETag).").RequireAuthorization(Policies.Leader);
        settings.MapPut("/", UpdateSettingsAsync).WithSummary("Sets the hours a service recovery must be answered in (If-Match).").RequireAuthorization(Policies.Owner);
        return routes;
    }

    internal static ISurveyGrain Survey(IGrainFactory grains, Caller caller, string surveyId) =>
        grains.GetGrain<ISurveyGrain>(SurveysKeys.Survey(caller.OrganizationId, surveyId));

    private static async Task<Ok<PagedList<SurveySummary>>> ListAsync(Caller caller, IGrainFactory grains, PageRequest page, string? status)
    {
        SurveyStatus? filter = null;
        if (status is not null)
        {
            filter = Enum.TryParse<SurveyStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new ValidationFailedException("status", "The status is Draft, Open or Closed.");
        }

        return TypedResults.Ok(await grains.GetGrain<ISurveyCatalogGrain>(SurveysKeys.Catalog(caller.OrganizationId)).List(filter, page));
    }

    private static async Task<Created<SurveyView>> CreateAsync(SurveyRequest request, Caller caller, SurveyAuthoring authoring, HttpContext context)
    {
        var view = await authoring.CreateAsync(caller, request);
        ETags.Set(context, view.Revision);
        return TypedResults.Created($"/api/v1/surveys/{view.Id}", view);
    }

    private static async Task<Ok<SurveyView>> GetAsync(string surveyId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var view = await SurveyAuthoring.RequireSurveyAsync(grains, caller, surveyId);
        ETags.Set(context, view.Revision);
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<SurveyView>> UpdateAsync(string surveyId, SurveyRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var current = await SurveyAuthoring.RequireSurveyAsync(grains, caller, surveyId);
        var expected = ETags.RequireIfMatch(context);
        var errors = new List<ValidationError>();
        if (request.Kind is { } kind && kind != current.Kind)
        {
            errors.Add(new("kind", "A survey's kind cannot change; create another survey."));
        }

        var definition = SurveyAuthoring.CheckDefinition(request, current.Kind, errors);
        ValidationFailedException.ThrowIfAny(errors);
        var view = await Survey(grains, caller, surveyId).Update(definition, expected);
        ETags.Set(context, view.Revision);
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<SurveyView>> OpenAsync(string surveyId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        await SurveyAuthoring.RequireSurveyAsync(grains, caller, surveyId);
        var view = await Survey(grains, caller, surveyId).Open(ETags.RequireIfMatch(context));
        ETags.Set(context, view.Revision);
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<SurveyView>> CloseAsync(string surveyId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        await SurveyAuthoring.RequireSurveyAsync(grains, caller, surveyId);
        var view = await Survey(grains, caller, surveyId).Close(ETags.RequireIfMatch(context));
        ETags.Set(context, view.Revision);
        return TypedResults.Ok(view);
    }

    private static async Task<Created<LinkView>> CreateLinkAsync(string surveyId, LinkRequest request, Caller caller, SurveyAuthoring authoring, HttpContext context)
    {
        var link = await authoring.CreateLinkAsync(caller, surveyId, request, context.RequestAborted);
        return TypedResults.Created($"/api/v1/public/surveys/{link.Token}", link);
    }

    private static async Task<Ok<PagedList<LinkView>>> ListLinksAsync(string surveyId, Caller caller, IGrainFactory grains, PageRequest page)
    {
        var survey = await SurveyAuthoring.RequireSurveyAsync(grains, caller, surveyId);
        var links = PagedList.Of(survey.Links, page);
        var views = await Task.WhenAll(links.Items.Select(l => grains.GetGrain<ISurveyLinkGrain>(SurveysKeys.Link(caller.OrganizationId, l.Id)).GetLink()));
        return TypedResults.Ok(new PagedList<LinkView>(views, links.Page, links.PageSize, links.Total));
    }

    private static async Task<NoContent> RevokeLinkAsync(string surveyId, string linkId, Caller caller, IGrainFactory grains, IGrainStorage store, HttpContext context)
    {
        var survey = await SurveyAuthoring.RequireSurveyAsync(grains, caller, surveyId);
        var link = survey.Links.FirstOrDefault(l => l.Id == linkId) ?? throw new NotFoundException("The link");
        await grains.GetGrain<ISurveyLinkGrain>(SurveysKeys.Link(caller.OrganizationId, linkId)).Revoke();
        await Survey(grains, caller, surveyId).RemoveLink(linkId);
        if (await store.ReadAsync(SurveysKeys.LinkTokenType, link.Token, context.RequestAborted) is { } stored)
        {
            await store.ClearAsync(SurveysKeys.LinkTokenType, link.Token, stored.Version, context.RequestAborted);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Created<DistributionResult>> DistributeAsync(string surveyId, DistributionRequest request, Caller caller, SurveyAuthoring authoring) =>
        TypedResults.Created($"/api/v1/surveys/{surveyId}", await authoring.DistributeAsync(caller, surveyId, request));

    private static async Task<(SurveyView Survey, SurveyResultsView Results)> ComputeAsync(string surveyId, Caller caller, IGrainFactory grains, HttpRequest http)
    {
        var survey = await SurveyAuthoring.RequireSurveyAsync(grains, caller, surveyId);
        var errors = new List<ValidationError>();
        var query = http.Query;
        string? Param(string name) => query.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;
        var round = survey.Round;
        if (Param("round") is { } rawRound && (!int.TryParse(rawRound, NumberStyles.None, CultureInfo.InvariantCulture, out round) || round < 1 || round > survey.Round))
        {
            errors.Add(new("round", $"The round is from 1 to {Math.Max(1, survey.Round)}."));
        }

        ResultDimension? breakdown = null;
        if (Param("breakdown") is { } rawBreakdown)
        {
            breakdown = Enum.TryParse<ResultDimension>(rawBreakdown, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : null;
            if (breakdown is null)
            {
                errors.Add(new("breakdown", "Break down by Location, Department, Touchpoint or Week."));
            }
        }

        var week = Param("week");
        if (week is not null && !DateOnly.TryParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add(new("week", "The week is the date of its Monday, yyyy-MM-dd."));
        }

        var filter = new ResultsFilter(Param("locationId"), Param("departmentId"), Param("touchpoint"), week);
        foreach (var (name, value) in new[] { ("locationId", filter.LocationId), ("departmentId", filter.DepartmentId), ("touchpoint", filter.Touchpoint) })
        {
            if (value is { Length: > SurveyRules.MaxTouchpointLength })
            {
                errors.Add(new(name, $"At most {SurveyRules.MaxTouchpointLength} characters."));
            }
        }

        if (filter.Terms().Count() > SurveyResults.MaxFilters)
        {
            errors.Add(new("filters", $"Combine at most {SurveyResults.MaxFilters} of locationId, departmentId, touchpoint and week."));
        }

        ValidationFailedException.ThrowIfAny(errors);
        var responses = await SurveyResponses.ReadAsync(grains, caller.OrganizationId, surveyId, round);
        var results = SurveyResults.Compute(survey.Questions, responses, filter, breakdown, new AnonymityThresholds(survey.AnonymityThreshold, survey.CommentThreshold));
        return (survey, results);
    }

    private static async Task<Ok<SurveyResultsView>> ResultsAsync(string surveyId, Caller caller, IGrainFactory grains, HttpContext context) =>
        TypedResults.Ok((await ComputeAsync(surveyId, caller, grains, context.Request)).Results);

    private static async Task<FileContentHttpResult> ExportAsync(string surveyId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var (survey, results) = await ComputeAsync(surveyId, caller, grains, context.Request);
        var csv = SurveyCsv.Export(survey.Questions, results);
        return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"survey-{surveyId}-results.csv");
    }

    private static async Task<Ok<IReadOnlyList<TrendPoint>>> TrendAsync(string surveyId, Caller caller, IGrainFactory grains)
    {
        var survey = await SurveyAuthoring.RequireSurveyAsync(grains, caller, surveyId);
        var thresholds = new AnonymityThresholds(survey.AnonymityThreshold, survey.CommentThreshold);
        var rounds = survey.Rounds.TakeLast(MaxTrendRounds).ToList();
        var points = new List<TrendPoint>(rounds.Count);
        foreach (var round in rounds)
        {
            var responses = await SurveyResponses.ReadAsync(grains, caller.OrganizationId, surveyId, round.Number);
            var whole = SurveyResults.Compute(survey.Questions, responses, ResultsFilter.None, null, thresholds);
            points.Add(new TrendPoint(round.Number, round.StartedAt, round.EndedAt, whole.Suppressed, whole.Responses, whole.Scores));
        }

        return TypedResults.Ok<IReadOnlyList<TrendPoint>>(points);
    }

    private static async Task<NoContent> TagAsync(string surveyId, string responseId, TagsRequest request, Caller caller, IGrainFactory grains)
    {
        await SurveyAuthoring.RequireSurveyAsync(grains, caller, surveyId);
        if (SurveysKeys.ParseResponseId(responseId) is not { } where)
        {
            throw new NotFoundException("The response");
        }

        var errors = new List<ValidationError>();
        var tags = request.Tags ?? [];
        if (request.Tags is null || tags.Count > PainPoints.MaxLeaderTags)
        {
            errors.Add(new("tags", $"Give 0 to {PainPoints.MaxLeaderTags} tags."));
        }

        for (var i = 0; i < tags.Count && errors.Count == 0; i++)
        {
            TextRules.RequireLine(errors, $"tags[{i}]", tags[i], PainPoints.MaxTagLength);
        }

        ValidationFailedException.ThrowIfAny(errors);
        await grains.GetGrain<IResponseBucketGrain>(SurveysKeys.Bucket(caller.OrganizationId, surveyId, where.Round, where.Shard))
            .SetLeaderTags(responseId, [.. tags.Select(t => t!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)]);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<SurveySettingsView>> GetSettingsAsync(Caller caller, IGrainFactory grains, HttpContext context)
    {
        var view = await grains.GetGrain<ISurveyCatalogGrain>(SurveysKeys.Catalog(caller.OrganizationId)).GetSettings();
        ETags.Set(context, view.Revision);
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<SurveySettingsView>> UpdateSettingsAsync(SettingsRequest request, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var expected = ETags.RequireIfMatch(context);
        if (request.RecoveryResponseHours is not { } hours)
        {
            throw new ValidationFailedException("recoveryResponseHours", "Give a whole number of hours from 1 to 720.");
        }

        var view = await grains.GetGrain<ISurveyCatalogGrain>(SurveysKeys.Catalog(caller.OrganizationId)).UpdateSettings(hours, caller.MemberId, expected);
        ETags.Set(context, view.Revision);
        return TypedResults.Ok(view);
    }
}

public sealed record SettingsRequest(int? RecoveryResponseHours);

/// <summary>What the platform-wide link-token index holds.</summary>
public sealed record LinkTokenEntry(string OrganizationId, string LinkId);
