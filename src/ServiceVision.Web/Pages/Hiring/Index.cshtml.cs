using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Hiring;

/// <summary>
/// The hiring scorecard of the published vision with leaders' own interview questions to add and
/// remove, and the candidates with their recommendation and a form to add one
/// (GET /api/v1/hiring/scorecard, POST/DELETE …/criteria/{id}/questions[/{id}], GET/POST …/candidates). Leader.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class IndexModel : AppPageModel
{
    /// <summary>The candidate form's name when it was refused (the question forms use their criterion id).</summary>
    public const string CandidateForm = "candidate";

    public Scorecard? Scorecard { get; private set; }

    public IReadOnlyList<CandidateSummary>? Candidates { get; private set; }

    /// <summary>The form whose refusal is shown (its fields keep what was typed).</summary>
    public string? FailedForm { get; private set; }

    [BindProperty]
    public string? CriterionId { get; set; }

    [BindProperty]
    public string? QuestionId { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Position { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    private IHiringGrain Hiring => Grains.GetGrain<IHiringGrain>(Me.OrganizationId + "/hiring");

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAddQuestionAsync()
    {
        FailedForm = CriterionId;
        return await SubmitAndStayAsync(
            async () =>
            {
                await Hiring.AddQuestion(CriterionId ?? "", Text, Me.MemberId);
                return "Question added.";
            },
            LoadAsync);
    }

    public async Task<IActionResult> OnPostRemoveQuestionAsync()
    {
        FailedForm = CriterionId;
        return await SubmitAndStayAsync(
            async () =>
            {
                await Hiring.RemoveQuestion(CriterionId ?? "", QuestionId ?? "");
                return "Question removed.";
            },
            LoadAsync);
    }

    public async Task<IActionResult> OnPostAddCandidateAsync()
    {
        FailedForm = CandidateForm;
        return await SubmitAsync(
            async () =>
            {
                var candidate = await Hiring.CreateCandidate(new NewCandidate(Name, Position, Email), Me.MemberId);
                Notice = $"{candidate.Name} added: record your evaluation below.";
                return Redirect("/app/hiring/candidates/" + Uri.EscapeDataString(candidate.Id));
            },
            LoadAsync);
    }

    private async Task LoadAsync()
    {
        try
        {
            Scorecard = await Hiring.GetScorecard();
        }
        catch (ConflictException)
        {
            // No vision is published yet: the page says so.
        }

        Candidates = await Hiring.ListCandidates();
    }
}
