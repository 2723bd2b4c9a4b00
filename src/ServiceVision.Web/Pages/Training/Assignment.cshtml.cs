using Microsoft.AspNetCore.Mvc;
using ServiceVision.Domain.Training;
using ServiceVision.Training;
using ServiceVision.Training.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Training;

/// <summary>
/// Taking an assignment: its modules, questions and acknowledgements (GET /api/v1/training/assignments/{id});
/// each module's answers are graded by the member's training grain (POST .../modules/{moduleId}/answers).
/// </summary>
public sealed class AssignmentModel : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public AssignmentView? Assignment { get; private set; }

    /// <summary>The module just submitted (its errors show next to its questions).</summary>
    public string? ModuleId { get; private set; }

    private IMemberTrainingGrain Member => Grains.GetGrain<IMemberTrainingGrain>(TrainingKeys.Member(Me.OrganizationId, Me.MemberId));

    public async Task OnGetAsync() => Assignment = await Member.GetAssignment(Id);

    public async Task<IActionResult> OnPostModuleAsync(string moduleId)
    {
        ModuleId = moduleId;
        var assignment = await Member.GetAssignment(Id);
        var module = assignment.Modules.FirstOrDefault(m => m.Id == moduleId);
        var answers = module?.Questions.Select(q => (AnswerInput?)(q.Kind == QuestionKind.FillIn
            ? new AnswerInput(q.Id, null, Request.Form["q." + q.Id].FirstOrDefault() ?? "")
            : new AnswerInput(q.Id, [.. Request.Form["q." + q.Id].Select(v => (string?)v)], null))).ToList();
        IReadOnlyList<string?>? acknowledged = module is { Acknowledgements.Count: > 0 } ? [.. Request.Form["ack"].Select(v => (string?)v)] : null;
        return await SubmitAndStayAsync(
            async () =>
            {
                var result = await Member.SubmitModule(Id, moduleId, new ModuleSubmission(answers is { Count: > 0 } ? answers : null, acknowledged));
                return result.AssignmentCompleted
                    ? $"Course completed. Your score: {result.AssignmentScorePercent} %."
                    : $"Module done: {result.CorrectCount} of {result.QuestionCount} right.";
            },
            async () => Assignment = await Member.GetAssignment(Id));
    }
}
