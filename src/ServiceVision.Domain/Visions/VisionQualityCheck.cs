namespace ServiceVision.Domain.Visions;

/// <summary>
/// Checks a draft customer service vision statement against the criteria of a good vision
/// (easy to understand; concise and memorable; actionable and empowering; measurable and
/// observable) and explains each finding. Heuristic, English word lists
/// (<see cref="VisionWordLists"/>), deterministic.
/// </summary>
/// <remarks>
/// Rules, by criterion:
/// <list type="bullet">
/// <item>Statement-wide: no words at all gives a single <c>empty</c> finding (filed under EasyToUnderstand) and fails every criterion.</item>
/// <item>Easy to understand: <c>jargon</c> for each jargon word or phrase; <c>long-sentence</c> for a sentence of more than
/// <see cref="MaxWordsPerSentence"/> words; <c>hard-words</c> for each word of <see cref="LongWordSyllables"/>+ syllables when there
/// are at least <see cref="MinLongWordsToFlag"/> of them and they are more than <see cref="MaxLongWordShare"/> of the words.</item>
/// <item>Concise and memorable: <c>too-long</c> above <see cref="MaxWords"/> words; <c>too-many-sentences</c> above <see cref="MaxSentences"/>.</item>
/// <item>Actionable and empowering: <c>no-action-verb</c> when no action verb appears; <c>passive-or-hedged</c> for each hedge
/// ("try to", "may", ...) and each passive construction ("is greeted").</item>
/// <item>Measurable and observable: <c>vague-word</c> for each vague word whose sentence names no observable action;
/// <c>not-observable</c> when the statement has no observable action, measure word or number.</item>
/// </list>
/// Words claimed by a jargon or vague match ("first" in "first-class") count for nothing else.
/// </remarks>
public static class VisionQualityCheck
{
    /// <summary>People remember statements of up to this many words.</summary>
    public const int MaxWords = 25;

    /// <summary>A vision people can repeat from memory fits in one or two sentences.</summary>
    public const int MaxSentences = 2;

    /// <summary>Longer sentences are hard to follow on first hearing.</summary>
    public const int MaxWordsPerSentence = 20;

    /// <summary>Words with at least this many syllables count as long.</summary>
    public const int LongWordSyllables = 4;

    /// <summary>Long words are flagged when they are more than this share of the words...</summary>
    public const double MaxLongWordShare = 0.25;

    /// <summary>...and there are at least this many, so one necessary long word in a short statement passes.</summary>
    public const int MinLongWordsToFlag = 2;

    private static readonly PhraseList Jargon = new(VisionWordLists.Jargon);
    private static readonly PhraseList Vague = new(VisionWordLists.VagueWords);
    private static readonly PhraseList Hedges = new(VisionWordLists.Hedges);
    private static readonly PhraseList ActionVerbs = new(VerbForms.Expand(VisionWordLists.ActionVerbs, VisionWordLists.IrregularVerbForms));
    private static readonly PhraseList ObservableActions = new(VerbForms.Expand(VisionWordLists.ObservableActions, VisionWordLists.IrregularVerbForms));
    private static readonly PhraseList MeasureWords = new(VisionWordLists.MeasureWords);
    private static readonly HashSet<string> BeForms = [.. VisionWordLists.BeForms.Select(StatementText.Normalize)];
    private static readonly HashSet<string> IrregularParticiples = [.. VisionWordLists.IrregularParticiples.Select(StatementText.Normalize)];
    private static readonly HashSet<string> PassiveFillers = [.. VisionWordLists.PassiveFillers.Select(StatementText.Normalize)];

    public static VisionQualityReport Evaluate(string statement)
    {
        ArgumentNullException.ThrowIfNull(statement);

        var tokens = StatementText.Tokenize(statement);
        var words = StatementText.Words(statement);
        if (words.Count == 0)
        {
            var empty = new VisionFinding(
                VisionCriterion.EasyToUnderstand,
                VisionFindingCodes.Empty,
                "The statement is empty: write one or two sentences that tell every employee what to strive for in every interaction, with every customer.");
            return new VisionQualityReport([empty], [.. Enum.GetValues<VisionCriterion>().Select(c => new CriterionResult(c, false))]);
        }

        var sentences = StatementText.Sentences(statement, words);
        var claimed = new bool[tokens.Count];
        var findings = new List<VisionFinding>();

        // Jargon first, so a vague word inside it ("best" in "best-in-class") isn't reported twice.
        var jargon = Jargon.FindAll(statement, tokens, claimed, claim: true);
        var vague = Vague.FindAll(statement, tokens, claimed, claim: true);

        findings.AddRange(CheckLength(words, sentences));
        findings.AddRange(CheckSentences(sentences));
        findings.AddRange(jargon.Select(m => new VisionFinding(
            VisionCriterion.EasyToUnderstand,
            VisionFindingCodes.Jargon,
            $"\"{Quote(statement, tokens, m)}\" is jargon: employees and customers don't talk this way, so they won't understand or repeat it. Say what you actually do, in everyday words.",
            m.SpanIn(tokens))));
        findings.AddRange(CheckHardWords(statement, tokens, claimed));
        findings.AddRange(CheckActionable(statement, tokens, claimed));
        findings.AddRange(CheckObservable(statement, tokens, claimed, sentences, vague));

        return new VisionQualityReport(
            [.. findings.OrderBy(f => f.Criterion).ThenBy(f => f.Span?.Start ?? -1).ThenBy(f => f.Code, StringComparer.Ordinal)],
            [.. Enum.GetValues<VisionCriterion>().Select(c => new CriterionResult(c, findings.TrueForAll(f => f.Criterion != c)))]);
    }

    private static IEnumerable<VisionFinding> CheckLength(List<TextSpan> words, List<Sentence> sentences)
    {
        if (words.Count > MaxWords)
        {
            var overflow = words[MaxWords].Start;
            yield return new VisionFinding(
                VisionCriterion.ConciseAndMemorable,
                VisionFindingCodes.TooLong,
                $"{words.Count} words: people remember statements of up to {MaxWords} words; cut {words.Count - MaxWords}.",
                new TextSpan(overflow, words[^1].End - overflow));
        }

        if (sentences.Count > MaxSentences)
        {
            var extra = sentences[MaxSentences].Start;
            yield return new VisionFinding(
                VisionCriterion.ConciseAndMemorable,
                VisionFindingCodes.TooManySentences,
                $"{sentences.Count} sentences: a vision people can repeat from memory fits in 1 or {MaxSentences}; merge or cut {sentences.Count - MaxSentences}.",
                new TextSpan(extra, sentences[^1].End - extra));
        }
    }

    private static IEnumerable<VisionFinding> CheckSentences(List<Sentence> sentences) =>
        sentences
            .Where(s => s.WordCount > MaxWordsPerSentence)
            .Select(s => new VisionFinding(
                VisionCriterion.EasyToUnderstand,
                VisionFindingCodes.LongSentence,
                $"This sentence has {s.WordCount} words: a sentence over {MaxWordsPerSentence} words is hard to follow on first hearing; split it or cut {s.WordCount - MaxWordsPerSentence}.",
                new TextSpan(s.Start, s.Length)));

    private static IEnumerable<VisionFinding> CheckHardWords(string statement, List<Token> tokens, bool[] claimed)
    {
        // Jargon is already reported; counting it again would double-flag the same word.
        var letterWords = tokens.Where(StatementText.HasLetter).ToList();
        var longWords = tokens
            .Select((t, i) => (Token: t, Index: i, Syllables: StatementText.Syllables(t.Text)))
            .Where(w => !claimed[w.Index] && w.Syllables >= LongWordSyllables)
            .ToList();
        if (longWords.Count < MinLongWordsToFlag || longWords.Count <= MaxLongWordShare * letterWords.Count)
        {
            return [];
        }

        var limit = (int)Math.Round(MaxLongWordShare * 100);
        return longWords.Select(w => new VisionFinding(
            VisionCriterion.EasyToUnderstand,
            VisionFindingCodes.HardWords,
            $"\"{statement.Substring(w.Token.Start, w.Token.Length)}\" has {w.Syllables} syllables, and {longWords.Count} of {letterWords.Count} words have {LongWordSyllables} or more (over {limit}%): long words make the vision harder to understand and repeat. Prefer short everyday words.",
            w.Token.Span));
    }

    private static IEnumerable<VisionFinding> CheckActionable(string statement, List<Token> tokens, bool[] claimed)
    {
        if (ActionVerbs.FindAll(statement, tokens, claimed, claim: false).Count == 0)
        {
            yield return new VisionFinding(
                VisionCriterion.ActionableAndEmpowering,
                VisionFindingCodes.NoActionVerb,
                "No action verb (such as greet, listen, resolve, help): a vision must tell every employee what to do in each interaction, so say what you do for the customer.");
        }

        foreach (var hedge in Hedges.FindAll(statement, tokens, new bool[tokens.Count], claim: false))
        {
            yield return new VisionFinding(
                VisionCriterion.ActionableAndEmpowering,
                VisionFindingCodes.PassiveOrHedged,
                $"\"{Quote(statement, tokens, hedge)}\" hedges: it makes the vision an attempt instead of a commitment and lets people off the hook. State what you do.",
                hedge.SpanIn(tokens));
        }

        foreach (var passive in FindPassives(statement, tokens))
        {
            yield return new VisionFinding(
                VisionCriterion.ActionableAndEmpowering,
                VisionFindingCodes.PassiveOrHedged,
                $"\"{Quote(statement, tokens, passive)}\" is passive: it hides who acts, so nobody owns it. Say who does what (\"we greet ...\") so every employee sees it is theirs to do.",
                passive.SpanIn(tokens));
        }
    }

    /// <summary>A form of "to be", optionally one "-ly" adverb or filler word, then a past participle ("-ed" but not "-eed", or irregular).</summary>
    private static IEnumerable<PhraseMatch> FindPassives(string statement, List<Token> tokens)
    {
        for (var i = 0; i < tokens.Count - 1; i++)
        {
            if (!BeForms.Contains(tokens[i].Text))
            {
                continue;
            }

            var next = i + 1;
            if (IsFiller(tokens[next].Text) && next + 1 < tokens.Count)
            {
                next++;
            }

            // Punctuation in between ("our goal is: delighted guests") ends the clause.
            var adjacent = Enumerable.Range(i, next - i).All(k => StatementText.OnlySpacesOrHyphensBetween(statement, tokens[k], tokens[k + 1]));
            if (adjacent && IsParticiple(tokens[next].Text))
            {
                yield return new PhraseMatch(i, next - i + 1, tokens[next].Text);
                i = next;
            }
        }
    }

    private static bool IsFiller(string word) =>
        PassiveFillers.Contains(word) || (word.Length > 3 && word.EndsWith("ly", StringComparison.Ordinal));

    private static bool IsParticiple(string word) =>
        IrregularParticiples.Contains(word)
        || (word.Length > 3 && word.EndsWith("ed", StringComparison.Ordinal) && !word.EndsWith("eed", StringComparison.Ordinal));

    private static IEnumerable<VisionFinding> CheckObservable(
        string statement, List<Token> tokens, bool[] claimed, List<Sentence> sentences, List<PhraseMatch> vague)
    {
        var actions = ObservableActions.FindAll(statement, tokens, claimed, claim: false);
        var measures = MeasureWords.FindAll(statement, tokens, claimed, claim: false);
        var hasNumber = tokens.Exists(StatementText.IsNumber);

        // A vague word is fine when its sentence shows what it means ("great service: we greet every guest by name").
        foreach (var match in vague)
        {
            var sentence = sentences.FindIndex(s => s.Contains(tokens[match.First].Start));
            var tied = actions.Exists(a => sentence >= 0 && sentences[sentence].Contains(tokens[a.First].Start));
            if (!tied)
            {
                yield return new VisionFinding(
                    VisionCriterion.MeasurableAndObservable,
                    VisionFindingCodes.VagueWord,
                    $"\"{Quote(statement, tokens, match)}\" is vague: nobody can see or measure it, so it can't be trained or checked. Tie it to something a customer would notice (\"greet every customer by name\") or replace it.",
                    match.SpanIn(tokens));
            }
        }

        if (actions.Count == 0 && measures.Count == 0 && !hasNumber)
        {
            yield return new VisionFinding(
                VisionCriterion.MeasurableAndObservable,
                VisionFindingCodes.NotObservable,
                "Nothing here can be seen or measured: name a behaviour or a customer outcome (\"greet every customer by name\", \"customers leave feeling heard\") so it can be trained and checked.");
        }
    }

    private static string Quote(string statement, List<Token> tokens, PhraseMatch match)
    {
        var span = match.SpanIn(tokens);
        return statement.Substring(span.Start, span.Length);
    }
}
