using ServiceVision.Domain.ServiceDesign;

namespace ServiceVision.Domain.Recognition;

/// <summary>What a member sends to recognize another (every field nullable so a missing one is named).</summary>
public sealed record RecognitionInput(
    string? MemberId,
    string? Story,
    IReadOnlyList<string?>? PillarIds,
    IReadOnlyList<string?>? StandardIds,
    string? FeedbackResponseId);

/// <summary>A recognition that passed <see cref="RecognitionRules.Validate"/>: trimmed, ids distinct, in the order given.</summary>
public sealed record ValidRecognition(string MemberId, string Story, IReadOnlyList<string> PillarIds, IReadOnlyList<string> StandardIds, string? FeedbackResponseId);

/// <summary>The result of validating a recognition: either <see cref="Recognition"/> or <see cref="Errors"/>.</summary>
public sealed record RecognitionCheck(ValidRecognition? Recognition, IReadOnlyList<ValidationError> Errors);

/// <summary>
/// Rules for giving a recognition: a story of what the member did for a customer, tagged with the
/// pillars (at least one) and standards of the latest published vision that they lived.
/// </summary>
public static class RecognitionRules
{
    public const int MaxStoryLength = 1_000;
    public const int MaxPillars = 10;
    public const int MaxStandards = 20;
    public const int MaxCommentLength = 500;
    public const int MaxCommentsPerRecognition = 500;
    public const int MaxHideReasonLength = 500;

    /// <summary>The reactions a member can toggle on a recognition, one of each kind per member.</summary>
    public static IReadOnlyList<string> ReactionKinds { get; } = ["Applause", "Heart", "Star", "Smile"];

    /// <summary>
    /// Checks a recognition given by <paramref name="giverId"/>. <paramref name="memberExists"/> says
    /// whether an id is an active member of the giver's organization (another organization's member
    /// reads exactly like an unknown id). <paramref name="pillarIds"/> and <paramref name="standardIds"/>
    /// are those of the latest published vision.
    /// </summary>
    public static RecognitionCheck Validate(
        RecognitionInput input,
        string giverId,
        Func<string, bool> memberExists,
        IReadOnlySet<string> pillarIds,
        IReadOnlySet<string> standardIds)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(memberExists);
        ArgumentNullException.ThrowIfNull(pillarIds);
        ArgumentNullException.ThrowIfNull(standardIds);
        var errors = new List<ValidationError>();

        var memberId = input.MemberId?.Trim();
        if (string.IsNullOrEmpty(memberId))
        {
            errors.Add(new("memberId", "Say whom you recognize: the id of a member of your organization."));
        }
        else if (string.Equals(memberId, giverId, StringComparison.Ordinal))
        {
            errors.Add(new("memberId", "You cannot recognize yourself; ask a colleague or a leader to recognize you."));
        }
        else if (!TextRules.IsWellFormedId(memberId) || !memberExists(memberId))
        {
            errors.Add(new("memberId", "There is no member with this id in your organization."));
        }

        TextRules.RequireParagraphs(errors, "story", input.Story, MaxStoryLength);

        var pillars = Ids(errors, "pillarIds", input.PillarIds, MaxPillars, pillarIds, "pillar", required: true);
        var standards = Ids(errors, "standardIds", input.StandardIds, MaxStandards, standardIds, "standard", required: false);

        var responseId = TextRules.TrimToNull(input.FeedbackResponseId);
        if (responseId is not null && !TextRules.IsWellFormedId(responseId))
        {
            errors.Add(new("feedbackResponseId", $"A feedback response id is 1 to {TextRules.MaxIdLength} letters, digits, '-', '_' or '.'."));
        }

        return errors.Count > 0
            ? new RecognitionCheck(null, errors)
            : new RecognitionCheck(new ValidRecognition(memberId!, input.Story!.Trim(), pillars, standards, responseId), []);
    }

    /// <summary>A comment: required, at most <see cref="MaxCommentLength"/> characters.</summary>
    public static IReadOnlyList<ValidationError> ValidateComment(string? text)
    {
        var errors = new List<ValidationError>();
        TextRules.RequireParagraphs(errors, "text", text, MaxCommentLength);
        return errors;
    }

    /// <summary>Why a leader hides a recognition: required, at most <see cref="MaxHideReasonLength"/> characters.</summary>
    public static IReadOnlyList<ValidationError> ValidateHideReason(string? reason)
    {
        var errors = new List<ValidationError>();
        TextRules.RequireParagraphs(errors, "reason", reason, MaxHideReasonLength);
        return errors;
    }

    /// <summary>The reaction kind as spelled in <see cref="ReactionKinds"/> (case-insensitive), or null.</summary>
    public static string? ReactionKind(string? kind) =>
        kind is null ? null : ReactionKinds.FirstOrDefault(k => string.Equals(k, kind.Trim(), StringComparison.OrdinalIgnoreCase));

    private static List<string> Ids(
        List<ValidationError> errors,
        string field,
        IReadOnlyList<string?>? given,
        int max,
        IReadOnlySet<string> known,
        string what,
        bool required)
    {
        var result = new List<string>();
        if (given is null || given.Count == 0)
        {
            if (required)
            {
                errors.Add(new(field, $"Tag at least one {what} of the published vision that the member lived."));
            }

            return result;
        }

        if (given.Count > max)
        {
            errors.Add(new(field, $"At most {max} {what}s; {given.Count} were given."));
            return result;
        }

        for (var i = 0; i < given.Count; i++)
        {
            var id = given[i]?.Trim();
            if (string.IsNullOrEmpty(id) || !known.Contains(id))
            {
                errors.Add(new($"{field}[{i}]", $"This is not a {what} of the published vision."));
            }
            else if (result.Contains(id, StringComparer.Ordinal))
            {
                errors.Add(new($"{field}[{i}]", $"This {what} is listed twice."));
            }
            else
            {
                result.Add(id);
            }
        }

        return result;
    }
}
