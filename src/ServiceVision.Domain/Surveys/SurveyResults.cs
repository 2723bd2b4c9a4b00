using System.Globalization;

namespace ServiceVision.Domain.Surveys;

/// <summary>A dimension responses are grouped by.</summary>
public enum ResultDimension
{
    Location,
    Department,
    Touchpoint,

    /// <summary>The ISO week (its Monday, UTC) the response arrived in.</summary>
    Week,
}

/// <summary>Narrows results to one group of each named dimension (null: every group).</summary>
public sealed record ResultsFilter(string? LocationId, string? DepartmentId, string? Touchpoint, string? Week)
{
    public static ResultsFilter None { get; } = new(null, null, null, null);

    public IEnumerable<(ResultDimension Dimension, string Group)> Terms()
    {
        if (LocationId is not null)
        {
            yield return (ResultDimension.Location, LocationId);
        }

        if (DepartmentId is not null)
        {
            yield return (ResultDimension.Department, DepartmentId);
        }

        if (Touchpoint is not null)
        {
            yield return (ResultDimension.Touchpoint, Touchpoint);
        }

        if (Week is not null)
        {
            yield return (ResultDimension.Week, Week);
        }
    }
}

/// <param name="Groups">The fewest responses a group (or a filtered view) must have to be shown.</param>
/// <param name="Comments">The fewest comments a view must have for its comments to be shown.</param>
public sealed record AnonymityThresholds(int Groups, int Comments)
{
    public static AnonymityThresholds Default { get; } = new(SurveyRules.DefaultAnonymityThreshold, SurveyRules.DefaultCommentThreshold);
}

/// <summary>How one value or choice of a question was answered.</summary>
public sealed record DistributionEntry(string Value, int Count);

/// <summary>One question's results: how many answered, the average of a scale, the distribution of a scale or choice question.</summary>
public sealed record QuestionResult(string QuestionId, QuestionType Type, string Text, int Answered, decimal? Average, IReadOnlyList<DistributionEntry> Distribution);

/// <summary>One group of a breakdown.</summary>
public sealed record GroupResult(string GroupId, int Responses, ScoreSummary Scores, IReadOnlyList<QuestionResult> Questions);

/// <summary>Tag and how many responses carry it.</summary>
public sealed record PainPointCount(string Tag, int Count);

/// <summary>
/// Results of a (filtered) view. When <see cref="Suppressed"/> nothing else is given: the view is too
/// small, or differs from a wider view by too few responses. Groups that cannot be shown are left out
/// of <see cref="Breakdown"/>, and only their number is said.
/// </summary>
public sealed record SurveyResultsView(
    bool Suppressed,
    string? SuppressedReason,
    int? Responses,
    ScoreSummary? Scores,
    IReadOnlyList<QuestionResult> Questions,
    ResultDimension? BreakdownBy,
    IReadOnlyList<GroupResult> Breakdown,
    int HiddenGroups,
    bool CommentsShown,
    IReadOnlyList<string> Comments,
    IReadOnlyList<PainPointCount> PainPoints);

/// <summary>
/// Survey results with anonymity. The rule (documented in docs/api/surveys.md):
/// <list type="number">
/// <item>A view (the responses matching every filter) is shown only when it has at least <c>k</c>
/// responses (<see cref="AnonymityThresholds.Groups"/>) AND, for each filter, dropping that filter
/// adds either no response or at least <c>k</c>: so "filter A" minus "filter A + B" never isolates
/// fewer than k responses. Otherwise the view is suppressed entirely (not even its count).</item>
/// <item>A breakdown group is shown only when it passes rule 1 as a view itself (the filters plus
/// the group).</item>
/// <item>Complementary suppression: responses of hidden groups (including responses without a value in
/// the dimension) must total 0 or at least <c>k</c>; otherwise the smallest shown group is hidden too,
/// until they do. So "the view's total minus the shown groups" never reveals a small group.</item>
/// <item>Comments follow rule 1 with the comment threshold, counting only responses with a comment, are
/// sorted (never in arrival order) and carry nothing else of their response.</item>
/// </list>
/// At most <see cref="MaxFilters"/> filters apply at once.
/// </summary>
public static class SurveyResults
{
    public const int MaxFilters = 2;

    /// <summary>The group of <paramref name="response"/> in <paramref name="dimension"/>, or null.</summary>
    public static string? GroupOf(SurveyResponse response, ResultDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(response);
        return dimension switch
        {
            ResultDimension.Location => response.LocationId,
            ResultDimension.Department => response.DepartmentId,
            ResultDimension.Touchpoint => response.Touchpoint is { } t ? NormalizeTouchpoint(t) : null,
            _ => WeekOf(response.SubmittedAt),
        };
    }

    /// <summary>Touchpoints group ignoring case and spacing: lower case, single spaces.</summary>
    public static string NormalizeTouchpoint(string touchpoint)
    {
        ArgumentNullException.ThrowIfNull(touchpoint);
        return string.Join(' ', touchpoint.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The Monday (UTC) of the ISO week of <paramref name="at"/>, as yyyy-MM-dd.</summary>
    public static string WeekOf(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static bool Matches(SurveyResponse response, IEnumerable<(ResultDimension Dimension, string Group)> terms) =>
        terms.All(t => string.Equals(GroupOf(response, t.Dimension), t.Dimension == ResultDimension.Touchpoint ? NormalizeTouchpoint(t.Group) : t.Group, StringComparison.Ordinal));

    /// <summary>
    /// Rule 1: whether the responses matching <paramref name="terms"/> may be shown with threshold
    /// <paramref name="k"/>, among <paramref name="population"/>.
    /// </summary>
    public static bool MayShow(IReadOnlyList<SurveyResponse> population, IReadOnlyList<(ResultDimension Dimension, string Group)> terms, int k)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(terms);
        var count = population.Count(r => Matches(r, terms));
        if (count < k)
        {
            return false;
        }

        for (var i = 0; i < terms.Count; i++)
        {
            var wider = terms.Where((_, j) => j != i).ToList();
            var difference = population.Count(r => Matches(r, wider)) - count;
            if (difference > 0 && difference < k)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The results of <paramref name="responses"/> under <paramref name="filter"/>, broken down by <paramref name="breakdown"/>.</summary>
    public static SurveyResultsView Compute(
        IReadOnlyList<SurveyQuestion> questions,
        IReadOnlyList<SurveyResponse> responses,
        ResultsFilter filter,
        ResultDimension? breakdown,
        AnonymityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(thresholds);
        var terms = filter.Terms().ToList();
        if (terms.Count > MaxFilters)
        {
            throw new ArgumentException($"At most {MaxFilters} filters apply at once.", nameof(filter));
        }

        var k = thresholds.Groups;
        if (!MayShow(responses, terms, k))
        {
            return new SurveyResultsView(true, $"Fewer than {k} responses match, or the filters differ from a wider view by fewer than {k}: nothing is shown so no one can be singled out.",
                null, null, [], breakdown, [], 0, false, [], []);
        }

        var view = responses.Where(r => Matches(r, terms)).ToList();
        var groups = new List<GroupResult>();
        var hidden = 0;
        if (breakdown is { } dimension)
        {
            (groups, hidden) = Breakdown(questions, responses, view, terms, dimension, k);
        }

        var withComments = responses.Where(r => HasComment(questions, r)).ToList();
        var commentsShown = MayShow(withComments, terms, thresholds.Comments);
        IReadOnlyList<string> comments = commentsShown
            ? [.. view.SelectMany(r => CommentsOf(questions, r)).Order(StringComparer.Ordinal)]
            : [];
        return new SurveyResultsView(
            false,
            null,
            view.Count,
            SurveyScores.Summarize(questions, view),
            Questions(questions, view),
            breakdown,
            groups,
            hidden,
            commentsShown,
            comments,
            PainPoints.Count(questions, view));
    }

    private static (List<GroupResult> Groups, int Hidden) Breakdown(
        IReadOnlyList<SurveyQuestion> questions,
        IReadOnlyList<SurveyResponse> population,
        List<SurveyResponse> view,
        List<(ResultDimension Dimension, string Group)> terms,
        ResultDimension dimension,
        int k)
    {
        var byGroup = view.Where(r => GroupOf(r, dimension) is not null)
            .GroupBy(r => GroupOf(r, dimension)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var others = terms.Where(t => t.Dimension != dimension).ToList();
        var shown = byGroup
            .Where(g => MayShow(population, [.. others, (dimension, g.Key)], k))
            .OrderBy(g => g.Value.Count)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

        // Complementary suppression: what the shown groups leave out must not be a small group.
        while (shown.Count > 0)
        {
            var leftOut = view.Count - shown.Sum(g => g.Value.Count);
            if (leftOut == 0 || leftOut >= k)
            {
                break;
            }

            shown.RemoveAt(0);
        }

        var groups = shown
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GroupResult(g.Key, g.Value.Count, SurveyScores.Summarize(questions, g.Value), Questions(questions, g.Value)))
            .ToList();
        return (groups, byGroup.Count - groups.Count);
    }

    private static bool HasComment(IReadOnlyList<SurveyQuestion> questions, SurveyResponse response) => CommentsOf(questions, response).Any();

    private static IEnumerable<string> CommentsOf(IReadOnlyList<SurveyQuestion> questions, SurveyResponse response) =>
        questions.Where(q => q.Type == QuestionType.FreeText)
            .Select(q => response.AnswerTo(q.Id)?.Text)
            .OfType<string>()
            .Where(t => t.Length > 0);

    /// <summary>Per question: how many answered, a scale's average and distribution (every value of the scale), a choice question's counts per choice.</summary>
    public static IReadOnlyList<QuestionResult> Questions(IReadOnlyList<SurveyQuestion> questions, IReadOnlyList<SurveyResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(responses);
        var results = new List<QuestionResult>(questions.Count);
        foreach (var question in questions)
        {
            var answers = responses.Select(r => r.AnswerTo(question.Id)).OfType<SurveyAnswer>().ToList();
            switch (question.Type)
            {
                case QuestionType.Scale:
                    var values = answers.Select(a => a.Value).OfType<int>().ToList();
                    var distribution = Enumerable.Range(question.Min ?? 0, (question.Max ?? 0) - (question.Min ?? 0) + 1)
                        .Select(v => new DistributionEntry(v.ToString(CultureInfo.InvariantCulture), values.Count(x => x == v)))
                        .ToList();
                    results.Add(new QuestionResult(question.Id, question.Type, question.Text, values.Count, SurveyScores.Average(values), distribution));
                    break;
                case QuestionType.SingleChoice or QuestionType.MultipleChoice:
                    results.Add(new QuestionResult(question.Id, question.Type, question.Text, answers.Count, null,
                        [.. question.Choices.Select(c => new DistributionEntry(c.Id, answers.Count(a => a.ChoiceIds.Contains(c.Id, StringComparer.Ordinal))))]));
                    break;
                default:
                    results.Add(new QuestionResult(question.Id, question.Type, question.Text, answers.Count, null, []));
                    break;
            }
        }

        return results;
    }
}
