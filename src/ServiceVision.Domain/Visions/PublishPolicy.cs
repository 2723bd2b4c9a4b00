using System.Globalization;

namespace ServiceVision.Domain.Visions;

public enum ReviewVerdict
{
    Comment,
    Approve,
    RequestChanges,
}

public sealed record Review(string ReviewerMemberId, ReviewVerdict Verdict, DateTimeOffset At);

/// <summary>The review history of one draft.</summary>
public sealed record DraftReviewState(DateTimeOffset LastEditedAt, IReadOnlyList<Review> Reviews, string AuthorMemberId);

/// <summary>Whether a draft may be published and, if not, exactly what is missing.</summary>
public sealed record PublishDecision(bool CanPublish, IReadOnlyList<string> Reasons);

/// <summary>
/// An organization's rule for publishing a draft vision: how many reviewers must approve it and
/// how long it must rest after its last edit (the methodology says to set a draft aside for days
/// and have several people read it).
/// </summary>
public sealed record PublishRule(int RequiredApprovals, TimeSpan RestPeriod, bool BlockOnChangesRequested)
{
    public const int MaxRequiredApprovals = 20;
    public static readonly TimeSpan MaxRestPeriod = TimeSpan.FromDays(30);

    /// <summary>2 approvals, a 48-hour rest, and an open change request blocks.</summary>
    public static PublishRule Default { get; } = new(2, TimeSpan.FromHours(48), BlockOnChangesRequested: true);

    /// <summary>Approvals 0..<see cref="MaxRequiredApprovals"/>; rest period 0..<see cref="MaxRestPeriod"/> (both inclusive).</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (RequiredApprovals is < 0 or > MaxRequiredApprovals)
        {
            errors.Add(new("requiredApprovals", $"Required approvals must be between 0 and {MaxRequiredApprovals}; got {RequiredApprovals}."));
        }

        if (RestPeriod < TimeSpan.Zero || RestPeriod > MaxRestPeriod)
        {
            errors.Add(new(
                "restPeriod",
                string.Create(CultureInfo.InvariantCulture, $"The rest period must be between 0 and {MaxRestPeriod.TotalDays:0} days; got {RestPeriod.TotalDays:0.##} days.")));
        }

        return errors;
    }
}

public static class PublishPolicy
{
    /// <summary>
    /// Decides whether a draft may be published at <paramref name="now"/>.
    /// <list type="bullet">
    /// <item>Only reviews given strictly after the last edit count: an edit invalidates earlier reads.</item>
    /// <item>The author's reviews are ignored: the author acts on the draft by editing it, and can't approve their own work.</item>
    /// <item>Each reviewer counts once, by their latest approve or request-changes verdict (latest <see cref="Review.At"/>; ties go to
    /// the later entry). Comments don't change a reviewer's standing.</item>
    /// <item>At least <see cref="PublishRule.RequiredApprovals"/> reviewers must stand at approve; if
    /// <see cref="PublishRule.BlockOnChangesRequested"/>, none may stand at request-changes.</item>
    /// <item>The rest period runs from the last edit; publishing is allowed from the moment it ends.</item>
    /// <item>An invalid rule never allows publishing.</item>
    /// </list>
    /// </summary>
    public static PublishDecision Evaluate(PublishRule rule, DraftReviewState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(state);

        var ruleErrors = rule.Validate();
        if (ruleErrors.Count > 0)
        {
            return new PublishDecision(false, [.. ruleErrors.Select(e => $"the publish rule is invalid: {e.Message}")]);
        }

        var standing = (state.Reviews ?? [])
            .Select((review, index) => (review, index))
            .Where(r => r.review.At > state.LastEditedAt
                && r.review.Verdict != ReviewVerdict.Comment
                && !string.Equals(r.review.ReviewerMemberId, state.AuthorMemberId, StringComparison.Ordinal))
            .GroupBy(r => r.review.ReviewerMemberId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.review.At).ThenBy(r => r.index).Last().review)
            .ToList();

        var reasons = new List<string>();
        var approvals = standing.Count(r => r.Verdict == ReviewVerdict.Approve);
        if (approvals < rule.RequiredApprovals)
        {
            reasons.Add($"{approvals} of {rule.RequiredApprovals} approvals since the last edit");
        }

        var requesters = standing
            .Where(r => r.Verdict == ReviewVerdict.RequestChanges)
            .Select(r => r.ReviewerMemberId)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (rule.BlockOnChangesRequested && requesters.Count > 0)
        {
            reasons.Add($"changes requested by {string.Join(", ", requesters)}");
        }

        var restEnds = state.LastEditedAt + rule.RestPeriod;
        if (now < restEnds)
        {
            reasons.Add($"rest period ends at {FormatUpToMinute(restEnds)}");
        }

        return new PublishDecision(reasons.Count == 0, reasons);
    }

    /// <summary>UTC to the minute, rounded up so the time shown is never before publishing is allowed.</summary>
    private static string FormatUpToMinute(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var pastMinute = utc.Ticks % TimeSpan.TicksPerMinute;
        if (pastMinute != 0)
        {
            utc = utc.AddTicks(TimeSpan.TicksPerMinute - pastMinute);
        }

        return utc.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
    }
}
