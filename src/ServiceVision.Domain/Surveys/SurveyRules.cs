using System.Globalization;
using ServiceVision.Domain.ServiceDesign;

namespace ServiceVision.Domain.Surveys;

/// <summary>What a survey definition holds once checked: its questions with ids given.</summary>
public sealed record SurveyDefinitionCheck(IReadOnlyList<ValidationError> Errors, IReadOnlyList<SurveyQuestion> Questions);

/// <summary>What a response holds once checked: its answers, trimmed, in question order.</summary>
public sealed record ResponseCheck(IReadOnlyList<ValidationError> Errors, IReadOnlyList<SurveyAnswer> Answers);

/// <summary>Limits and checks of survey definitions and responses.</summary>
public static class SurveyRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxQuestions = 50;
    public const int MaxChoices = 20;
    public const int MaxQuestionTextLength = 500;
    public const int MaxChoiceTextLength = 200;
    public const int MaxAnswerTextLength = 2000;
    public const int MaxChannelLength = 50;
    public const int MaxTouchpointLength = 100;
    public const int MinScale = 0;
    public const int MaxScale = 10;
    public const int DefaultAnonymityThreshold = 5;
    public const int DefaultCommentThreshold = 10;
    public const int MinThreshold = 3;
    public const int MaxThreshold = 100;

    public const string EmployeeInputQuestion = "What do you want our customers to think of when they think of the service we provide?";

    /// <summary>The questions a survey of <paramref name="kind"/> starts with.</summary>
    public static IReadOnlyList<SurveyQuestion> SeedQuestions(SurveyKind kind) => kind switch
    {
        SurveyKind.EmployeeInput =>
        [
            new("customers-think", QuestionType.FreeText, EmployeeInputQuestion, true, null, null, [], QuestionMetric.None),
        ],
        SurveyKind.Pulse =>
        [
            new("know", QuestionType.Scale, "I know our published service vision.", true, 1, 5, [], QuestionMetric.Pulse),
            new("understand", QuestionType.Scale, "I understand what our service vision asks of me.", true, 1, 5, [], QuestionMetric.Pulse),
            new("act", QuestionType.Scale, "I can act on our service vision in my daily work.", true, 1, 5, [], QuestionMetric.Pulse),
        ],
        _ =>
        [
            new("csat", QuestionType.Scale, "How satisfied are you with the service you received?", true, 1, 5, [], QuestionMetric.Csat),
            new("nps", QuestionType.Scale, "How likely are you to recommend us to a friend or colleague?", true, 0, 10, [], QuestionMetric.Nps),
            new("comment", QuestionType.FreeText, "What should we know about your visit?", false, null, null, [], QuestionMetric.None),
        ],
    };

    /// <summary>
    /// Checks the questions of a survey: 1 to <see cref="MaxQuestions"/>; each with a type and a text
    /// (one line, up to <see cref="MaxQuestionTextLength"/>); ids (given or "q{n}") unique and well-formed;
    /// a scale from <see cref="MinScale"/> to <see cref="MaxScale"/> with min below max; choice questions
    /// with 2 to <see cref="MaxChoices"/> choices of distinct ids; a metric only on a scale of its range
    /// (CSAT 1–5, NPS 0–10, pulse 1–5), at most one CSAT and one NPS question. Errors name
    /// <c>questions[i].field</c>.
    /// </summary>
    public static SurveyDefinitionCheck CheckQuestions(IReadOnlyList<QuestionInput?>? questions)
    {
        var errors = new List<ValidationError>();
        var result = new List<SurveyQuestion>();
        if (questions is null || questions.Count == 0)
        {
            errors.Add(new("questions", "A survey needs at least one question."));
            return new(errors, result);
        }

        if (questions.Count > MaxQuestions)
        {
            errors.Add(new("questions", $"A survey has at most {MaxQuestions} questions; this has {questions.Count}."));
            return new(errors, result);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var metrics = new HashSet<QuestionMetric>();
        for (var i = 0; i < questions.Count; i++)
        {
            var path = $"questions[{i}]";
            var q = questions[i];
            if (q is null)
            {
                errors.Add(new(path, "A question is required here."));
                continue;
            }

            var id = TextRules.TrimToNull(q.Id) ?? "q" + (i + 1).ToString(CultureInfo.InvariantCulture);
            if (!TextRules.IsWellFormedId(id))
            {
                errors.Add(new($"{path}.id", "An id is 1 to 100 letters, digits, '-', '_' or '.'."));
            }
            else if (!ids.Add(id))
            {
                errors.Add(new($"{path}.id", $"Another question has the id '{id}'."));
            }

            TextRules.RequireLine(errors, $"{path}.text", q.Text, MaxQuestionTextLength);
            if (q.Type is not { } type || !Enum.IsDefined(type))
            {
                errors.Add(new($"{path}.type", "The type is required: Scale, SingleChoice, MultipleChoice or FreeText."));
                continue;
            }

            var metric = q.Metric ?? QuestionMetric.None;
            var choices = new List<SurveyChoice>();
            int? min = null, max = null;
            if (type == QuestionType.Scale)
            {
                min = q.Min ?? (metric == QuestionMetric.Nps ? 0 : 1);
                max = q.Max ?? (metric == QuestionMetric.Nps ? 10 : 5);
                if (min < MinScale || min > MaxScale)
                {
                    errors.Add(new($"{path}.min", $"A scale starts between {MinScale} and {MaxScale}."));
                }

                if (max < MinScale || max > MaxScale || max <= min)
                {
                    errors.Add(new($"{path}.max", $"A scale ends above its start and at most at {MaxScale}."));
                }

                var expected = metric switch
                {
                    QuestionMetric.Csat or QuestionMetric.Pulse => (1, 5),
                    QuestionMetric.Nps => (0, 10),
                    _ => (min.Value, max.Value),
                };
                if ((min.Value, max.Value) != expected)
                {
                    errors.Add(new($"{path}.metric", $"A {metric} question is a scale from {expected.Item1} to {expected.Item2}."));
                }
            }
            else
            {
                if (metric != QuestionMetric.None)
                {
                    errors.Add(new($"{path}.metric", "Only a scale question feeds a score."));
                }

                if (q.Min is not null || q.Max is not null)
                {
                    errors.Add(new($"{path}.min", "Only a scale question has a minimum and maximum."));
                }
            }

            if (metric is QuestionMetric.Csat or QuestionMetric.Nps && !metrics.Add(metric))
            {
                errors.Add(new($"{path}.metric", $"A survey has at most one {metric} question."));
            }

            if (type is QuestionType.SingleChoice or QuestionType.MultipleChoice)
            {
                CheckChoices(errors, path, q.Choices, choices);
            }
            else if (q.Choices is { Count: > 0 })
            {
                errors.Add(new($"{path}.choices", "Only a choice question has choices."));
            }

            result.Add(new SurveyQuestion(id, type, q.Text?.Trim() ?? "", q.Required ?? false, min, max, choices, metric));
        }

        return new(errors, result);
    }

    private static void CheckChoices(List<ValidationError> errors, string path, IReadOnlyList<ChoiceInput?>? choices, List<SurveyChoice> result)
    {
        if (choices is null || choices.Count < 2 || choices.Count > MaxChoices)
        {
            errors.Add(new($"{path}.choices", $"A choice question has 2 to {MaxChoices} choices."));
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < choices.Count; c++)
        {
            var choicePath = $"{path}.choices[{c}]";
            var choice = choices[c];
            if (choice is null)
            {
                errors.Add(new(choicePath, "A choice is required here."));
                continue;
            }

            var id = TextRules.TrimToNull(choice.Id) ?? "c" + (c + 1).ToString(CultureInfo.InvariantCulture);
            if (!TextRules.IsWellFormedId(id))
            {
                errors.Add(new($"{choicePath}.id", "An id is 1 to 100 letters, digits, '-', '_' or '.'."));
            }
            else if (!ids.Add(id))
            {
                errors.Add(new($"{choicePath}.id", $"Another choice has the id '{id}'."));
            }

            TextRules.RequireLine(errors, $"{choicePath}.text", choice.Text, MaxChoiceTextLength);
            result.Add(new SurveyChoice(id, choice.Text?.Trim() ?? ""));
        }
    }

    /// <summary>The anonymity thresholds: groups from <see cref="MinThreshold"/> to <see cref="MaxThreshold"/>, comments at least as high.</summary>
    public static void CheckThresholds(List<ValidationError> errors, int groups, int comments)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (groups < MinThreshold || groups > MaxThreshold)
        {
            errors.Add(new("anonymityThreshold", $"The anonymity threshold is from {MinThreshold} to {MaxThreshold} responses."));
        }

        if (comments < groups || comments > MaxThreshold)
        {
            errors.Add(new("commentThreshold", $"The comment threshold is at least the anonymity threshold and at most {MaxThreshold}."));
        }
    }

    /// <summary>
    /// Checks a response against the questions: each answer names a question of the survey once; a
    /// scale takes a whole <c>value</c> within its range; a single choice exactly one of its choice ids,
    /// a multiple choice one or more distinct ones; free text 1 to <see cref="MaxAnswerTextLength"/>
    /// characters; nothing else. Every required question must be answered (error on <c>answers</c>).
    /// </summary>
    public static ResponseCheck CheckResponse(IReadOnlyList<SurveyQuestion> questions, IReadOnlyList<AnswerInput?>? answers)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var errors = new List<ValidationError>();
        var result = new Dictionary<string, SurveyAnswer>(StringComparer.Ordinal);
        if (answers is null)
        {
            errors.Add(new("answers", "Answers are required."));
            return new(errors, []);
        }

        if (answers.Count > MaxQuestions)
        {
            errors.Add(new("answers", $"A response has at most {MaxQuestions} answers."));
            return new(errors, []);
        }

        var byId = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var path = $"answers[{i}]";
            var answer = answers[i];
            if (answer is null)
            {
                errors.Add(new(path, "An answer is required here."));
                continue;
            }

            if (answer.QuestionId is null || !byId.TryGetValue(answer.QuestionId, out var question))
            {
                errors.Add(new($"{path}.questionId", "This is not a question of the survey."));
                continue;
            }

            if (result.ContainsKey(question.Id))
            {
                errors.Add(new($"{path}.questionId", "This question is answered twice."));
                continue;
            }

            if (CheckAnswer(errors, path, question, answer) is { } checkedAnswer)
            {
                result[question.Id] = checkedAnswer;
            }
        }

        var missing = questions.Where(q => q.Required && !result.ContainsKey(q.Id)).Select(q => q.Id).ToList();
        if (missing.Count > 0 && errors.Count == 0)
        {
            errors.Add(new("answers", "Answer every required question; missing: " + string.Join(", ", missing) + "."));
        }

        return new(errors, errors.Count > 0 ? [] : [.. questions.Where(q => result.ContainsKey(q.Id)).Select(q => result[q.Id])]);
    }

    private static SurveyAnswer? CheckAnswer(List<ValidationError> errors, string path, SurveyQuestion question, AnswerInput answer)
    {
        var before = errors.Count;
        var choiceIds = answer.ChoiceIds ?? [];
        if (question.Type != QuestionType.Scale && answer.Value is not null)
        {
            errors.Add(new($"{path}.value", "Only a scale question takes a value."));
        }

        if (question.Type is not (QuestionType.SingleChoice or QuestionType.MultipleChoice) && choiceIds.Count > 0)
        {
            errors.Add(new($"{path}.choiceIds", "Only a choice question takes choice ids."));
        }

        if (question.Type != QuestionType.FreeText && answer.Text is not null)
        {
            errors.Add(new($"{path}.text", "Only a free-text question takes text."));
        }

        switch (question.Type)
        {
            case QuestionType.Scale:
                if (answer.Value is not { } value || value < question.Min || value > question.Max)
                {
                    errors.Add(new($"{path}.value", $"Give a whole number from {question.Min} to {question.Max}."));
                }

                break;
            case QuestionType.SingleChoice or QuestionType.MultipleChoice:
                var known = question.Choices.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
                if (choiceIds.Count == 0 || (question.Type == QuestionType.SingleChoice && choiceIds.Count != 1) || choiceIds.Count > question.Choices.Count)
                {
                    errors.Add(new($"{path}.choiceIds", question.Type == QuestionType.SingleChoice ? "Pick exactly one choice." : "Pick one or more choices."));
                    break;
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var c = 0; c < choiceIds.Count; c++)
                {
                    if (choiceIds[c] is not { } choiceId || !known.Contains(choiceId) || !seen.Add(choiceId))
                    {
                        errors.Add(new($"{path}.choiceIds[{c}]", "This is not a choice of the question, or it is picked twice."));
                    }
                }

                break;
            default:
                TextRules.RequireParagraphs(errors, $"{path}.text", answer.Text, MaxAnswerTextLength);
                break;
        }

        return errors.Count > before
            ? null
            : new SurveyAnswer(question.Id, answer.Value, [.. choiceIds.OfType<string>()], answer.Text?.Trim());
    }

    /// <summary>
    /// The optional channel (one line, up to <see cref="MaxChannelLength"/>) and touchpoint (one line,
    /// up to <see cref="MaxTouchpointLength"/>) of a customer response.
    /// </summary>
    public static void CheckContext(List<ValidationError> errors, string? channel, string? touchpoint)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (channel is not null)
        {
            TextRules.RequireLine(errors, "channel", channel, MaxChannelLength);
        }

        if (touchpoint is not null)
        {
            TextRules.RequireLine(errors, "touchpoint", touchpoint, MaxTouchpointLength);
        }
    }

    /// <summary>How long a round of a recurring survey lasts; null for a one-off survey.</summary>
    public static DateTimeOffset? NextRoundAt(SurveyRecurrence recurrence, DateTimeOffset roundStartedAt) => recurrence switch
    {
        SurveyRecurrence.Weekly => roundStartedAt.AddDays(7),
        SurveyRecurrence.Biweekly => roundStartedAt.AddDays(14),
        SurveyRecurrence.Monthly => roundStartedAt.AddMonths(1),
        SurveyRecurrence.Quarterly => roundStartedAt.AddMonths(3),
        _ => null,
    };

    /// <summary>Whether a customer response is a complaint that needs a service recovery: CSAT ≤ 2 or NPS ≤ 6 on a named touchpoint.</summary>
    public static bool NeedsRecovery(int? csat, int? nps, string? touchpoint) =>
        !string.IsNullOrWhiteSpace(touchpoint) && (csat is <= 2 || nps is <= 6);
}
