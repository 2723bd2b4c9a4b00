namespace ServiceVision.Domain.Training;

public enum ModuleKind
{
    /// <summary>Recall of the vision statement itself.</summary>
    Recall,

    /// <summary>One pillar with its sub-pillars.</summary>
    Pillar,

    /// <summary>The non-negotiable standards and never/always items, each acknowledged by the member.</summary>
    Attestation,

    /// <summary>Situations where the right choice applies a standard.</summary>
    Scenarios,
}

public enum QuestionKind
{
    /// <summary>Exactly one choice is right.</summary>
    SingleChoice,

    /// <summary>Every right choice and no other must be picked.</summary>
    MultipleChoice,

    /// <summary>A typed word or phrase, compared with the accepted answers ignoring case, spacing and punctuation.</summary>
    FillIn,
}

/// <summary>A course: modules built from one published vision version, perhaps edited by leaders since.</summary>
/// <param name="VisionVersion">The vision version it was built from.</param>
public sealed record Course(string Id, string Title, int VisionVersion, IReadOnlyList<CourseModule> Modules)
{
    /// <summary>Every vision item the course covers, in module order, once each.</summary>
    public IReadOnlyList<string> ItemIds => [.. Modules.SelectMany(m => m.ItemIds).Distinct(StringComparer.Ordinal)];

    /// <summary>Questions of every module.</summary>
    public int QuestionCount => Modules.Sum(m => m.Questions.Count);

    public CourseModule? FindModule(string moduleId) => Modules.FirstOrDefault(m => m.Id == moduleId);
}

/// <summary>
/// One module. <see cref="Content"/> is what the member reads; <see cref="Questions"/> are graded;
/// an <see cref="ModuleKind.Attestation"/> module has <see cref="Acknowledgements"/> instead of questions.
/// </summary>
/// <param name="ItemIds">The vision items the module covers.</param>
/// <param name="Edited">Whether a leader changed the title.</param>
public sealed record CourseModule(
    string Id,
    ModuleKind Kind,
    string Title,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<ContentPoint> Content,
    IReadOnlyList<Question> Questions,
    IReadOnlyList<Acknowledgement> Acknowledgements,
    bool Edited = false);

/// <summary>A line the member reads, quoting a vision item.</summary>
public sealed record ContentPoint(string ItemId, string Text);

/// <summary>
/// A graded question. Choice questions have <see cref="Choices"/> and <see cref="CorrectChoiceIds"/>;
/// fill-in questions have <see cref="AcceptedAnswers"/>.
/// </summary>
/// <param name="ItemIds">The vision items the question covers.</param>
/// <param name="Edited">Whether a leader changed it (a later vision version keeps the edit while its items are unchanged).</param>
public sealed record Question(
    string Id,
    QuestionKind Kind,
    string Text,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<Choice> Choices,
    IReadOnlyList<string> CorrectChoiceIds,
    IReadOnlyList<string> AcceptedAnswers,
    bool Edited = false);

public sealed record Choice(string Id, string Text);

/// <summary>A commitment the member acknowledges: one standard, never or always item.</summary>
public sealed record Acknowledgement(string ItemId, string Text);
