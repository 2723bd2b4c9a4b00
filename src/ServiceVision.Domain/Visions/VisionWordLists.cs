namespace ServiceVision.Domain.Visions;

/// <summary>
/// Every word list <see cref="VisionQualityCheck"/> uses, in one place so they can be extended.
/// Entries are lower case; an entry of several words ("try to", "best-in-class") matches those
/// words in a row, separated by spaces or hyphens. Matching is case-insensitive and on whole words.
/// </summary>
public static class VisionWordLists
{
    /// <summary>Business-speak that front-line employees and customers don't use, so they won't understand or repeat it.</summary>
    public static IReadOnlyList<string> Jargon { get; } =
    [
        "synergy", "synergies", "synergistic",
        "leverage", "leverages", "leveraged", "leveraging",
        "best-in-class", "best practice", "best practices",
        "paradigm", "paradigms", "paradigm shift",
        "stakeholder", "stakeholders",
        "value-add", "value-added", "value proposition",
        "holistic", "holistically",
        "customer-centric", "customer-centricity",
        "ecosystem", "bandwidth", "deliverables",
        "core competency", "core competencies",
        "omnichannel", "end-to-end", "next-level", "mission-critical",
        "utilize", "utilise", "utilizing", "utilising",
        "optimize", "optimise", "optimizing", "optimising",
        "operationalize", "operationalise",
        "move the needle", "low-hanging fruit", "going forward", "circle back", "touch base",
        "win-win", "game-changer", "game-changing", "thought leadership", "kpi", "kpis",
    ];

    /// <summary>
    /// Praise nobody can see or measure. Vague unless the same sentence names an observable
    /// action (<see cref="ObservableActions"/>) that says what the word means in practice.
    /// </summary>
    public static IReadOnlyList<string> VagueWords { get; } =
    [
        "excellent", "excellence", "great", "greatest", "quality", "best", "good",
        "amazing", "awesome", "outstanding", "superior", "exceptional", "wonderful",
        "fantastic", "incredible", "superb", "remarkable", "extraordinary", "perfect",
        "world-class", "first-class", "top-notch", "premium", "unparalleled", "unmatched",
        "unrivalled", "unrivaled",
    ];

    /// <summary>Words that make the statement an attempt instead of a commitment, which lets people off the hook.</summary>
    public static IReadOnlyList<string> Hedges { get; } =
    [
        "try to", "tries to", "trying to",
        "strive to", "strives to", "striving to",
        "aim to", "aims to", "aiming to",
        "attempt to", "attempts to", "attempting to",
        "seek to", "seeks to", "seeking to",
        "hope", "hopes", "hoping", "hopefully",
        "may", "might", "ideally",
        "where possible", "if possible", "whenever possible", "as much as possible",
    ];

    /// <summary>
    /// Verbs that tell an employee what to do (base forms; "-s", "-ing" and "-ed" forms are
    /// derived, plus <see cref="IrregularVerbForms"/>).
    /// </summary>
    public static IReadOnlyList<string> ActionVerbs { get; } =
    [
        "make", "create", "deliver", "help", "treat", "greet", "listen", "resolve", "anticipate",
        "exceed", "ensure", "welcome", "serve", "care", "build", "solve", "answer", "respond",
        "reply", "thank", "smile", "call", "fix", "guide", "support", "delight", "surprise",
        "remember", "ask", "explain", "follow", "keep", "give", "go", "take", "own", "offer",
        "show", "share", "provide", "earn", "protect", "respect", "celebrate", "connect",
        "engage", "recover", "learn", "know", "find", "personalize", "personalise", "empower",
        "apologize", "apologise", "acknowledge", "understand", "return",
    ];

    /// <summary>
    /// Things you can see someone do, or see a customer do or feel as a result (verbs, inflected
    /// like <see cref="ActionVerbs"/>). They make a statement observable and tie a vague word
    /// to a behaviour.
    /// </summary>
    public static IReadOnlyList<string> ObservableActions { get; } =
    [
        "feel", "leave", "smile", "greet", "thank", "listen", "call", "answer", "reply", "respond",
        "return", "remember", "recommend", "follow up", "come back", "explain", "ask", "apologize",
        "apologise", "introduce", "welcome", "walk",
    ];

    /// <summary>Words that make a statement measurable: how often, how fast, for whom (exact words; any number also counts).</summary>
    public static IReadOnlyList<string> MeasureWords { get; } =
    [
        "every", "each", "time", "times", "first", "within", "before", "once", "same day",
        "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days",
        "name", "names", "by name", "eye contact",
    ];

    /// <summary>Forms that the "-s/-ing/-ed" rules get wrong; when a verb is listed here its regular "-ed" form is not derived.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> IrregularVerbForms { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["make"] = ["made"],
            ["build"] = ["built"],
            ["keep"] = ["kept"],
            ["give"] = ["gave", "given"],
            ["go"] = ["went", "gone"],
            ["take"] = ["took", "taken"],
            ["know"] = ["knew", "known"],
            ["find"] = ["found"],
            ["show"] = ["showed", "shown"],
            ["understand"] = ["understood"],
            ["feel"] = ["felt"],
            ["leave"] = ["left"],
            ["come"] = ["came"],
        };

    /// <summary>Forms of "to be" that start a passive construction ("is greeted").</summary>
    public static IReadOnlyList<string> BeForms { get; } =
        ["am", "is", "are", "was", "were", "be", "been", "being", "we're", "they're", "you're", "i'm"];

    /// <summary>Past participles that don't end in "-ed", for the passive check.</summary>
    public static IReadOnlyList<string> IrregularParticiples { get; } =
    [
        "made", "done", "given", "seen", "heard", "told", "kept", "known", "taken", "shown",
        "met", "brought", "found", "held", "left", "built", "sold", "paid", "understood", "taught",
    ];

    /// <summary>Words allowed between "to be" and the participle ("are always greeted"), besides any "-ly" adverb.</summary>
    public static IReadOnlyList<string> PassiveFillers { get; } = ["not", "always", "never", "also", "all"];
}
