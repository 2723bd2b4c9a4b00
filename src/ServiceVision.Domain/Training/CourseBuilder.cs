using ServiceVision.Domain.Visions;

namespace ServiceVision.Domain.Training;

/// <summary>
/// Builds the training course of a published vision (step 4 of the improvement plan: employees must
/// know it, understand it and execute it) and the short refreshers a later version calls for.
/// Everything is deterministic: choices are ordered by a hash of the question id and the choice text
/// and lettered after that, so the same vision always yields the same course, and a choice's id says
/// nothing about whether it is right.
/// </summary>
public static class CourseBuilder
{
    public const string VisionCourseId = "vision";
    public const string VisionCourseTitle = "Our customer service vision";
    public const string RecallModuleId = "recall";
    public const string AttestationModuleId = "attestation";
    public const string ScenariosModuleId = "scenarios";
    public const string StatementQuestionId = "recall-statement";
    public const string KeywordQuestionId = "recall-keyword";
    public const string Blank = "_____";

    /// <summary>The most sub-pillars one pillar question lists as right answers.</summary>
    public const int MaxSubPillarChoices = 18;

    private static readonly string[] Loopholes = ["unless we are too busy", "when time allows", "as long as it does not slow us down"];

    private static readonly string[] GenericEndings =
    [
        "and keep every interaction as short as possible.",
        "so that we meet our targets every quarter.",
        "while following our procedures to the letter.",
    ];

    private static readonly string[] GenericStatements =
    [
        "We deliver efficient service that meets our customers' expectations.",
        "We keep costs low and waiting times short.",
        "We follow our procedures so that every customer is treated the same.",
        "We aim to satisfy most customers most of the time.",
    ];

    private static readonly string[] GenericPillars =
    [
        "Speed over everything",
        "The lowest price in town",
        "Strict adherence to procedure",
        "Minimal customer contact",
        "Upselling at every opportunity",
    ];

    private static readonly string[] GenericBehaviours =
    [
        "Finish your current task before greeting the customer",
        "Refer every question to a manager",
        "Stick to the script whatever the customer asks",
        "Keep conversations as short as possible",
        "Leave any follow-up to the customer",
    ];

    private static readonly string[] Situations =
    [
        "It is the busiest hour of the day and a customer needs you.",
        "A regular customer arrives just before closing time.",
        "You are covering for a colleague who is off sick and the queue is growing.",
        "A customer is upset after a long wait.",
        "Your manager is watching this week's numbers closely and you are behind.",
    ];

    private static readonly string[] Shortcuts =
    [
        "Deal with it later, when it is quieter.",
        "Ask a colleague to handle it and carry on with your own task.",
        "Do whatever is quickest and explain afterwards.",
    ];

    // Absolute words a distractor softens, so the wrong statement reads almost like the real one.
    private static readonly Dictionary<string, string> Softer = new(StringComparer.Ordinal)
    {
        ["every"] = "almost every",
        ["each"] = "almost every",
        ["all"] = "most",
        ["always"] = "usually",
        ["never"] = "rarely",
        ["everyone"] = "almost everyone",
        ["everybody"] = "almost everybody",
        ["must"] = "should",
        ["will"] = "try to",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "that", "this", "these", "those", "with", "within", "from", "into", "onto", "their", "there",
        "they", "them", "what", "when", "where", "which", "while", "will", "would", "your", "yours",
        "ours", "have", "been", "every", "each", "always", "never", "about", "than", "then", "also",
        "very", "just", "more", "most", "make", "makes", "feel", "feels", "like", "should", "could",
    };

    /// <summary>
    /// The "vision" course of one published version, modules in this order (each only when there is
    /// something to put in it):
    /// <list type="number">
    /// <item><b>recall</b> (<see cref="ModuleKind.Recall"/>): pick the real statement among three
    /// distractors built from it, and fill in its key word (an observable action if it has one); no
    /// reading material, since the point is to recall it.</item>
    /// <item><b>pillar-{itemId}</b> per pillar (<see cref="ModuleKind.Pillar"/>): the pillar and its
    /// sub-pillars to read, and one question: which of these belong to the pillar (its sub-pillars among
    /// other pillars' sub-pillars), or, for a pillar without sub-pillars, which of these is one of our pillars.</item>
    /// <item><b>attestation</b> (<see cref="ModuleKind.Attestation"/>): the standards, then the never
    /// items, then the always items, each acknowledged by the member.</item>
    /// <item><b>scenarios</b> (<see cref="ModuleKind.Scenarios"/>): per standard a situation and four
    /// choices; the right one applies the standard, the others are a loophole version of it, a never
    /// item or a shortcut.</item>
    /// </list>
    /// Every module and question lists the vision item ids it covers (the recall module covers the
    /// statement, no item). Items of a kind are taken in <see cref="VisionItem.Order"/>.
    /// </summary>
    public static Course FromVision(VisionDocument vision, int versionNumber)
    {
        ArgumentNullException.ThrowIfNull(vision);
        var items = vision.Items
            .Select((item, position) => (item, position))
            .OrderBy(x => x.item.Order)
            .ThenBy(x => x.position)
            .Select(x => x.item)
            .ToList();
        var itemTexts = items.Select(i => Normalize(i.Text)).ToHashSet(StringComparer.Ordinal);

        var modules = new List<CourseModule>();
        if (RecallModule(vision.Statement ?? string.Empty) is { } recall)
        {
            modules.Add(recall);
        }

        var pillars = items.Where(i => i.Kind == VisionItemKind.Pillar).ToList();
        foreach (var pillar in pillars)
        {
            modules.Add(PillarModule(pillar, items, itemTexts));
        }

        // Order sorts siblings, so the lists stay apart: standards, then never, then always.
        var commitments = items.Where(i => i.Kind == VisionItemKind.Standard)
            .Concat(items.Where(i => i.Kind == VisionItemKind.Never))
            .Concat(items.Where(i => i.Kind == VisionItemKind.Always))
            .ToList();
        if (commitments.Count > 0)
        {
            modules.Add(new CourseModule(
                AttestationModuleId,
                ModuleKind.Attestation,
                "Our non-negotiables",
                [.. commitments.Select(i => i.Id)],
                [.. commitments.Select(i => new ContentPoint(i.Id, Label(i)))],
                [],
                [.. commitments.Select(Acknowledge)]));
        }

        var standards = items.Where(i => i.Kind == VisionItemKind.Standard).ToList();
        if (standards.Count > 0)
        {
            var nevers = items.Where(i => i.Kind == VisionItemKind.Never).ToList();
            modules.Add(new CourseModule(
                ScenariosModuleId,
                ModuleKind.Scenarios,
                "Standards in practice",
                [.. standards.Select(s => s.Id)],
                [.. standards.Select(s => new ContentPoint(s.Id, Clean(s.Text)))],
                [.. standards.Select(s => Scenario(s, nevers))],
                []));
        }

        return new Course(VisionCourseId, VisionCourseTitle, versionNumber, modules);
    }

    /// <summary>The id of the refresher course of vision version <paramref name="versionNumber"/>.</summary>
    public static string RefresherCourseId(int versionNumber) => $"refresher-v{versionNumber}";

    /// <summary>
    /// A short course on exactly <paramref name="itemIds"/>, taken from the vision course of the new
    /// version: the pillar modules and scenario questions that cover one of the items, and the
    /// acknowledgements of those items. The recall module covers no item and is left out. No module
    /// when none of the items is in the course.
    /// </summary>
    public static Course Refresher(Course visionCourse, IReadOnlyCollection<string> itemIds, int versionNumber)
    {
        ArgumentNullException.ThrowIfNull(visionCourse);
        ArgumentNullException.ThrowIfNull(itemIds);
        var wanted = itemIds.ToHashSet(StringComparer.Ordinal);
        var modules = new List<CourseModule>();
        foreach (var module in visionCourse.Modules.Where(m => m.ItemIds.Any(wanted.Contains)))
        {
            var covered = module.ItemIds.Where(wanted.Contains).ToList();
            switch (module.Kind)
            {
                case ModuleKind.Attestation:
                    modules.Add(module with
                    {
                        ItemIds = covered,
                        Content = [.. module.Content.Where(c => wanted.Contains(c.ItemId))],
                        Acknowledgements = [.. module.Acknowledgements.Where(a => wanted.Contains(a.ItemId))],
                    });
                    break;
                case ModuleKind.Scenarios:
                    modules.Add(module with
                    {
                        ItemIds = covered,
                        Content = [.. module.Content.Where(c => wanted.Contains(c.ItemId))],
                        Questions = [.. module.Questions.Where(q => q.ItemIds.Any(wanted.Contains))],
                    });
                    break;
                default:
                    // A pillar module is one unit: its question covers the pillar and all its sub-pillars.
                    modules.Add(module with { ItemIds = covered });
                    break;
            }
        }

        return new Course(RefresherCourseId(versionNumber), $"What changed in version {versionNumber} of our vision", versionNumber, modules);
    }

    /// <summary>
    /// The rebuilt course with what leaders edited in the previous one kept where the vision did not
    /// change underneath: an edited question whose items are the same and none of them is in
    /// <paramref name="changedItemIds"/> stays as the leader wrote it, and so does an edited module title
    /// under the same condition, and the course title. Recall questions cover the statement, not an
    /// item, so they are always rebuilt.
    /// </summary>
    public static Course CarryOverEdits(Course? previous, Course rebuilt, IReadOnlyCollection<string> changedItemIds)
    {
        ArgumentNullException.ThrowIfNull(rebuilt);
        ArgumentNullException.ThrowIfNull(changedItemIds);
        if (previous is null)
        {
            return rebuilt;
        }

        var changed = changedItemIds.ToHashSet(StringComparer.Ordinal);
        var oldModules = previous.Modules.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var oldQuestions = previous.Modules.SelectMany(m => m.Questions).GroupBy(q => q.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        bool Unchanged(IReadOnlyList<string> before, IReadOnlyList<string> after) =>
            before.Count > 0 && before.ToHashSet(StringComparer.Ordinal).SetEquals(after) && !after.Any(changed.Contains);

        var modules = rebuilt.Modules.Select(module =>
        {
            var kept = oldModules.TryGetValue(module.Id, out var old) && old.Edited && Unchanged(old.ItemIds, module.ItemIds)
                ? module with { Title = old.Title, Edited = true }
                : module;
            return kept with
            {
                Questions = [.. module.Questions.Select(q =>
                    oldQuestions.TryGetValue(q.Id, out var before) && before.Edited && before.Kind == q.Kind && Unchanged(before.ItemIds, q.ItemIds) ? before : q)],
            };
        });
        return rebuilt with { Title = previous.Title, Modules = [.. modules] };
    }

    private static CourseModule? RecallModule(string statement)
    {
        var text = statement.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var questions = new List<Question>
        {
            ChoiceQuestion(
                StatementQuestionId,
                QuestionKind.SingleChoice,
                "Which of these is our customer service vision?",
                [],
                [text],
                StatementDistractors(text)),
        };
        if (KeyWord(text) is { } key)
        {
            questions.Add(new Question(
                KeywordQuestionId,
                QuestionKind.FillIn,
                $"Fill in the missing word of our vision: \"{text[..key.Start]}{Blank}{text[(key.Start + key.Length)..]}\"",
                [],
                [],
                [],
                [text.Substring(key.Start, key.Length)]));
        }

        // No reading material: the point is to recall the statement, not to copy it from the screen.
        return new CourseModule(RecallModuleId, ModuleKind.Recall, "Know our vision by heart", [], [], questions, []);
    }

    /// <summary>Three wrong statements close to the real one: with a loophole, softened, and cut short with a generic ending.</summary>
    private static List<string> StatementDistractors(string statement)
    {
        var seed = StableHash.Of(statement);
        var body = statement.TrimEnd('.', '!', '?', ' ');
        var candidates = new List<string>
        {
            $"{body}, {Pick(Loopholes, seed)}.",
            Soften(statement),
            CutShort(statement, seed),
        };
        return Distinct(candidates, [statement], GenericStatements, 3);
    }

    private static string Soften(string statement)
    {
        var tokens = StatementText.Tokenize(statement);
        var softened = statement;
        var replaced = false;
        foreach (var token in Enumerable.Reverse(tokens))
        {
            if (Softer.TryGetValue(token.Text, out var softer))
            {
                var original = statement.Substring(token.Start, token.Length);
                var replacement = char.IsUpper(original[0]) ? char.ToUpperInvariant(softer[0]) + softer[1..] : softer;
                softened = softened[..token.Start] + replacement + softened[token.End..];
                replaced = true;
            }
        }

        if (replaced)
        {
            return softened;
        }

        var lowered = statement.Length > 1 && char.IsLower(statement[1]) ? char.ToLowerInvariant(statement[0]) + statement[1..] : statement;
        return "Where possible, " + lowered;
    }

    private static string CutShort(string statement, ulong seed)
    {
        var words = statement.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length < 4)
        {
            return Pick(GenericStatements, seed);
        }

        var kept = string.Join(' ', words.Take((words.Length + 1) / 2)).TrimEnd('.', ',', ';', ':', '!', '?');
        return $"{kept} {Pick(GenericEndings, seed >> 8)}";
    }

    /// <summary>The word to blank out: an observable action, else an action verb, else the longest content word (ties: the first).</summary>
    private static (int Start, int Length)? KeyWord(string statement)
    {
        var tokens = StatementText.Tokenize(statement)
            .Where(t => t.Text.All(c => char.IsLetter(c) || c == '\'') && t.Text.Length >= 3)
            .ToList();
        if (StatementText.Words(statement).Count < 3 || tokens.Count == 0)
        {
            return null;
        }

        int Rank(Token t) =>
            VisionWordLists.ObservableActions.Contains(t.Text) ? 3
            : VisionWordLists.ActionVerbs.Contains(t.Text) ? 2
            : t.Text.Length >= 5 && !StopWords.Contains(t.Text) ? 1
            : 0;

        var best = tokens
            .Select((t, position) => (t, position, rank: Rank(t)))
            .Where(x => x.rank > 0)
            .OrderByDescending(x => x.rank)
            .ThenByDescending(x => x.rank == 1 ? x.t.Length : 0)
            .ThenBy(x => x.position)
            .Select(x => (Token?)x.t)
            .FirstOrDefault();
        return best is { } key ? (key.Start, key.Length) : null;
    }

    private static CourseModule PillarModule(VisionItem pillar, List<VisionItem> items, HashSet<string> itemTexts)
    {
        var subPillars = items.Where(i => i.Kind == VisionItemKind.SubPillar && i.ParentId == pillar.Id).ToList();
        var text = Clean(pillar.Text);
        var questionId = $"pillar-{pillar.Id}";
        Question question;
        if (subPillars.Count > 0)
        {
            var right = subPillars.Take(MaxSubPillarChoices).Select(s => Clean(s.Text)).ToList();
            var others = items
                .Where(i => i.Kind == VisionItemKind.SubPillar && i.ParentId != pillar.Id)
                .Select(i => Clean(i.Text))
                .OrderBy(t => StableHash.Of(questionId + "\n" + t))
                .Take(2)
                .ToList();
            var fillers = GenericBehaviours.Where(g => !itemTexts.Contains(Normalize(g))).OrderBy(g => StableHash.Of(questionId + "\n" + g));
            question = ChoiceQuestion(
                questionId,
                QuestionKind.MultipleChoice,
                $"Which of these are part of \"{Quote(text)}\"? Pick every one that applies.",
                [pillar.Id, .. subPillars.Select(s => s.Id)],
                right,
                Distinct(others, right, fillers, 2));
        }
        else
        {
            var fillers = GenericPillars.Where(g => !itemTexts.Contains(Normalize(g))).OrderBy(g => StableHash.Of(questionId + "\n" + g));
            question = ChoiceQuestion(
                questionId,
                QuestionKind.SingleChoice,
                "Which of these is one of our pillars?",
                [pillar.Id],
                [text],
                Distinct([], [text], fillers, 3));
        }

        return new CourseModule(
            questionId,
            ModuleKind.Pillar,
            text,
            [pillar.Id, .. subPillars.Select(s => s.Id)],
            [new ContentPoint(pillar.Id, text), .. subPillars.Select(s => new ContentPoint(s.Id, Clean(s.Text)))],
            [question],
            []);
    }

    private static Question Scenario(VisionItem standard, List<VisionItem> nevers)
    {
        var id = $"scenario-{standard.Id}";
        var seed = StableHash.Of(standard.Id);
        var text = Clean(standard.Text);
        var candidates = new List<string> { $"{text}, {Pick(Loopholes, seed)}." };
        if (nevers.Count > 0)
        {
            candidates.Add(Clean(Pick(nevers, seed >> 8).Text) + ".");
        }

        var shortcuts = Shortcuts.OrderBy(s => StableHash.Of(id + "\n" + s));
        return ChoiceQuestion(
            id,
            QuestionKind.SingleChoice,
            $"{Pick(Situations, seed >> 16)} What do you do?",
            [standard.Id],
            [text + "."],
            Distinct(candidates, [text + "."], shortcuts, 3));
    }

    private static Question ChoiceQuestion(string id, QuestionKind kind, string text, IReadOnlyList<string> itemIds, IReadOnlyList<string> right, IReadOnlyList<string> wrong)
    {
        var all = right.Select(t => (text: t, correct: true))
            .Concat(wrong.Select(t => (text: t, correct: false)))
            .OrderBy(c => StableHash.Of(id + "\n" + c.text))
            .ThenBy(c => c.text, StringComparer.Ordinal)
            .Select((c, index) => (choice: new Choice(ChoiceId(index), c.text), c.correct))
            .ToList();
        return new Question(
            id,
            kind,
            text,
            itemIds,
            [.. all.Select(c => c.choice)],
            [.. all.Where(c => c.correct).Select(c => c.choice.Id)],
            []);
    }

    /// <summary>"a" to "z", then "c27", "c28", ...</summary>
    private static string ChoiceId(int index) => index < 26 ? ((char)('a' + index)).ToString() : $"c{index + 1}";

    /// <summary>Up to <paramref name="count"/> of <paramref name="candidates"/>, then <paramref name="fallbacks"/>, none equal to a right answer or to each other.</summary>
    private static List<string> Distinct(IEnumerable<string> candidates, IEnumerable<string> right, IEnumerable<string> fallbacks, int count)
    {
        var seen = right.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var candidate in candidates.Concat(fallbacks))
        {
            if (result.Count == count)
            {
                break;
            }

            if (candidate.Trim().Length > 0 && seen.Add(Normalize(candidate)))
            {
                result.Add(candidate.Trim());
            }
        }

        return result;
    }

    private static string Label(VisionItem item) => item.Kind switch
    {
        VisionItemKind.Never => "Never: " + Clean(item.Text),
        VisionItemKind.Always => "Always: " + Clean(item.Text),
        _ => Clean(item.Text),
    };

    private static Acknowledgement Acknowledge(VisionItem item) => new(item.Id, item.Kind switch
    {
        VisionItemKind.Never => $"I will never: {Clean(item.Text)}",
        VisionItemKind.Always => $"I will always: {Clean(item.Text)}",
        _ => $"I keep to this standard, every time: {Clean(item.Text)}",
    });

    private static T Pick<T>(IReadOnlyList<T> list, ulong seed) => list[(int)(seed % (ulong)list.Count)];

    // Items are written as sentences; inside a question or a choice list a final full stop reads wrong.
    private static string Clean(string text) => text.Trim().TrimEnd('.').TrimEnd();

    private static string Quote(string text) => text.Replace('"', '\'');

    /// <summary>For comparing texts: lower case, single spaces, no final punctuation.</summary>
    internal static string Normalize(string text) =>
        string.Join(' ', StatementText.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', '!', '?');
}

/// <summary>
/// A hash that is the same in every process and version, for deterministic ordering: FNV-1a (64 bits)
/// with MurmurHash3's finalizer, since FNV alone leaves its high bits, which decide an order, nearly
/// blind to the last characters.
/// </summary>
internal static class StableHash
{
    public static ulong Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
