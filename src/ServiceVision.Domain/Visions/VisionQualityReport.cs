namespace ServiceVision.Domain.Visions;

/// <summary>The criteria a good customer service vision statement meets (DOMAIN.md).</summary>
public enum VisionCriterion
{
    EasyToUnderstand,
    ConciseAndMemorable,
    ActionableAndEmpowering,
    MeasurableAndObservable,
}

/// <summary>A range of UTF-16 code units in the statement, so a UI can highlight it.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// One thing wrong with a draft statement. <see cref="Code"/> is stable (see
/// <see cref="VisionFindingCodes"/>); <see cref="Message"/> says what is wrong and why it matters.
/// </summary>
public sealed record VisionFinding(VisionCriterion Criterion, string Code, string Message, TextSpan? Span = null);

public sealed record CriterionResult(VisionCriterion Criterion, bool Passed);

/// <summary>The outcome of <see cref="VisionQualityCheck.Evaluate"/>.</summary>
/// <param name="Findings">Ordered by criterion, then by position in the statement (statement-wide findings first).</param>
/// <param name="Criteria">One entry per <see cref="VisionCriterion"/>, in declaration order.</param>
public sealed record VisionQualityReport(IReadOnlyList<VisionFinding> Findings, IReadOnlyList<CriterionResult> Criteria)
{
    public bool MeetsAllCriteria => Criteria.All(c => c.Passed);
}

/// <summary>The stable codes of <see cref="VisionFinding.Code"/>; clients may key help texts on them.</summary>
public static class VisionFindingCodes
{
    /// <summary>No words at all. Reported alone; every criterion fails.</summary>
    public const string Empty = "empty";

    /// <summary>More than <see cref="VisionQualityCheck.MaxWords"/> words.</summary>
    public const string TooLong = "too-long";

    /// <summary>More than <see cref="VisionQualityCheck.MaxSentences"/> sentences.</summary>
    public const string TooManySentences = "too-many-sentences";

    /// <summary>A sentence of more than <see cref="VisionQualityCheck.MaxWordsPerSentence"/> words.</summary>
    public const string LongSentence = "long-sentence";

    /// <summary>Too many words of <see cref="VisionQualityCheck.LongWordSyllables"/> or more syllables; one finding per such word.</summary>
    public const string HardWords = "hard-words";

    /// <summary>A word or phrase from <see cref="VisionWordLists.Jargon"/>.</summary>
    public const string Jargon = "jargon";

    /// <summary>A word from <see cref="VisionWordLists.VagueWords"/> not tied to an observable action in its sentence.</summary>
    public const string VagueWord = "vague-word";

    /// <summary>No verb from <see cref="VisionWordLists.ActionVerbs"/>.</summary>
    public const string NoActionVerb = "no-action-verb";

    /// <summary>A hedge from <see cref="VisionWordLists.Hedges"/>, or a passive construction.</summary>
    public const string PassiveOrHedged = "passive-or-hedged";

    /// <summary>Nothing from <see cref="VisionWordLists.ObservableActions"/> or <see cref="VisionWordLists.MeasureWords"/>, and no number.</summary>
    public const string NotObservable = "not-observable";
}
