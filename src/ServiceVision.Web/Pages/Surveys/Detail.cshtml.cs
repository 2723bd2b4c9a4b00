using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Surveys;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Surveys;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Authoring;
using ServiceVision.Surveys.Http;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Surveys;

/// <summary>
/// One survey: its questions, opening and closing (POST /api/v1/surveys/{id}/open|close, with the
/// revision the page was loaded with), distribution to members by department, role and location
/// (POST …/distributions) and public customer links per location (POST/GET …/links), with a link to
/// its results. Distributing and creating a link go through the same <see cref="SurveyAuthoring"/>
/// as <see cref="SurveyEndpoints"/>.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class DetailModel(SurveyAuthoring authoring) : AppPageModel
{
    private static readonly PageRequest Options = new(1, 5_000);

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public SurveyView? Survey { get; private set; }

    public IReadOnlyList<LinkView> Links { get; private set; } = [];

    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];

    public IReadOnlyList<LocationView> Locations { get; private set; } = [];

    [BindProperty]
    public long Revision { get; set; }

    [BindProperty]
    public string? DepartmentId { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public string? LocationId { get; set; }

    [BindProperty]
    public int? ResponseCap { get; set; }

    /// <summary>The form a refusal belongs to, so its messages show next to that form's fields.</summary>
    public string? FailedForm { get; private set; }

    public string PublicUrl(string token) => $"{Request.Scheme}://{Request.Host}/api/v1/public/surveys/{Uri.EscapeDataString(token)}";

    public string DepartmentName(string? id) => id is null ? "any department" : Departments.FirstOrDefault(d => d.Id == id)?.Name ?? "a former department";

    public string LocationName(string? id) => id is null ? "any location" : Locations.FirstOrDefault(l => l.Id == id)?.Name ?? "a former location";

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostOpenAsync() =>
        await SubmitAndStayAsync(
            async () =>
            {
                await RequireSurveyAsync();
                await SurveyGrain.Open(Revision);
                return "The survey is open for responses.";
            },
            LoadAsync);

    public async Task<IActionResult> OnPostCloseAsync() =>
        await SubmitAndStayAsync(
            async () =>
            {
                await RequireSurveyAsync();
                await SurveyGrain.Close(Revision);
                return "The survey is closed; its final scores are published.";
            },
            LoadAsync);

    /// <summary>The same <see cref="SurveyAuthoring.DistributeAsync"/> as POST …/distributions.</summary>
    public async Task<IActionResult> OnPostDistributeAsync()
    {
        FailedForm = "distribute";
        return await SubmitAndStayAsync(
            async () =>
            {
                // A role the form cannot name goes on as no defined role, so the service refuses it with the API's message.
                MemberRole? role = null;
                if (TextRules.TrimToNull(Role) is { } roleName)
                {
                    role = MemberRules.TryParseRole(roleName, out var parsed) ? parsed : (MemberRole)(-1);
                }

                var result = await authoring.DistributeAsync(Me, Id, new DistributionRequest(TextRules.TrimToNull(DepartmentId), role, TextRules.TrimToNull(LocationId)));
                return $"Invited {result.Invited} member(s).";
            },
            LoadAsync);
    }

    /// <summary>The same <see cref="SurveyAuthoring.CreateLinkAsync"/> as POST …/links.</summary>
    public async Task<IActionResult> OnPostLinkAsync()
    {
        FailedForm = "link";
        return await SubmitAsync(
            async () =>
            {
                var link = await authoring.CreateLinkAsync(Me, Id, new LinkRequest(TextRules.TrimToNull(LocationId), ResponseCap), HttpContext.RequestAborted);
                Notice = link.LocationName is null ? "Public link created." : $"Public link for {link.LocationName} created.";
                return Redirect(Request.Path + "#links-h");
            },
            LoadAsync);
    }

    private ISurveyGrain SurveyGrain => Grains.GetGrain<ISurveyGrain>(SurveysKeys.Survey(Me.OrganizationId, Id));

    private Task<SurveyView> RequireSurveyAsync() => SurveyAuthoring.RequireSurveyAsync(Grains, Me, Id);

    private async Task LoadAsync()
    {
        Survey = await RequireSurveyAsync();
        Revision = Survey.Revision;
        Departments = (await Organization.ListDepartments(Options)).Items;
        Locations = (await Organization.ListLocations(null, Options)).Items;
        var organizationId = Me.OrganizationId;
        Links = await Task.WhenAll(Survey.Links.Select(l => Grains.GetGrain<ISurveyLinkGrain>(SurveysKeys.Link(organizationId, l.Id)).GetLink()));
    }
}
