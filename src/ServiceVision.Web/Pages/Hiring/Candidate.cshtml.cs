using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Hiring;

/// <summary>
/// A candidate with their scorecard, every interviewer's evaluation and the overall recommendation
/// (GET /api/v1/hiring/candidates/{id}); record your evaluation (POST …/evaluations: a score per
/// criterion and notes) or delete the candidate with the loaded revision (DELETE …/candidates/{id}). Leader.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class CandidateModel : AppPageModel
{
    private Dictionary<string, string> names = new(StringComparer.Ordinal);

    [BindProperty(SupportsGet = true)]
    public string CandidateId { get; set; } = "";

    public CandidateView? Candidate { get; private set; }

    /// <summary>The criterion each score of <see cref="Scores"/> is for (a hidden field per row).</summary>
    [BindProperty]
    public List<string> CriterionIds { get; set; } = [];

    /// <summary>Text, so what cannot be read as a whole number is refused next to its criterion; blank is not scored.</summary>
    [BindProperty]
    public List<string?> Scores { get; set; } = [];

    [BindProperty]
    public string? Notes { get; set; }

    [BindProperty]
    public long Revision { get; set; }

    /// <summary>Whether the refusal shown is the delete form's (else the evaluation form's).</summary>
    public bool DeleteRefused { get; private set; }

    /// <summary>Whether the caller has evaluated this candidate (each interviewer gives one evaluation).</summary>
    public bool EvaluatedByMe => Candidate?.Evaluations.Any(e => e.InterviewerId == Me.MemberId) == true;

    public string NameOf(string memberId) => names.TryGetValue(memberId, out var name) ? name : "A former member";

    public string TitleOf(string criterionId) => Candidate?.Scorecard.Criteria.FirstOrDefault(c => c.Id == criterionId)?.Title ?? criterionId;

    /// <summary>What was typed for a criterion when the form was refused.</summary>
    public string? Typed(string criterionId)
    {
        var index = CriterionIds.IndexOf(criterionId);
        return index >= 0 && index < Scores.Count ? Scores[index] : null;
    }

    public static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private IHiringGrain Hiring => Grains.GetGrain<IHiringGrain>(Me.OrganizationId + "/hiring");

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostEvaluateAsync()
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < CriterionIds.Count; i++)
        {
            var typed = i < Scores.Count ? Scores[i]?.Trim() : null;
            if (string.IsNullOrEmpty(typed))
            {
                continue;
            }

            if (int.TryParse(typed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var score))
            {
                scores[CriterionIds[i]] = score;
            }
            else
            {
                ModelState.AddModelError($"scores[{CriterionIds[i]}]", "A score is a whole number from 1 to 5.");
            }
        }

        return await SubmitAndStayAsync(
            async () =>
            {
                var evaluation = await Hiring.Evaluate(CandidateId, new EvaluationInput(scores, Notes), Me.MemberId);
                return $"Evaluation recorded: {evaluation.Recommendation} ({Format(evaluation.WeightedAverage)}).";
            },
            LoadAsync);
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        DeleteRefused = true;
        return await SubmitAsync(
            async () =>
            {
                await Hiring.RemoveCandidate(CandidateId, Revision);
                Notice = "Candidate deleted.";
                return Redirect("/app/hiring");
            },
            LoadAsync);
    }

    private async Task LoadAsync()
    {
        Candidate = await Hiring.GetCandidate(CandidateId);
        names = (await Organization.ListMembers()).ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
    }
}
