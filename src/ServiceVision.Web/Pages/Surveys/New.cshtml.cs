using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Surveys;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Authoring;
using ServiceVision.Surveys.Http;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Surveys;

/// <summary>One question row of the survey builder as the form posts it.</summary>
public sealed class QuestionForm
{
    public string? Text { get; set; }

    public string? Type { get; set; }

    public bool Required { get; set; }

    /// <summary>One choice per line (choice questions only).</summary>
    public string? Choices { get; set; }

    public string? Metric { get; set; }

    public int? Min { get; set; }

    public int? Max { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Choices);
}

/// <summary>
/// Builds a survey: kind, title, description, recurrence and question rows, checked and created as a
/// draft by the same <see cref="SurveyAuthoring"/> as POST /api/v1/surveys (the API's default
/// thresholds). No question rows filled in means the kind's standard questions, as in the API.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed partial class NewModel(SurveyAuthoring authoring) : AppPageModel
{
    public const int StartRows = 3;

    [BindProperty]
    public string? Kind { get; set; } = nameof(SurveyKind.CustomerFeedback);

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Recurrence { get; set; } = nameof(SurveyRecurrence.None);

    [BindProperty]
    public List<QuestionForm> Questions { get; set; } = [];

    public void OnGet()
    {
        while (Questions.Count < StartRows)
        {
            Questions.Add(new QuestionForm { Type = nameof(QuestionType.Scale) });
        }
    }

    /// <summary>"Add a question": the same form back with one more empty row; nothing is saved.</summary>
    public IActionResult OnPostAddQuestion()
    {
        if (Questions.Count < SurveyRules.MaxQuestions)
        {
            Questions.Add(new QuestionForm { Type = nameof(QuestionType.Scale) });
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync() =>
        await SubmitAsync(
            async () =>
            {
                // What the form cannot name goes on as no kind (the API's "kind is required") or as no
                // defined recurrence, so the service refuses it with the API's message.
                SurveyKind? kind = Enum.TryParse<SurveyKind>(Kind, ignoreCase: true, out var parsedKind) && Enum.IsDefined(parsedKind) && !Kind!.Any(char.IsDigit) ? parsedKind : null;
                SurveyRecurrence? recurrence = null;
                if (!string.IsNullOrEmpty(Recurrence))
                {
                    recurrence = Enum.TryParse<SurveyRecurrence>(Recurrence, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : (SurveyRecurrence)(-1);
                }

                // Rows left empty are not questions (none at all: the kind's standard questions).
                var rows = Questions.Select((row, index) => (row, index)).Where(r => !r.row.IsEmpty).ToList();
                var request = new SurveyRequest(kind, Title, Description, rows.Count > 0 ? [.. rows.Select(r => (QuestionInput?)ToInput(r.row))] : null, recurrence, null, null);
                SurveyView survey;
                try
                {
                    survey = await authoring.CreateAsync(Me, request);
                }
                catch (ValidationFailedException refused)
                {
                    // The rules name questions as sent; map them back to the form's rows.
                    throw new ValidationFailedException([.. refused.Errors.Select(e => e with
                    {
                        Field = QuestionIndex().Replace(e.Field, m => $"questions[{rows[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)].index}]", 1),
                    })]);
                }

                Notice = $"Survey \"{survey.Title}\" created as a draft with {survey.Questions.Count} question(s).";
                return Redirect("/app/surveys/" + Uri.EscapeDataString(survey.Id));
            },
            () => Task.CompletedTask);

    private static QuestionInput ToInput(QuestionForm row)
    {
        QuestionType? type = Enum.TryParse<QuestionType>(row.Type, ignoreCase: true, out var parsedType) && Enum.IsDefined(parsedType) ? parsedType : null;
        QuestionMetric? metric = Enum.TryParse<QuestionMetric>(row.Metric, ignoreCase: true, out var parsedMetric) && Enum.IsDefined(parsedMetric) ? parsedMetric : null;
        var choices = (row.Choices ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => (ChoiceInput?)new ChoiceInput(null, text))
            .ToList();
        return new QuestionInput(null, type, row.Text, row.Required, row.Min, row.Max, choices.Count == 0 ? null : choices, metric);
    }

    [GeneratedRegex(@"^questions\[(\d+)\]")]
    private static partial Regex QuestionIndex();
}
