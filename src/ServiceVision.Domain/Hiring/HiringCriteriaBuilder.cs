using ServiceVision.Domain.Visions;

namespace ServiceVision.Domain.Hiring;

public enum HiringCriterionKind
{
    Pillar,
    Standard,
    NeverAndAlways,
}

/// <summary>
/// What interviewers look for in a candidate, derived from one part of the vision.
/// <see cref="Id"/> depends only on the source item's id, so scores stay attached when the
/// item's wording is edited. <see cref="SourceItemId"/> is empty for the never &amp; always
/// criterion, which draws on several items.
/// </summary>
public sealed record HiringCriterion(
    string Id,
    string SourceItemId,
    string Title,
    IReadOnlyList<string> InterviewQuestions,
    int Weight,
    HiringCriterionKind Kind)
{
    /// <summary>Standards and never/always hold no matter what, so a failing score on them decides the hire.</summary>
    public bool IsNonNegotiable => Kind is HiringCriterionKind.Standard or HiringCriterionKind.NeverAndAlways;
}

public static class HiringCriteriaBuilder
{
    /// <summary>Pillars describe the service a hire will deliver every day, so they weigh most.</summary>
    public const int PillarWeight = 3;

    /// <summary>Non-negotiables already veto a hire on a score of 1, so their weight is lower.</summary>
    public const int StandardWeight = 2;

    public const int NeverAndAlwaysWeight = 2;

    public const string NeverAndAlwaysId = "never-always";

    /// <summary>The never/always questions quote at most this many items, so they stay speakable.</summary>
    public const int MaxQuotedItems = 3;

    /// <summary>
    /// One criterion per pillar (ids <c>pillar-{itemId}</c>), then one per standard
    /// (<c>standard-{itemId}</c>), each in <see cref="VisionItem.Order"/>; then, if there are any
    /// never or always items, one criterion for them together (<see cref="NeverAndAlwaysId"/>).
    /// Sub-pillars refine their pillar and get no criterion of their own. Each criterion has two
    /// structured behavioural questions ("Tell me about a time you ...") that quote the item.
    /// Expects a document that passes <see cref="VisionDocumentValidator"/>.
    /// </summary>
    public static IReadOnlyList<HiringCriterion> FromVision(VisionDocument vision)
    {
        ArgumentNullException.ThrowIfNull(vision);
        var items = vision.Items
            .Select((item, position) => (item, position))
            .OrderBy(x => x.item.Order)
            .ThenBy(x => x.position)
            .Select(x => x.item)
            .ToList();

        var criteria = new List<HiringCriterion>();
        foreach (var pillar in items.Where(i => i.Kind == VisionItemKind.Pillar))
        {
            var text = Clean(pillar.Text);
            criteria.Add(new HiringCriterion(
                $"pillar-{pillar.Id}",
                pillar.Id,
                text,
                [
                    $"Tell me about a time you showed {Quote(text)} with a customer. What was the situation, what did you do, and what was the result?",
                    $"Tell me about a time you found it hard to live up to {Quote(text)}, for example when you were busy or the customer was upset. What did you do, and what would you do differently?",
                ],
                PillarWeight,
                HiringCriterionKind.Pillar));
        }

        foreach (var standard in items.Where(i => i.Kind == VisionItemKind.Standard))
        {
            var text = Clean(standard.Text);
            criteria.Add(new HiringCriterion(
                $"standard-{standard.Id}",
                standard.Id,
                text,
                [
                    $"Tell me about a time you kept to {Quote(text)} even though it was inconvenient. What was the situation and what did you do?",
                    $"Tell me about a time you saw a colleague fall short of {Quote(text)}. What did you do, and what happened next?",
                ],
                StandardWeight,
                HiringCriterionKind.Standard));
        }

        var always = items.Where(i => i.Kind == VisionItemKind.Always).Select(i => Clean(i.Text)).ToList();
        var never = items.Where(i => i.Kind == VisionItemKind.Never).Select(i => Clean(i.Text)).ToList();
        if (always.Count > 0 || never.Count > 0)
        {
            criteria.Add(new HiringCriterion(
                NeverAndAlwaysId,
                string.Empty,
                "Never & Always",
                NeverAndAlwaysQuestions(always, never),
                NeverAndAlwaysWeight,
                HiringCriterionKind.NeverAndAlways));
        }

        return criteria;
    }

    // One question per list when both exist; otherwise two angles on the one list.
    private static List<string> NeverAndAlwaysQuestions(List<string> always, List<string> never)
    {
        string AlwaysFirst() => $"Tell me about a time you did what we always do, such as {QuoteSome(always)}, when it would have been easier not to. What was the situation and what did you do?";
        string AlwaysSecond() => $"Tell me about a time you kept doing something like {QuoteSome(always)} on a very busy day. How did you make sure it still happened?";
        string NeverFirst() => $"Tell me about a time you were pressed to do something we never do, such as {QuoteSome(never)}. What did you do instead?";
        string NeverSecond() => $"Tell me about a time you saw someone do something like {QuoteSome(never)}. How did you handle it?";
        return (always.Count > 0, never.Count > 0) switch
        {
            (true, true) => [AlwaysFirst(), NeverFirst()],
            (true, false) => [AlwaysFirst(), AlwaysSecond()],
            _ => [NeverFirst(), NeverSecond()],
        };
    }

    private static string QuoteSome(List<string> texts)
    {
        var quoted = texts.Take(MaxQuotedItems).Select(Quote).ToList();
        return quoted.Count == 1 ? quoted[0] : $"{string.Join(", ", quoted[..^1])} or {quoted[^1]}";
    }

    // Quotes inside an item ("Say \"not my job\"") would close the question's quote early.
    private static string Quote(string text) => $"\"{text.Replace('"', '\'')}\"";

    // Items are written as sentences; inside a quoted question a final full stop reads wrong.
    private static string Clean(string text) => text.Trim().TrimEnd('.').TrimEnd();
}
