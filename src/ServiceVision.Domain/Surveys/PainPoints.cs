using System.Text;

namespace ServiceVision.Domain.Surveys;

/// <summary>
/// Pain points: what customers and members complain about, tagged by a fixed keyword rule set
/// (<see cref="Rules"/>; whole words, ignoring case) on free-text answers, plus the tags leaders add
/// to a response. A low score (CSAT ≤ 2, NPS ≤ 6, a pulse or other scale answer in the lowest
/// fifth of its range) without any other tag counts as <see cref="UntaggedLowScore"/>.
/// </summary>
public static class PainPoints
{
    public const string UntaggedLowScore = "Low score";
    public const int MaxLeaderTags = 10;
    public const int MaxTagLength = 40;

    /// <summary>Tag and the words (lower case) that raise it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Rules { get; } = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["Waiting"] = Words("wait", "waited", "waiting", "slow", "slowly", "queue", "queued", "line", "delay", "delayed", "late", "forever", "ages"),
        ["Attitude"] = Words("rude", "impolite", "unfriendly", "ignored", "arrogant", "dismissive", "condescending", "shouted", "yelled", "attitude"),
        ["Cleanliness"] = Words("dirty", "messy", "filthy", "smell", "smelly", "unclean", "sticky"),
        ["Price"] = Words("expensive", "overpriced", "overcharged", "price", "prices", "pricey", "cost", "charged"),
        ["Quality"] = Words("broken", "wrong", "cold", "stale", "mistake", "mistakes", "error", "damaged", "faulty"),
        ["Communication"] = Words("unclear", "confusing", "confused", "explain", "explained", "informed", "callback", "answer", "answered", "respond", "responded"),
        ["Knowledge"] = Words("clueless", "untrained", "unhelpful", "incompetent", "knowledge", "knew"),
    };

    private static HashSet<string> Words(params string[] words) => new(words, StringComparer.Ordinal);

    /// <summary>The rule-set tags a text raises, in the order of <see cref="Rules"/>.</summary>
    public static IReadOnlyList<string> TagsOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var words = Tokens(text);
        return [.. Rules.Where(rule => words.Overlaps(rule.Value)).Select(rule => rule.Key)];
    }

    private static HashSet<string> Tokens(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            builder.Append(char.IsLetter(c) ? c : ' ');
        }

        return new HashSet<string>(builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
    }

    /// <summary>Whether an answer to <paramref name="question"/> is a low score.</summary>
    public static bool IsLowScore(SurveyQuestion question, int value)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.Metric switch
        {
            QuestionMetric.Csat => value <= 2,
            QuestionMetric.Nps => value <= 6,
            _ => question.Type == QuestionType.Scale && question.Min is { } min && question.Max is { } max && (value - min) * 5 < (max - min + 1),
        };
    }

    /// <summary>The tags of one response: rule tags of its free text, its leader tags, or the low-score tag.</summary>
    public static IReadOnlyList<string> TagsOf(IReadOnlyList<SurveyQuestion> questions, SurveyResponse response)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(response);
        var tags = new List<string>();
        var low = false;
        foreach (var question in questions)
        {
            var answer = response.AnswerTo(question.Id);
            if (answer?.Text is { } text)
            {
                tags.AddRange(TagsOf(text));
            }

            if (answer?.Value is { } value && IsLowScore(question, value))
            {
                low = true;
            }
        }

        tags.AddRange(response.LeaderTags);
        var distinct = tags.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count == 0 && low)
        {
            distinct.Add(UntaggedLowScore);
        }

        return distinct;
    }

    /// <summary>How many responses carry each tag, most frequent first.</summary>
    public static IReadOnlyList<PainPointCount> Count(IReadOnlyList<SurveyQuestion> questions, IEnumerable<SurveyResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        return [.. responses.SelectMany(r => TagsOf(questions, r))
            .GroupBy(t => t, StringComparer.OrdinalIgnoreCase)
            .Select(g => new PainPointCount(g.Key, g.Count()))
            .OrderByDescending(p => p.Count)
            .ThenBy(p => p.Tag, StringComparer.Ordinal)];
    }
}
