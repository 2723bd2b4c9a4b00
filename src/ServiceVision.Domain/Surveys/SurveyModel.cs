namespace ServiceVision.Domain.Surveys;

/// <summary>What a survey is for; each kind starts with its own questions.</summary>
public enum SurveyKind
{
    /// <summary>Members' input while a vision is drafted.</summary>
    EmployeeInput,

    /// <summary>Do members know, understand and act on the published vision.</summary>
    Pulse,

    /// <summary>Customers: CSAT, NPS, a comment, the channel and touchpoint.</summary>
    CustomerFeedback,
}

public enum QuestionType
{
    Scale,
    SingleChoice,
    MultipleChoice,
    FreeText,
}

/// <summary>Which score a question feeds (a scale question only).</summary>
public enum QuestionMetric
{
    None,

    /// <summary>Customer satisfaction, a 1–5 scale.</summary>
    Csat,

    /// <summary>Net promoter, a 0–10 scale.</summary>
    Nps,

    /// <summary>Agreement with a pulse statement, a 1–5 scale.</summary>
    Pulse,
}

public enum SurveyRecurrence
{
    None,
    Weekly,
    Biweekly,
    Monthly,
    Quarterly,
}

public enum SurveyStatus
{
    Draft,
    Open,
    Closed,
}

public sealed record SurveyChoice(string Id, string Text);

/// <summary>A question as stored: ids are stable, so answers and results refer to them.</summary>
/// <param name="Min">Lowest value of a scale question.</param>
/// <param name="Max">Highest value of a scale question.</param>
public sealed record SurveyQuestion(
    string Id,
    QuestionType Type,
    string Text,
    bool Required,
    int? Min,
    int? Max,
    IReadOnlyList<SurveyChoice> Choices,
    QuestionMetric Metric);

/// <summary>A question as a request describes it; missing ids are given ("q1", "c1", ...).</summary>
public sealed record QuestionInput(
    string? Id,
    QuestionType? Type,
    string? Text,
    bool? Required,
    int? Min,
    int? Max,
    IReadOnlyList<ChoiceInput?>? Choices,
    QuestionMetric? Metric);

public sealed record ChoiceInput(string? Id, string? Text);

/// <summary>One answer as sent: <see cref="Value"/> for a scale, <see cref="ChoiceIds"/> for a choice, <see cref="Text"/> for free text.</summary>
public sealed record AnswerInput(string? QuestionId, int? Value, IReadOnlyList<string?>? ChoiceIds, string? Text);

/// <summary>One answer as stored.</summary>
public sealed record SurveyAnswer(string QuestionId, int? Value, IReadOnlyList<string> ChoiceIds, string? Text);

/// <summary>
/// One response as results see it: the groups it belongs to and its answers, never the respondent.
/// </summary>
public sealed record SurveyResponse(
    string Id,
    DateTimeOffset SubmittedAt,
    string? LocationId,
    string? DepartmentId,
    string? Channel,
    string? Touchpoint,
    IReadOnlyList<SurveyAnswer> Answers,
    IReadOnlyList<string> LeaderTags)
{
    public SurveyAnswer? AnswerTo(string questionId)
    {
        foreach (var answer in Answers)
        {
            if (string.Equals(answer.QuestionId, questionId, StringComparison.Ordinal))
            {
                return answer;
            }
        }

        return null;
    }
}
