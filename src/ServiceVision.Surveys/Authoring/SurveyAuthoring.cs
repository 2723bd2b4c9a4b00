using System.Text.Json;
using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;
using ServiceVision.Grains.Storage;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Http;

namespace ServiceVision.Surveys.Authoring;

/// <summary>
/// Designing and sending out a survey: checking a definition and creating the draft, distributing it
/// to members, creating a public link. The API (<see cref="SurveyEndpoints"/>) and the web app's
/// survey pages both call it, so their checks and steps cannot drift apart; HTTP concerns (ETags,
/// Location, idempotency) stay with the endpoints.
/// </summary>
public sealed class SurveyAuthoring(IGrainFactory grains, IGrainStorage store)
{
    public const int DefaultResponseCap = 10_000;
    public const int MaxResponseCap = 64_000;

    /// <summary>A survey of the caller's organization; 404 for a malformed id without activating anything.</summary>
    public static async Task<SurveyView> RequireSurveyAsync(IGrainFactory grains, Caller caller, string surveyId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        return TextRules.IsWellFormedId(surveyId) ? await Survey(grains, caller, surveyId).GetSurvey() : throw new NotFoundException("The survey");
    }

    /// <summary>Checks a definition into <paramref name="errors"/>; missing questions are the kind's standard questions.</summary>
    public static SurveyDefinition CheckDefinition(SurveyRequest request, SurveyKind kind, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        TextRules.RequireLine(errors, "title", request.Title, SurveyRules.MaxTitleLength);
        TextRules.OptionalParagraphs(errors, "description", request.Description, SurveyRules.MaxDescriptionLength);
        IReadOnlyList<SurveyQuestion> questions = SurveyRules.SeedQuestions(kind);
        if (request.Questions is not null)
        {
            var check = SurveyRules.CheckQuestions(request.Questions);
            errors.AddRange(check.Errors);
            questions = check.Questions;
        }

        if (request.Recurrence is { } recurrence && !Enum.IsDefined(recurrence))
        {
            errors.Add(new("recurrence", "The recurrence is None, Weekly, Biweekly, Monthly or Quarterly."));
        }

        var groups = request.AnonymityThreshold ?? SurveyRules.DefaultAnonymityThreshold;
        var comments = request.CommentThreshold ?? Math.Max(SurveyRules.DefaultCommentThreshold, groups);
        SurveyRules.CheckThresholds(errors, groups, comments);
        return new SurveyDefinition(request.Title?.Trim() ?? "", TextRules.TrimToNull(request.Description), questions, request.Recurrence ?? SurveyRecurrence.None, groups, comments);
    }

    /// <summary>Creates a draft survey; 400 naming kind, title, description, questions[i]…, recurrence or the thresholds.</summary>
    public async Task<SurveyView> CreateAsync(Caller caller, SurveyRequest request)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ValidationError>();
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add(new("kind", "The kind is required: EmployeeInput, Pulse or CustomerFeedback."));
            kind = SurveyKind.CustomerFeedback;
        }

        var definition = CheckDefinition(request, kind, errors);
        ValidationFailedException.ThrowIfAny(errors);
        var id = SurveysKeys.NewId("svy");
        return await Survey(grains, caller, id).Create(new NewSurvey(kind, definition, caller.MemberId));
    }

    /// <summary>
    /// Invites the members of a department, role and/or location (each answers once per round) and
    /// records the distribution. 404 survey; 409 customer feedback survey or closed; 400 naming
    /// departmentId, locationId or role.
    /// </summary>
    public async Task<DistributionResult> DistributeAsync(Caller caller, string surveyId, DistributionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var survey = await RequireSurveyAsync(grains, caller, surveyId);
        var organization = grains.GetGrain<IOrganizationGrain>(caller.OrganizationId);
        var errors = new List<ValidationError>();
        if (survey.Kind == SurveyKind.CustomerFeedback)
        {
            throw new ConflictException("A customer feedback survey is answered through public links, not by members.");
        }

        if (survey.Status == SurveyStatus.Closed)
        {
            throw new ConflictException("This survey is closed.");
        }

        if (request.DepartmentId is not null)
        {
            try
            {
                await organization.GetDepartment(request.DepartmentId);
            }
            catch (NotFoundException)
            {
                errors.Add(new("departmentId", "There is no such department."));
            }
        }

        if (request.LocationId is not null)
        {
            await LocationNameAsync(caller, request.LocationId, errors);
        }

        if (request.Role is { } role && !Enum.IsDefined(role))
        {
            errors.Add(new("role", "The role is Employee, Leader or Owner."));
        }

        ValidationFailedException.ThrowIfAny(errors);
        var filter = new MemberFilter(request.DepartmentId, request.Role, request.LocationId);
        var members = new List<string>();
        for (var pageNumber = 1; ; pageNumber++)
        {
            var page = await organization.QueryMembers(filter, new PageRequest(pageNumber, PageRequest.MaxPageSize));
            members.AddRange(page.Items.Select(m => m.Id));
            if (page.Items.Count < PageRequest.MaxPageSize)
            {
                break;
            }
        }

        var invitation = new SurveyInvitation(surveyId, survey.Title, survey.Kind, DateTimeOffset.UtcNow);
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (memberId, _) =>
            await grains.GetGrain<ISurveyMemberGrain>(SurveysKeys.Member(caller.OrganizationId, memberId)).Invite(invitation));
        await Survey(grains, caller, surveyId).RecordDistribution(new DistributionRecordInput(request.DepartmentId, request.Role?.ToString(), request.LocationId, members.Count, caller.MemberId));
        return new DistributionResult(members.Count);
    }

    /// <summary>
    /// Creates a public link (for a location) that customers answer without signing in, and indexes
    /// its token platform-wide. 404 survey; 400 naming responseCap or locationId; 409 from the survey
    /// (not customer feedback, closed, too many links).
    /// </summary>
    public async Task<LinkView> CreateLinkAsync(Caller caller, string surveyId, LinkRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await RequireSurveyAsync(grains, caller, surveyId);
        var errors = new List<ValidationError>();
        var cap = request.ResponseCap ?? DefaultResponseCap;
        if (cap < 1 || cap > MaxResponseCap)
        {
            errors.Add(new("responseCap", $"The response cap is from 1 to {MaxResponseCap}."));
        }

        string? locationName = null;
        if (request.LocationId is not null)
        {
            locationName = await LocationNameAsync(caller, request.LocationId, errors);
        }

        ValidationFailedException.ThrowIfAny(errors);
        var linkId = SurveysKeys.NewId("lnk");
        var token = SurveysKeys.NewLinkToken();
        await Survey(grains, caller, surveyId).AddLink(new SurveyLinkRecordInput(linkId, request.LocationId, cap, token, caller.MemberId));
        var link = await grains.GetGrain<ISurveyLinkGrain>(SurveysKeys.Link(caller.OrganizationId, linkId))
            .Initialize(new LinkSetup(surveyId, request.LocationId, locationName, cap, token, DateTimeOffset.UtcNow));

        // The platform-wide index a public request resolves the token with (it carries no organization).
        await store.WriteAsync(SurveysKeys.LinkTokenType, token, JsonSerializer.Serialize(new LinkTokenEntry(caller.OrganizationId, linkId), JsonSerializerOptions.Web), 0, cancellationToken);
        return link;
    }

    private static ISurveyGrain Survey(IGrainFactory grains, Caller caller, string surveyId) =>
        grains.GetGrain<ISurveyGrain>(SurveysKeys.Survey(caller.OrganizationId, surveyId));

    /// <summary>The location's name, or an error on locationId when the organization has no such location.</summary>
    private async Task<string?> LocationNameAsync(Caller caller, string locationId, List<ValidationError> errors)
    {
        if (!TextRules.IsWellFormedId(locationId))
        {
            errors.Add(new("locationId", "There is no such location."));
            return null;
        }

        try
        {
            return (await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).GetLocation(locationId)).Name;
        }
        catch (NotFoundException)
        {
            errors.Add(new("locationId", "There is no such location."));
            return null;
        }
    }
}
