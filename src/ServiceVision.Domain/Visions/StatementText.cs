using System.Globalization;
using System.Text;

namespace ServiceVision.Domain.Visions;

/// <summary>A word for matching: lower case, curly apostrophes straightened; Start/Length point into the original text.</summary>
internal readonly record struct Token(string Text, int Start, int Length)
{
    public int End => Start + Length;

    public TextSpan Span => new(Start, Length);
}

/// <summary>A sentence and the whitespace-separated words in it.</summary>
internal readonly record struct Sentence(int Start, int Length, int WordCount)
{
    public int End => Start + Length;

    public bool Contains(int index) => index >= Start && index < End;
}

/// <summary>Splits a statement into tokens, words and sentences. Deterministic and culture-invariant.</summary>
internal static class StatementText
{
    /// <summary>
    /// Tokens are runs of letters, digits, combining marks and apostrophes. Hyphens split tokens
    /// so "best-in-class" can match as a phrase; apostrophes at either end are quotes, not part of the word.
    /// </summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordRuneAt(text, i, out var size))
            {
                i += size;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordRuneAt(text, i, out size))
            {
                i += size;
            }

            var end = i;
            while (start < end && IsApostrophe(text[start]))
            {
                start++;
            }

            while (end > start && IsApostrophe(text[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                tokens.Add(new Token(Normalize(text[start..end]), start, end - start));
            }
        }

        return tokens;
    }

    /// <summary>
    /// Words as a reader counts them: whitespace-separated chunks with at least one letter or
    /// digit, so "best-in-class" and "24/7" are one word each and a lone dash is none.
    /// </summary>
    public static List<TextSpan> Words(string text)
    {
        var words = new List<TextSpan>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var hasLetterOrDigit = false;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                hasLetterOrDigit |= IsWordRuneAt(text, i, out _) && !IsApostrophe(text[i]);
                i++;
            }

            if (hasLetterOrDigit)
            {
                words.Add(new TextSpan(start, i - start));
            }
        }

        return words;
    }

    /// <summary>
    /// Sentences end at ".", "!", "?" or "…" (optionally followed by closing quotes or brackets)
    /// when whitespace or the end of text follows, so "4.5" and "e.g.," don't split. Sentences
    /// without words are dropped.
    /// </summary>
    public static List<Sentence> Sentences(string text, IReadOnlyList<TextSpan> words)
    {
        var ranges = new List<(int Start, int End)>();
        var start = -1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (start < 0 && !char.IsWhiteSpace(c))
            {
                start = i;
            }

            if (start >= 0 && IsTerminal(c))
            {
                var j = i;
                while (j < text.Length && IsTerminal(text[j]))
                {
                    j++;
                }

                while (j < text.Length && IsCloser(text[j]))
                {
                    j++;
                }

                if (j == text.Length || char.IsWhiteSpace(text[j]))
                {
                    ranges.Add((start, j));
                    start = -1;
                }

                i = j;
                continue;
            }

            i++;
        }

        if (start >= 0)
        {
            var end = text.Length;
            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            ranges.Add((start, end));
        }

        var sentences = new List<Sentence>();
        foreach (var (s, e) in ranges)
        {
            var count = words.Count(w => w.Start >= s && w.Start < e);
            if (count > 0)
            {
                sentences.Add(new Sentence(s, e - s, count));
            }
        }

        return sentences;
    }

    /// <summary>
    /// An English estimate: vowel groups (a, e, i, o, u, y), minus a silent final "e" (but not
    /// "-le" after a consonant) and a silent "-ed" (not after "t" or "d"); at least 1.
    /// </summary>
    public static int Syllables(string word)
    {
        var letters = new string([.. word.Where(char.IsLetter)]);
        if (letters.Length == 0)
        {
            return 0;
        }

        var count = 0;
        var previousWasVowel = false;
        foreach (var c in letters)
        {
            var vowel = "aeiouy".Contains(c, StringComparison.Ordinal);
            if (vowel && !previousWasVowel)
            {
                count++;
            }

            previousWasVowel = vowel;
        }

        var n = letters.Length;
        if (n > 2 && letters[^1] == 'e' && !IsVowel(letters[^2]) && !(letters[^2] == 'l' && !IsVowel(letters[^3])))
        {
            count--;
        }
        else if (n > 3 && letters.EndsWith("ed", StringComparison.Ordinal) && letters[^3] is not ('t' or 'd') && !IsVowel(letters[^3]))
        {
            count--;
        }

        return Math.Max(count, 1);
    }

    public static bool IsNumber(Token token) => token.Text.All(char.IsDigit);

    public static bool HasLetter(Token token) => token.Text.Any(char.IsLetter);

    /// <summary>Two adjacent tokens belong to one phrase when only spaces or hyphens separate them.</summary>
    public static bool OnlySpacesOrHyphensBetween(string text, Token left, Token right)
    {
        for (var i = left.End; i < right.Start; i++)
        {
            var c = text[i];
            if (!char.IsWhiteSpace(c) && c is not ('-' or '\u2010' or '\u2011'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Normalize(string word) => word.Replace('\u2019', '\'').Replace('\u02BC', '\'').ToLowerInvariant();

    private static bool IsVowel(char c) => "aeiouy".Contains(c, StringComparison.Ordinal);

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    private static bool IsTerminal(char c) => c is '.' or '!' or '?' or '\u2026';

    private static bool IsCloser(char c) => c is '"' or '\'' or '\u201D' or '\u2019' or ')' or ']';

    private static bool IsWordRuneAt(string text, int index, out int size)
    {
        _ = Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out size);
        if (size == 1 && IsApostrophe(text[index]))
        {
            return true;
        }

        return Rune.IsLetterOrDigit(rune)
            || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }
}

/// <summary>A run of tokens that matched a phrase.</summary>
internal readonly record struct PhraseMatch(int First, int Count, string Phrase)
{
    public int Last => First + Count - 1;

    public TextSpan SpanIn(IReadOnlyList<Token> tokens) =>
        new(tokens[First].Start, tokens[Last].End - tokens[First].Start);
}

/// <summary>A compiled word list: entries split into words, longest first so "best-in-class" wins over "best".</summary>
internal sealed class PhraseList
{
    private readonly string[][] phrases;

    public PhraseList(IEnumerable<string> entries)
    {
        phrases =
        [
            .. entries
                .Select(e => e.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(words => words.Length > 0)
                .Select(words => words.Select(StatementText.Normalize).ToArray())
                .DistinctBy(words => string.Join(' ', words), StringComparer.Ordinal)
                .OrderByDescending(words => words.Length)
                .ThenBy(words => string.Join(' ', words), StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// Non-overlapping matches, left to right, skipping tokens already claimed by another list;
    /// when <paramref name="claim"/> is set the matched tokens become claimed.
    /// </summary>
    public List<PhraseMatch> FindAll(string text, IReadOnlyList<Token> tokens, bool[] claimed, bool claim)
    {
        var matches = new List<PhraseMatch>();
        var i = 0;
        while (i < tokens.Count)
        {
            var phrase = phrases.FirstOrDefault(p => MatchesAt(text, tokens, claimed, i, p));
            if (phrase is null)
            {
                i++;
                continue;
            }

            matches.Add(new PhraseMatch(i, phrase.Length, string.Join(' ', phrase)));
            if (claim)
            {
                Array.Fill(claimed, true, i, phrase.Length);
            }

            i += phrase.Length;
        }

        return matches;
    }

    private static bool MatchesAt(string text, IReadOnlyList<Token> tokens, bool[] claimed, int first, string[] phrase)
    {
        if (first + phrase.Length > tokens.Count)
        {
            return false;
        }

        for (var k = 0; k < phrase.Length; k++)
        {
            var token = tokens[first + k];
            if (claimed[first + k] || !string.Equals(token.Text, phrase[k], StringComparison.Ordinal))
            {
                return false;
            }

            if (k > 0 && !StatementText.OnlySpacesOrHyphensBetween(text, tokens[first + k - 1], token))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Derives "-s", "-ing" and "-ed" forms of verb entries; the first word of a phrase ("follow up") is inflected.</summary>
internal static class VerbForms
{
    public static IEnumerable<string> Expand(IEnumerable<string> verbs, IReadOnlyDictionary<string, IReadOnlyList<string>> irregular)
    {
        foreach (var entry in verbs)
        {
            var space = entry.IndexOf(' ', StringComparison.Ordinal);
            var verb = space < 0 ? entry : entry[..space];
            var rest = space < 0 ? string.Empty : entry[space..];
            foreach (var form in FormsOf(verb, irregular))
            {
                yield return form + rest;
            }
        }
    }

    private static IEnumerable<string> FormsOf(string verb, IReadOnlyDictionary<string, IReadOnlyList<string>> irregular)
    {
        yield return verb;
        yield return ThirdPerson(verb);
        yield return Participle(verb);
        if (irregular.TryGetValue(verb, out var forms))
        {
            foreach (var form in forms)
            {
                yield return form;
            }
        }
        else
        {
            yield return Past(verb);
        }
    }

    private static string ThirdPerson(string verb) =>
        verb.EndsWith('s') || verb.EndsWith('x') || verb.EndsWith('z') || verb.EndsWith('o')
        || verb.EndsWith("ch", StringComparison.Ordinal) || verb.EndsWith("sh", StringComparison.Ordinal)
            ? verb + "es"
            : EndsWithConsonantY(verb) ? verb[..^1] + "ies" : verb + "s";

    private static string Participle(string verb) =>
        verb.EndsWith("ie", StringComparison.Ordinal) ? verb[..^2] + "ying"
        : verb.EndsWith('e') && !verb.EndsWith("ee", StringComparison.Ordinal) && verb.Length > 2 ? verb[..^1] + "ing"
        : verb + "ing";

    private static string Past(string verb) =>
        verb.EndsWith('e') ? verb + "d"
        : EndsWithConsonantY(verb) ? verb[..^1] + "ied"
        : verb + "ed";

    private static bool EndsWithConsonantY(string verb) =>
        verb.Length > 1 && verb[^1] == 'y' && !"aeiou".Contains(verb[^2], StringComparison.Ordinal);
}
