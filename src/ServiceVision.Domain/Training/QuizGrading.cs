using System.Text;
using ServiceVision.Domain.ServiceDesign;

namespace ServiceVision.Domain.Training;

/// <summary>A member's answer to one question: <see cref="ChoiceIds"/> for a choice question, <see cref="Text"/> for a fill-in.</summary>
public sealed record AnswerInput(string? QuestionId, IReadOnlyList<string?>? ChoiceIds, string? Text);

public sealed record QuestionGrade(string QuestionId, bool Correct);

/// <param name="ScorePercent">Right answers of this module in percent (100 for a module without questions).</param>
public sealed record ModuleGrade(IReadOnlyList<QuestionGrade> Questions, int CorrectCount, int QuestionCount, int ScorePercent);

/// <summary>Either <see cref="Errors"/> (nothing graded) or a <see cref="Grade"/>.</summary>
public sealed record GradingResult(IReadOnlyList<ValidationError> Errors, ModuleGrade? Grade);

/// <summary>Checks and grades what a member submits for one module.</summary>
public static class QuizGrading
{
    public const int MaxAnswers = 100;
    public const int MaxChoicesPerAnswer = 30;
    public const int MaxAnswerTextLength = 200;
    public const int MaxAcknowledgements = 250;

    /// <summary>
    /// A quiz module (<c>answers</c>) needs one answer per question: choice questions take
    /// <c>choiceIds</c> (exactly one for a single-choice question, at least one otherwise, each a choice
    /// of that question, none twice), fill-in questions take <c>text</c> (1 to
    /// <see cref="MaxAnswerTextLength"/> characters, one line). An attestation module takes
    /// <c>acknowledgedItemIds</c> naming every item of the module. Errors name the field as in the
    /// request body (<c>answers[2].choiceIds[0]</c>). A choice answer is right when it picks exactly the
    /// right choices; a fill-in when it matches an accepted answer ignoring case, spacing and punctuation.
    /// </summary>
    public static GradingResult Grade(CourseModule module, IReadOnlyList<AnswerInput?>? answers, IReadOnlyList<string?>? acknowledgedItemIds)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.Kind == ModuleKind.Attestation
            ? GradeAttestation(module, answers, acknowledgedItemIds)
            : GradeQuiz(module, answers, acknowledgedItemIds);
    }

    /// <summary>Right answers in percent, rounded half up; 100 when there is nothing to answer.</summary>
    public static int Percent(int correct, int total) =>
        total <= 0 ? 100 : (int)Math.Round(100.0 * correct / total, MidpointRounding.AwayFromZero);

    /// <summary>Completed modules in percent, rounded down so that only a finished assignment shows 100.</summary>
    public static int Progress(int completed, int total) => total <= 0 ? 100 : 100 * completed / total;

    /// <summary>Lower case, letters, digits and apostrophes only, single spaces.</summary>
    public static string NormalizeAnswer(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim().Replace('\u2019', '\'').ToLowerInvariant())
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '\'' ? c : ' ');
        }

        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static GradingResult GradeAttestation(CourseModule module, IReadOnlyList<AnswerInput?>? answers, IReadOnlyList<string?>? acknowledged)
    {
        var errors = new List<ValidationError>();
        if (answers is { Count: > 0 })
        {
            errors.Add(new("answers", "This module is acknowledged, not answered: send acknowledgedItemIds."));
        }

        if (acknowledged is null)
        {
            errors.Add(new("acknowledgedItemIds", "List the id of every item you acknowledge."));
            return new GradingResult(errors, null);
        }

        if (acknowledged.Count > MaxAcknowledgements)
        {
            errors.Add(new("acknowledgedItemIds", $"At most {MaxAcknowledgements} ids."));
            return new GradingResult(errors, null);
        }

        var expected = module.Acknowledgements.Select(a => a.ItemId).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < acknowledged.Count; i++)
        {
            var id = acknowledged[i];
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new($"acknowledgedItemIds[{i}]", "An item id is required."));
            }
            else if (!expected.Contains(id))
            {
                errors.Add(new($"acknowledgedItemIds[{i}]", $"'{Shorten(id)}' is not an item of this module."));
            }
            else if (!seen.Add(id))
            {
                errors.Add(new($"acknowledgedItemIds[{i}]", $"'{id}' is listed twice."));
            }
        }

        var missing = module.Acknowledgements.Where(a => !seen.Contains(a.ItemId)).Select(a => a.ItemId).ToList();
        if (missing.Count > 0 && errors.Count == 0)
        {
            errors.Add(new("acknowledgedItemIds", $"Acknowledge every item of the module; missing: {string.Join(", ", missing)}."));
        }

        return errors.Count > 0 ? new GradingResult(errors, null) : new GradingResult([], new ModuleGrade([], 0, 0, 100));
    }

    private static GradingResult GradeQuiz(CourseModule module, IReadOnlyList<AnswerInput?>? answers, IReadOnlyList<string?>? acknowledged)
    {
        var errors = new List<ValidationError>();
        if (acknowledged is { Count: > 0 })
        {
            errors.Add(new("acknowledgedItemIds", "Only an attestation module takes acknowledgements; answer the questions instead."));
        }

        if (answers is null)
        {
            errors.Add(new("answers", "Answer every question of the module."));
            return new GradingResult(errors, null);
        }

        if (answers.Count > MaxAnswers)
        {
            errors.Add(new("answers", $"At most {MaxAnswers} answers."));
            return new GradingResult(errors, null);
        }

        var questions = module.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var grades = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var path = $"answers[{i}]";
            var answer = answers[i];
            if (answer is null)
            {
                errors.Add(new(path, "An answer is required."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(answer.QuestionId))
            {
                errors.Add(new($"{path}.questionId", "The question id is required."));
                continue;
            }

            if (!questions.TryGetValue(answer.QuestionId, out var question))
            {
                errors.Add(new($"{path}.questionId", $"'{Shorten(answer.QuestionId)}' is not a question of this module."));
                continue;
            }

            if (grades.ContainsKey(question.Id))
            {
                errors.Add(new($"{path}.questionId", $"'{question.Id}' is answered twice."));
                continue;
            }

            bool? correct = question.Kind == QuestionKind.FillIn
                ? GradeFillIn(question, answer, path, errors)
                : GradeChoice(question, answer, path, errors);
            if (correct is { } isRight)
            {
                grades[question.Id] = isRight;
            }
        }

        var unanswered = module.Questions.Where(q => !grades.ContainsKey(q.Id)).Select(q => q.Id).ToList();
        if (unanswered.Count > 0 && errors.Count == 0)
        {
            errors.Add(new("answers", $"Answer every question of the module; missing: {string.Join(", ", unanswered)}."));
        }

        if (errors.Count > 0)
        {
            return new GradingResult(errors, null);
        }

        var graded = module.Questions.Select(q => new QuestionGrade(q.Id, grades[q.Id])).ToList();
        var right = graded.Count(g => g.Correct);
        return new GradingResult([], new ModuleGrade(graded, right, graded.Count, Percent(right, graded.Count)));
    }

    private static bool? GradeChoice(Question question, AnswerInput answer, string path, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (answer.Text is not null)
        {
            errors.Add(new($"{path}.text", "A choice question is answered with choiceIds."));
        }

        var picked = answer.ChoiceIds;
        if (picked is null || picked.Count == 0)
        {
            errors.Add(new($"{path}.choiceIds", "Pick a choice."));
            return null;
        }

        if (picked.Count > MaxChoicesPerAnswer)
        {
            errors.Add(new($"{path}.choiceIds", $"At most {MaxChoicesPerAnswer} choices."));
            return null;
        }

        if (question.Kind == QuestionKind.SingleChoice && picked.Count > 1)
        {
            errors.Add(new($"{path}.choiceIds", "Pick exactly one choice."));
        }

        var choices = question.Choices.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < picked.Count; j++)
        {
            var id = picked[j];
            if (string.IsNullOrWhiteSpace(id) || !choices.Contains(id))
            {
                errors.Add(new($"{path}.choiceIds[{j}]", $"'{Shorten(id ?? string.Empty)}' is not a choice of this question."));
            }
            else if (!set.Add(id))
            {
                errors.Add(new($"{path}.choiceIds[{j}]", $"'{id}' is picked twice."));
            }
        }

        return errors.Count > before ? null : set.SetEquals(question.CorrectChoiceIds);
    }

    private static bool? GradeFillIn(Question question, AnswerInput answer, string path, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (answer.ChoiceIds is { Count: > 0 })
        {
            errors.Add(new($"{path}.choiceIds", "A fill-in question is answered with text."));
        }

        TextRules.RequireLine(errors, $"{path}.text", answer.Text, MaxAnswerTextLength);
        if (errors.Count > before)
        {
            return null;
        }

        var given = NormalizeAnswer(answer.Text!);
        return question.AcceptedAnswers.Any(a => NormalizeAnswer(a) == given);
    }

    // Echoing a long client value back in an error message helps nobody.
    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
