namespace ServiceVision.Domain.Visions;

/// <summary>
/// Limits and input rules of the vision workshop: purpose, culture observations, reviews, the
/// publish rule as people edit it, and what besides reviews keeps a draft from being published.
/// </summary>
public static class VisionWorkshopRules
{
    public const int MaxPurposeLength = 1000;
    public const int MaxObservationLength = 2000;
    public const int MaxAreaLength = 100;
    public const int MaxReviewCommentLength = 2000;

    /// <summary>Open drafts at a time; a workshop with more has lost track of them.</summary>
    public const int MaxOpenDrafts = 100;

    public const int MaxReviewsPerDraft = 500;

    public const int MaxObservations = 10_000;

    /// <summary><see cref="PublishRule.MaxRestPeriod"/> in whole hours.</summary>
    public static int MaxRestPeriodHours { get; } = (int)PublishRule.MaxRestPeriod.TotalHours;

    /// <summary>Both texts are required (an empty string clears one) and at most <see cref="MaxPurposeLength"/> characters.</summary>
    public static IReadOnlyList<ValidationError> ValidatePurpose(string? aspirationalPurpose, string? commonPurpose)
    {
        var errors = new List<ValidationError>();
        Bounded(errors, "aspirationalPurpose", aspirationalPurpose, MaxPurposeLength, required: true, "send an empty string to clear it");
        Bounded(errors, "commonPurpose", commonPurpose, MaxPurposeLength, required: true, "send an empty string to clear it");
        return errors;
    }

    /// <summary>Text 1..<see cref="MaxObservationLength"/> characters after trimming; area optional, at most <see cref="MaxAreaLength"/>.</summary>
    public static IReadOnlyList<ValidationError> ValidateObservation(string? text, string? area)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new("text", "Describe what you observed: how work is really done, in a sentence or two."));
        }
        else
        {
            Bounded(errors, "text", text.Trim(), MaxObservationLength, required: true, null);
        }

        Bounded(errors, "area", area?.Trim(), MaxAreaLength, required: false, null);
        return errors;
    }

    /// <summary>
    /// A verdict name (Approve, RequestChanges, Comment; case-insensitive) and an optional comment of at
    /// most <see cref="MaxReviewCommentLength"/> characters; a Comment verdict needs a comment.
    /// </summary>
    public static IReadOnlyList<ValidationError> ValidateReview(string? verdict, string? comment, out ReviewVerdict parsed)
    {
        var errors = new List<ValidationError>();
        parsed = ReviewVerdict.Comment;
        var match = Enum.GetValues<ReviewVerdict>()
            .Where(v => string.Equals(v.ToString(), verdict?.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(v => (ReviewVerdict?)v)
            .FirstOrDefault();
        if (match is { } value)
        {
            parsed = value;
        }
        else
        {
            errors.Add(new("verdict", string.IsNullOrWhiteSpace(verdict)
                ? "The verdict is required: Approve, RequestChanges or Comment."
                : "The verdict is Approve, RequestChanges or Comment."));
        }

        var trimmed = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (match == ReviewVerdict.Comment && trimmed is null)
        {
            errors.Add(new("comment", "A comment needs its text."));
        }

        Bounded(errors, "comment", trimmed, MaxReviewCommentLength, required: false, null);
        return errors;
    }

    /// <summary>
    /// The publish rule as people edit it (whole hours of rest); every field is required. Fields are
    /// <c>requiredApprovals</c>, <c>restPeriodHours</c> and <c>blockOnChangesRequested</c>.
    /// </summary>
    public static IReadOnlyList<ValidationError> ParsePublishRule(int? requiredApprovals, int? restPeriodHours, bool? blockOnChangesRequested, out PublishRule? rule)
    {
        var errors = new List<ValidationError>();
        rule = null;
        if (requiredApprovals is null)
        {
            errors.Add(new("requiredApprovals", $"How many reviewers must approve a draft (0 to {PublishRule.MaxRequiredApprovals})."));
        }

        if (restPeriodHours is null)
        {
            errors.Add(new("restPeriodHours", $"How many hours a draft rests after its last edit (0 to {MaxRestPeriodHours})."));
        }
        else if (restPeriodHours < 0 || restPeriodHours > MaxRestPeriodHours)
        {
            // Checked here, before building a TimeSpan that could overflow.
            errors.Add(new("restPeriodHours", $"The rest period must be between 0 and {MaxRestPeriodHours} hours; got {restPeriodHours}."));
        }

        if (blockOnChangesRequested is null)
        {
            errors.Add(new("blockOnChangesRequested", "Whether an open change request blocks publishing (true or false)."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var candidate = new PublishRule(requiredApprovals!.Value, TimeSpan.FromHours(restPeriodHours!.Value), blockOnChangesRequested!.Value);
        errors.AddRange(candidate.Validate().Select(e => e.Field == "restPeriod" ? e with { Field = "restPeriodHours" } : e));
        rule = errors.Count == 0 ? candidate : null;
        return errors;
    }

    /// <summary>
    /// What keeps a draft from being published besides its reviews (<see cref="PublishPolicy"/>):
    /// a published vision needs a statement, and a draft based on an older version than the current
    /// one would silently undo the newer version's changes, so it must be based on the current one first.
    /// </summary>
    public static IReadOnlyList<string> PublishBlockers(VisionDocument document, int? basedOnVersion, int? currentVersion)
    {
        ArgumentNullException.ThrowIfNull(document);
        var reasons = new List<string>();
        if (string.IsNullOrWhiteSpace(document.Statement))
        {
            reasons.Add("the statement is empty");
        }

        if (basedOnVersion is { } basis && currentVersion is { } current && basis != current)
        {
            reasons.Add($"the draft is based on version {basis} but version {current} is current; base it on version {current} first");
        }

        return reasons;
    }

    private static void Bounded(List<ValidationError> errors, string field, string? value, int max, bool required, string? hint)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(new(field, hint is null ? "This field is required." : $"This field is required; {hint}."));
            }
        }
        else if (value.Length > max)
        {
            errors.Add(new(field, $"At most {max} characters; got {value.Length}."));
        }
    }
}
