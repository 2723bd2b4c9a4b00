using ServiceVision.Domain.Members;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Visions;

namespace ServiceVision.Domain.Networks;

/// <summary>A checklist as a request describes it; missing fields are named in the errors.</summary>
public sealed record AuditChecklistInput(string? Name, IReadOnlyList<AuditChecklistItemInput?>? Items);

/// <param name="Weight">1 to 5; 1 when missing.</param>
/// <param name="Critical">False when missing.</param>
public sealed record AuditChecklistItemInput(string? Text, string? VisionItemId, int? Weight, bool? Critical);

/// <summary>A checklist that passed <see cref="AuditRules.ValidateChecklist"/>: trimmed, defaults applied.</summary>
public sealed record AuditChecklistDraft(string Name, IReadOnlyList<AuditChecklistItem> Items);

/// <summary>One thing an auditor checks, pointing at a standard, never or always item of the vision.</summary>
public sealed record AuditChecklistItem(string VisionItemId, string Text, int Weight, bool Critical);

/// <summary>A visit as a request describes it.</summary>
public sealed record AuditVisitInput(string? ChecklistId, DateTimeOffset? VisitedAt, IReadOnlyList<AuditResultInput?>? Results);

/// <param name="ItemId">The checklist item's vision item id.</param>
public sealed record AuditResultInput(string? ItemId, bool? Passed, string? Note);

/// <summary>A visit that passed <see cref="AuditRules.ValidateVisit"/>; whether its results fit the checklist is checked by <see cref="AuditRules.MatchResults"/>.</summary>
public sealed record AuditVisitDraft(string ChecklistId, DateTimeOffset VisitedAt, IReadOnlyList<AuditResult> Results);

public sealed record AuditResult(string ItemId, bool Passed, string? Note);

/// <summary>Which failed items of a visit to re-train, and whom (null: every role at the location).</summary>
public sealed record AuditRefresherInput(IReadOnlyList<string?>? ItemIds, string? Role);

public sealed record AuditRefresherDraft(IReadOnlyList<string>? ItemIds, MemberRole? Role);

/// <summary>
/// Validation and limits of location audits: the network's checklists (1 to 100 items, each pointing at a
/// standard, never or always item of the published vision, once), the visits that answer them (every item
/// exactly once), and refreshers ordered after a visit.
/// </summary>
public static class AuditRules
{
    public const int MaxNameLength = 100;
    public const int MaxItems = 100;
    public const int MaxItemTextLength = 300;
    public const int MaxNoteLength = 500;
    public const int DefaultWeight = AuditScore.MinWeight;

    /// <summary>Checklists one network keeps.</summary>
    public const int MaxChecklists = 200;

    /// <summary>Visits one location keeps (a weekly audit for almost twenty years).</summary>
    public const int MaxVisitsPerLocation = 1_000;

    /// <summary>How far back a visit may be recorded.</summary>
    public static readonly TimeSpan MaxBackdating = TimeSpan.FromDays(90);

    /// <summary>Clock skew tolerated for a visit time in the future.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The longest reason a refresher shows a member (as for complaint refreshers).</summary>
    public const int MaxReasonLength = 200;

    /// <summary>Vision items a checklist item may point at: the observable ones.</summary>
    public static bool IsAuditable(VisionItemKind kind) => kind is VisionItemKind.Standard or VisionItemKind.Never or VisionItemKind.Always;

    public static (AuditChecklistDraft? Checklist, IReadOnlyList<ValidationError> Errors) ValidateChecklist(AuditChecklistInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        TextRules.RequireLine(errors, "name", input.Name, MaxNameLength);
        var items = new List<AuditChecklistItem>();
        if (input.Items is null || input.Items.Count == 0)
        {
            errors.Add(new ValidationError("items", $"A checklist has 1 to {MaxItems} items."));
        }
        else if (input.Items.Count > MaxItems)
        {
            errors.Add(new ValidationError("items", $"This checklist has {input.Items.Count} items; the limit is {MaxItems}."));
        }
        else
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < input.Items.Count; i++)
            {
                var field = $"items[{i}]";
                if (input.Items[i] is not { } item)
                {
                    errors.Add(new ValidationError(field, "An item is required here (text, visionItemId, weight, critical)."));
                    continue;
                }

                var valid = TextRules.RequireLine(errors, field + ".text", item.Text, MaxItemTextLength);
                if (!TextRules.IsWellFormedId(item.VisionItemId))
                {
                    errors.Add(new ValidationError(field + ".visionItemId", "The id of a standard, never or always item of the published vision is required."));
                    valid = false;
                }
                else if (seen.TryGetValue(item.VisionItemId!, out var first))
                {
                    errors.Add(new ValidationError(field + ".visionItemId", $"items[{first}] checks this vision item already; each vision item is checked once per checklist."));
                    valid = false;
                }
                else
                {
                    seen[item.VisionItemId!] = i;
                }

                if (item.Weight is { } weight && (weight < AuditScore.MinWeight || weight > AuditScore.MaxWeight))
                {
                    errors.Add(new ValidationError(field + ".weight", $"A weight is {AuditScore.MinWeight} to {AuditScore.MaxWeight}."));
                    valid = false;
                }

                if (valid)
                {
                    items.Add(new AuditChecklistItem(item.VisionItemId!, item.Text!.Trim(), item.Weight ?? DefaultWeight, item.Critical ?? false));
                }
            }
        }

        return errors.Count > 0 ? (null, errors) : (new AuditChecklistDraft(input.Name!.Trim(), items), errors);
    }

    /// <summary>
    /// Each item's vision item must be a standard, never or always item of the published vision:
    /// <paramref name="kindOf"/> gives an item's kind, null when the published vision has no such item.
    /// </summary>
    public static IReadOnlyList<ValidationError> CheckVisionItems(AuditChecklistDraft checklist, Func<string, VisionItemKind?> kindOf)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(kindOf);
        var errors = new List<ValidationError>();
        for (var i = 0; i < checklist.Items.Count; i++)
        {
            var kind = kindOf(checklist.Items[i].VisionItemId);
            if (kind is null)
            {
                errors.Add(new ValidationError($"items[{i}].visionItemId", "The published vision has no such item."));
            }
            else if (!IsAuditable(kind.Value))
            {
                errors.Add(new ValidationError($"items[{i}].visionItemId", $"This is a {kind.Value.ToString().ToLowerInvariant()}; a checklist checks standards, never and always items, which can be observed."));
            }
        }

        return errors;
    }

    public static (AuditVisitDraft? Visit, IReadOnlyList<ValidationError> Errors) ValidateVisit(AuditVisitInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        if (!TextRules.IsWellFormedId(input.ChecklistId))
        {
            errors.Add(new ValidationError("checklistId", "The id of one of the network's checklists is required."));
        }

        var visitedAt = input.VisitedAt ?? now;
        if (visitedAt > now + MaxClockSkew)
        {
            errors.Add(new ValidationError("visitedAt", "A visit cannot be in the future."));
        }
        else if (visitedAt < now - MaxBackdating)
        {
            errors.Add(new ValidationError("visitedAt", $"A visit can be recorded up to {MaxBackdating.TotalDays:0} days later."));
        }

        var results = new List<AuditResult>();
        if (input.Results is null || input.Results.Count == 0)
        {
            errors.Add(new ValidationError("results", "Answer every item of the checklist: [{ itemId, passed, note }]."));
        }
        else if (input.Results.Count > MaxItems)
        {
            errors.Add(new ValidationError("results", $"A checklist has at most {MaxItems} items; this visit answers {input.Results.Count}."));
        }
        else
        {
            for (var i = 0; i < input.Results.Count; i++)
            {
                var field = $"results[{i}]";
                if (input.Results[i] is not { } result)
                {
                    errors.Add(new ValidationError(field, "A result is required here ({ itemId, passed, note })."));
                    continue;
                }

                var valid = true;
                if (!TextRules.IsWellFormedId(result.ItemId))
                {
                    errors.Add(new ValidationError(field + ".itemId", "The vision item id of a checklist item is required."));
                    valid = false;
                }

                if (result.Passed is null)
                {
                    errors.Add(new ValidationError(field + ".passed", "Say whether the item passed (true or false)."));
                    valid = false;
                }

                valid &= TextRules.OptionalParagraphs(errors, field + ".note", result.Note, MaxNoteLength);
                if (valid)
                {
                    results.Add(new AuditResult(result.ItemId!, result.Passed!.Value, TextRules.TrimToNull(result.Note)));
                }
            }
        }

        return errors.Count > 0 ? (null, errors) : (new AuditVisitDraft(input.ChecklistId!, visitedAt, results), errors);
    }

    /// <summary>
    /// Every item of the checklist answered exactly once: 400 <c>results[i].itemId</c> for an item the
    /// checklist does not have or one answered before, <c>results</c> naming the items left unanswered.
    /// </summary>
    public static IReadOnlyList<ValidationError> MatchResults(IReadOnlyList<AuditChecklistItem> items, IReadOnlyList<AuditResult> results)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(results);
        var errors = new List<ValidationError>();
        var known = items.Select(i => i.VisionItemId).ToHashSet(StringComparer.Ordinal);
        var answered = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < results.Count; i++)
        {
            var id = results[i].ItemId;
            if (!known.Contains(id))
            {
                errors.Add(new ValidationError($"results[{i}].itemId", "The checklist has no such item."));
            }
            else if (answered.TryGetValue(id, out var first))
            {
                errors.Add(new ValidationError($"results[{i}].itemId", $"results[{first}] answers this item already."));
            }
            else
            {
                answered[id] = i;
            }
        }

        var missing = items.Where(i => !answered.ContainsKey(i.VisionItemId)).ToList();
        if (missing.Count > 0)
        {
            var shown = string.Join(", ", missing.Take(10).Select(i => i.VisionItemId));
            errors.Add(new ValidationError("results", $"{missing.Count} item(s) of the checklist are not answered: {shown}{(missing.Count > 10 ? ", …" : "")}."));
        }

        return errors;
    }

    /// <summary>The scoring input of a visit whose results matched its checklist.</summary>
    public static IReadOnlyList<AuditItemOutcome> Outcomes(IReadOnlyList<AuditChecklistItem> items, IReadOnlyList<AuditResult> results)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(results);
        var passed = results.ToDictionary(r => r.ItemId, r => r.Passed, StringComparer.Ordinal);
        return [.. items.Select(i => new AuditItemOutcome(i.Weight, i.Critical, passed[i.VisionItemId]))];
    }

    /// <summary>Refresher items (at most <see cref="MaxItems"/>, well formed; null: every failed item) and role (Employee or Leader; null: every role).</summary>
    public static (AuditRefresherDraft? Refresher, IReadOnlyList<ValidationError> Errors) ValidateRefresher(AuditRefresherInput? input)
    {
        var errors = new List<ValidationError>();
        List<string>? items = null;
        if (input?.ItemIds is { } ids)
        {
            if (ids.Count == 0 || ids.Count > MaxItems)
            {
                errors.Add(new ValidationError("itemIds", $"Name 1 to {MaxItems} failed items, or leave itemIds out for every failed item."));
            }
            else
            {
                items = [];
                for (var i = 0; i < ids.Count; i++)
                {
                    if (!TextRules.IsWellFormedId(ids[i]))
                    {
                        errors.Add(new ValidationError($"itemIds[{i}]", "This is not a vision item id."));
                    }
                    else if (!items.Contains(ids[i]!, StringComparer.Ordinal))
                    {
                        items.Add(ids[i]!);
                    }
                }
            }
        }

        MemberRole? role = null;
        if (input?.Role is not null)
        {
            if (MemberRules.TryParseRole(input.Role, out var parsed) && parsed is MemberRole.Employee or MemberRole.Leader)
            {
                role = parsed;
            }
            else
            {
                errors.Add(new ValidationError("role", "role is Employee or Leader; leave it out for every member of the location."));
            }
        }

        return errors.Count > 0 ? (null, errors) : (new AuditRefresherDraft(items, role), errors);
    }

    /// <summary>Why the members get the refresher, naming the location.</summary>
    public static string RefresherReason(string locationName)
    {
        ArgumentNullException.ThrowIfNull(locationName);
        var reason = $"An audit at {locationName.Trim()} found these parts of our vision not lived";
        return reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
    }
}
