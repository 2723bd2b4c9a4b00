using ServiceVision.Domain.ServiceDesign;

namespace ServiceVision.Domain.Training;

/// <summary>A leader's edit of a course: every module and every question, by id, with the new wording.</summary>
public sealed record CourseEdit(string? Title, IReadOnlyList<ModuleEdit?>? Modules);

/// <param name="Questions">Every question of the module; null or empty for a module without questions.</param>
public sealed record ModuleEdit(string? Id, string? Title, IReadOnlyList<QuestionEdit?>? Questions);

/// <summary>
/// A choice question takes <see cref="Choices"/> and <see cref="CorrectChoiceIds"/>; a fill-in question
/// takes <see cref="AcceptedAnswers"/>. The kind of a question and the items it covers are not editable.
/// </summary>
public sealed record QuestionEdit(
    string? Id,
    string? Text,
    IReadOnlyList<ChoiceEdit?>? Choices,
    IReadOnlyList<string?>? CorrectChoiceIds,
    IReadOnlyList<string?>? AcceptedAnswers);

public sealed record ChoiceEdit(string? Id, string? Text);

/// <summary>Either <see cref="Errors"/> (nothing changes) or the edited <see cref="Course"/>.</summary>
public sealed record CourseEditResult(IReadOnlyList<ValidationError> Errors, Course? Course);

/// <summary>What leaders may change in a course, and how.</summary>
public static class CourseEditing
{
    public const int MaxTitleLength = 200;
    public const int MaxQuestionTextLength = 1000;
    public const int MinChoices = 2;
    public const int MaxChoices = 20;
    public const int MaxChoiceTextLength = 500;
    public const int MaxAcceptedAnswers = 10;
    public const int MaxAcceptedAnswerLength = 100;

    /// <summary>
    /// Applies <paramref name="edit"/> to <paramref name="current"/>. The edit lists every module of the
    /// course once (by <c>id</c>, any order) and, in each module, every question once. Editable: the
    /// course and module titles (one line, 1–<see cref="MaxTitleLength"/>), question texts
    /// (1–<see cref="MaxQuestionTextLength"/>), the choices of choice questions
    /// (<see cref="MinChoices"/>–<see cref="MaxChoices"/>, ids of letters, digits, '-', '_' or '.', texts
    /// 1–<see cref="MaxChoiceTextLength"/>) with their right choices (exactly one for a single-choice
    /// question, at least one otherwise), and the accepted answers of fill-in questions
    /// (1–<see cref="MaxAcceptedAnswers"/>, each 1–<see cref="MaxAcceptedAnswerLength"/>). Modules,
    /// questions, kinds and covered items stay as built. Changed modules and questions are marked edited.
    /// </summary>
    public static CourseEditResult Apply(Course current, CourseEdit edit)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(edit);
        var errors = new List<ValidationError>();
        TextRules.RequireLine(errors, "title", edit.Title, MaxTitleLength);

        var moduleEdits = Match(
            errors,
            "modules",
            edit.Modules,
            current.Modules.Select(m => m.Id).ToList(),
            m => m.Id,
            "module",
            "modules",
            required: true);
        var modules = new List<CourseModule>();
        foreach (var module in current.Modules)
        {
            if (!moduleEdits.TryGetValue(module.Id, out var matched))
            {
                modules.Add(module);
                continue;
            }

            var (moduleEdit, index) = matched;
            var path = $"modules[{index}]";
            TextRules.RequireLine(errors, $"{path}.title", moduleEdit.Title, MaxTitleLength);
            var questionEdits = Match(
                errors,
                $"{path}.questions",
                moduleEdit.Questions,
                module.Questions.Select(q => q.Id).ToList(),
                q => q.Id,
                "question",
                "questions",
                required: module.Questions.Count > 0);
            var questions = module.Questions
                .Select(q => questionEdits.TryGetValue(q.Id, out var qe) ? EditQuestion(errors, $"{path}.questions[{qe.Index}]", q, qe.Edit) : q)
                .ToList();
            var title = moduleEdit.Title?.Trim() ?? module.Title;
            modules.Add(module with { Title = title, Questions = questions, Edited = module.Edited || title != module.Title });
        }

        return errors.Count > 0
            ? new CourseEditResult(errors, null)
            : new CourseEditResult([], current with { Title = edit.Title!.Trim(), Modules = modules });
    }

    /// <summary>
    /// Matches the edits of a list to the existing ids: each must name an existing id once, and every
    /// existing id must be named (when <paramref name="required"/>). Returns the edits by id with their index.
    /// </summary>
    private static Dictionary<string, (T Edit, int Index)> Match<T>(
        List<ValidationError> errors,
        string field,
        IReadOnlyList<T?>? edits,
        List<string> existing,
        Func<T, string?> idOf,
        string noun,
        string plural,
        bool required)
        where T : class
    {
        var matched = new Dictionary<string, (T, int)>(StringComparer.Ordinal);
        if (!required)
        {
            if (edits is { Count: > 0 })
            {
                errors.Add(new(field, $"This module has no {plural}."));
            }

            return matched;
        }

        if (edits is null || edits.Count == 0)
        {
            errors.Add(new(field, $"List every {noun}: {string.Join(", ", existing)}."));
            return matched;
        }

        if (edits.Count > existing.Count)
        {
            errors.Add(new(field, $"There are {existing.Count} {plural}; list each once."));
            return matched;
        }

        var known = existing.ToHashSet(StringComparer.Ordinal);
        var before = errors.Count;
        for (var i = 0; i < edits.Count; i++)
        {
            var item = edits[i];
            var id = item is null ? null : idOf(item);
            if (item is null)
            {
                errors.Add(new($"{field}[{i}]", $"A {noun} is required."));
            }
            else if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new($"{field}[{i}].id", "The id is required."));
            }
            else if (!known.Contains(id))
            {
                errors.Add(new($"{field}[{i}].id", $"There is no {noun} '{Shorten(id)}' here."));
            }
            else if (!matched.TryAdd(id, (item, i)))
            {
                errors.Add(new($"{field}[{i}].id", $"The {noun} '{id}' is listed twice."));
            }
        }

        var missing = existing.Where(id => !matched.ContainsKey(id)).ToList();
        // An unknown or repeated id is the more precise error; "missing" would only repeat it.
        if (missing.Count > 0 && errors.Count == before)
        {
            errors.Add(new(field, $"List every {noun}; missing: {string.Join(", ", missing)}."));
        }

        return matched;
    }

    private static Question EditQuestion(List<ValidationError> errors, string path, Question question, QuestionEdit edit)
    {
        var before = errors.Count;
        TextRules.RequireParagraphs(errors, $"{path}.text", edit.Text, MaxQuestionTextLength);
        var edited = question.Kind == QuestionKind.FillIn
            ? EditFillIn(errors, path, question, edit)
            : EditChoices(errors, path, question, edit);
        if (errors.Count > before)
        {
            return question;
        }

        edited = edited with { Text = edit.Text!.Trim() };
        var changed = edited.Text != question.Text
            || !edited.Choices.SequenceEqual(question.Choices)
            || !edited.CorrectChoiceIds.SequenceEqual(question.CorrectChoiceIds)
            || !edited.AcceptedAnswers.SequenceEqual(question.AcceptedAnswers);
        return edited with { Edited = question.Edited || changed };
    }

    private static Question EditChoices(List<ValidationError> errors, string path, Question question, QuestionEdit edit)
    {
        if (edit.AcceptedAnswers is { Count: > 0 })
        {
            errors.Add(new($"{path}.acceptedAnswers", "Only a fill-in question has accepted answers."));
        }

        var choices = new List<Choice>();
        if (edit.Choices is null || edit.Choices.Count < MinChoices || edit.Choices.Count > MaxChoices)
        {
            errors.Add(new($"{path}.choices", $"Give {MinChoices} to {MaxChoices} choices."));
        }
        else
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < edit.Choices.Count; i++)
            {
                var choice = edit.Choices[i];
                var choicePath = $"{path}.choices[{i}]";
                if (choice is null)
                {
                    errors.Add(new(choicePath, "A choice is required."));
                    continue;
                }

                if (!TextRules.IsWellFormedId(choice.Id))
                {
                    errors.Add(new($"{choicePath}.id", $"An id is 1 to {TextRules.MaxIdLength} letters, digits, '-', '_' or '.'."));
                }
                else if (!ids.Add(choice.Id!))
                {
                    errors.Add(new($"{choicePath}.id", $"The id '{choice.Id}' is used twice."));
                }

                if (TextRules.RequireLine(errors, $"{choicePath}.text", choice.Text, MaxChoiceTextLength) && choice.Id is not null)
                {
                    choices.Add(new Choice(choice.Id, choice.Text!.Trim()));
                }
            }
        }

        var correct = new List<string>();
        var right = edit.CorrectChoiceIds;
        if (right is null || right.Count == 0)
        {
            errors.Add(new($"{path}.correctChoiceIds", "Name the right choice."));
        }
        else if (question.Kind == QuestionKind.SingleChoice && right.Count != 1)
        {
            errors.Add(new($"{path}.correctChoiceIds", "A single-choice question has exactly one right choice."));
        }
        else if (right.Count > MaxChoices)
        {
            errors.Add(new($"{path}.correctChoiceIds", $"At most {MaxChoices} right choices."));
        }
        else
        {
            var offered = (edit.Choices ?? []).Where(c => c?.Id is not null).Select(c => c!.Id!).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < right.Count; i++)
            {
                var id = right[i];
                if (id is null || !offered.Contains(id))
                {
                    errors.Add(new($"{path}.correctChoiceIds[{i}]", $"'{Shorten(id ?? string.Empty)}' is not one of the choices."));
                }
                else if (correct.Contains(id))
                {
                    errors.Add(new($"{path}.correctChoiceIds[{i}]", $"'{id}' is named twice."));
                }
                else
                {
                    correct.Add(id);
                }
            }
        }

        return question with { Choices = choices, CorrectChoiceIds = correct, AcceptedAnswers = [] };
    }

    private static Question EditFillIn(List<ValidationError> errors, string path, Question question, QuestionEdit edit)
    {
        if (edit.Choices is { Count: > 0 })
        {
            errors.Add(new($"{path}.choices", "A fill-in question has no choices."));
        }

        if (edit.CorrectChoiceIds is { Count: > 0 })
        {
            errors.Add(new($"{path}.correctChoiceIds", "A fill-in question has no choices."));
        }

        var accepted = new List<string>();
        if (edit.AcceptedAnswers is null || edit.AcceptedAnswers.Count == 0 || edit.AcceptedAnswers.Count > MaxAcceptedAnswers)
        {
            errors.Add(new($"{path}.acceptedAnswers", $"Give 1 to {MaxAcceptedAnswers} accepted answers."));
        }
        else
        {
            for (var i = 0; i < edit.AcceptedAnswers.Count; i++)
            {
                var answer = edit.AcceptedAnswers[i];
                if (!TextRules.RequireLine(errors, $"{path}.acceptedAnswers[{i}]", answer, MaxAcceptedAnswerLength))
                {
                    continue;
                }

                if (QuizGrading.NormalizeAnswer(answer!).Length == 0)
                {
                    errors.Add(new($"{path}.acceptedAnswers[{i}]", "An accepted answer needs a letter or a digit."));
                    continue;
                }

                accepted.Add(answer!.Trim());
            }
        }

        return question with { Choices = [], CorrectChoiceIds = [], AcceptedAnswers = accepted };
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
