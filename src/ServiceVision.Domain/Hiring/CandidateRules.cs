using ServiceVision.Domain.Organizations;
using ServiceVision.Domain.ServiceDesign;

namespace ServiceVision.Domain.Hiring;

/// <summary>Validation of what leaders type about candidates, evaluations and their own interview questions.</summary>
public static class CandidateRules
{
    public const int MaxNameLength = 100;
    public const int MaxPositionLength = 100;
    public const int MaxNotesLength = 4000;
    public const int MaxQuestionLength = 500;

    /// <summary>A scores object may not name more criteria than a vision can produce.</summary>
    public const int MaxScores = 250;

    /// <summary>Fields <c>name</c> and <c>position</c> (required one line), <c>email</c> (optional, blank is none; an e-mail address).</summary>
    public static IReadOnlyList<ValidationError> ValidateCandidate(string? name, string? position, string? email)
    {
        var errors = new List<ValidationError>();
        TextRules.RequireLine(errors, "name", name, MaxNameLength);
        TextRules.RequireLine(errors, "position", position, MaxPositionLength);
        if (!string.IsNullOrWhiteSpace(email))
        {
            OrganizationRules.ValidateEmail(errors, "email", email);
        }

        return errors;
    }

    /// <summary>Field <c>text</c>: required one line of at most <see cref="MaxQuestionLength"/> characters.</summary>
    public static IReadOnlyList<ValidationError> ValidateQuestion(string? text)
    {
        var errors = new List<ValidationError>();
        TextRules.RequireLine(errors, "text", text, MaxQuestionLength);
        return errors;
    }

    /// <summary>
    /// The shape of an evaluation before it is scored: <c>scores</c> present with 1 to
    /// <see cref="MaxScores"/> entries, <c>notes</c> optional (at most <see cref="MaxNotesLength"/>).
    /// Which criteria and what range is <see cref="CandidateEvaluation.Score"/>'s job.
    /// </summary>
    public static IReadOnlyList<ValidationError> ValidateEvaluation(IReadOnlyDictionary<string, int>? scores, string? notes)
    {
        var errors = new List<ValidationError>();
        if (scores is null || scores.Count == 0)
        {
            errors.Add(new("scores", "Score at least one criterion, for example { \"pillar-…\": 4 }."));
        }
        else if (scores.Count > MaxScores)
        {
            errors.Add(new("scores", $"There are {scores.Count} scores; the limit is {MaxScores}."));
        }

        TextRules.OptionalParagraphs(errors, "notes", notes, MaxNotesLength);
        return errors;
    }
}
