using ServiceVision.Domain.Visions;

namespace ServiceVision.Domain.ServiceDesign;

/// <summary>Where a customer meets the organization (DOMAIN.md: "touchpoints per channel").</summary>
public enum TouchpointChannel
{
    Web,
    Phone,
    InPerson,
    Chat,
    Email,
    App,
    Social,
    Other,
}

/// <summary>A customer journey map as submitted; see <see cref="JourneyRules"/>.</summary>
public sealed record JourneyInput(string? Name, string? Description, IReadOnlyList<TouchpointInput?>? Touchpoints);

/// <param name="Id">Absent for a new touchpoint; the id of an existing touchpoint of the journey to keep it.</param>
/// <param name="Channel">A <see cref="TouchpointChannel"/> name (case-insensitive), kept as text so a wrong one is a field error.</param>
/// <param name="StandardItemIds">Ids of standards, never or always items of the published vision that apply here.</param>
public sealed record TouchpointInput(
    string? Id,
    string? Name,
    string? Channel,
    int? Order,
    IReadOnlyList<AffectedByInput?>? AffectedBy,
    IReadOnlyList<string?>? StandardItemIds);

/// <summary>Who affects a touchpoint: a role ("barista"), optionally within a department.</summary>
public sealed record AffectedByInput(string? DepartmentId, string? Role);

/// <summary>What a journey is checked against.</summary>
/// <param name="ExistingTouchpointIds">The journey's current touchpoint ids (empty for a new journey).</param>
/// <param name="PublishedItems">Kind of each item of the current published vision by id; null while nothing is published.</param>
/// <param name="Departments">The organization's department ids; null when they cannot be checked (then only the format is).</param>
public sealed record JourneyContext(
    IReadOnlySet<string> ExistingTouchpointIds,
    IReadOnlyDictionary<string, VisionItemKind>? PublishedItems,
    IReadOnlySet<string>? Departments);

/// <summary>A valid, trimmed journey. A touchpoint's <see cref="Touchpoint.Id"/> is null until one is assigned.</summary>
public sealed record JourneyDocument(string Name, string? Description, IReadOnlyList<Touchpoint> Touchpoints);

public sealed record Touchpoint(
    string? Id,
    string Name,
    TouchpointChannel Channel,
    int Order,
    IReadOnlyList<AffectedBy> AffectedBy,
    IReadOnlyList<string> StandardItemIds);

public sealed record AffectedBy(string? DepartmentId, string Role);

public static class JourneyRules
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxTouchpoints = 50;
    public const int MaxTouchpointNameLength = 200;
    public const int MaxAffectedBy = 20;
    public const int MaxRoleLength = 100;
    public const int MaxStandardItems = 50;

    /// <summary>The kinds of vision item a touchpoint can be held to: the non-negotiables, not pillars.</summary>
    public static readonly IReadOnlySet<VisionItemKind> LinkableKinds =
        new HashSet<VisionItemKind> { VisionItemKind.Standard, VisionItemKind.Never, VisionItemKind.Always };

    /// <summary>
    /// Every error. Fields: <c>name</c> (required, ≤ <see cref="MaxNameLength"/>), <c>description</c>
    /// (optional, ≤ <see cref="MaxDescriptionLength"/>), <c>touchpoints</c> (≤ <see cref="MaxTouchpoints"/>;
    /// missing means none), and per touchpoint <c>touchpoints[i].id</c> (absent, or an existing touchpoint
    /// of this journey, used once), <c>.name</c> (required, ≤ <see cref="MaxTouchpointNameLength"/>),
    /// <c>.channel</c> (required, a <see cref="TouchpointChannel"/>), <c>.order</c> (required, ≥ 0),
    /// <c>.affectedBy</c> (≤ <see cref="MaxAffectedBy"/>), <c>.affectedBy[j].departmentId</c> (optional; a department
    /// of the organization), <c>.affectedBy[j].role</c> (required, ≤ <see cref="MaxRoleLength"/>),
    /// <c>.affectedBy[j]</c> (no repeated department and role), <c>.standardItemIds</c>
    /// (≤ <see cref="MaxStandardItems"/>) and <c>.standardItemIds[k]</c> (an item of the published vision
    /// of a <see cref="LinkableKinds">linkable kind</see>, listed once; with nothing published every id fails).
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(JourneyInput input, JourneyContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<ValidationError>();
        TextRules.RequireLine(errors, "name", input.Name, MaxNameLength);
        TextRules.OptionalParagraphs(errors, "description", input.Description, MaxDescriptionLength);

        var touchpoints = input.Touchpoints ?? [];
        if (touchpoints.Count > MaxTouchpoints)
        {
            errors.Add(new("touchpoints", $"The journey has {touchpoints.Count} touchpoints; the limit is {MaxTouchpoints}."));
            return errors;
        }

        var firstById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < touchpoints.Count; i++)
        {
            var path = $"touchpoints[{i}]";
            if (touchpoints[i] is not { } touchpoint)
            {
                errors.Add(new(path, "A touchpoint is required."));
                continue;
            }

            CheckTouchpointId(errors, path, touchpoint.Id, i, context, firstById);
            TextRules.RequireLine(errors, $"{path}.name", touchpoint.Name, MaxTouchpointNameLength);
            if (string.IsNullOrWhiteSpace(touchpoint.Channel))
            {
                errors.Add(new($"{path}.channel", $"A channel is required: one of {ChannelNames}."));
            }
            else if (ParseChannel(touchpoint.Channel) is null)
            {
                errors.Add(new($"{path}.channel", $"'{Shorten(touchpoint.Channel)}' is not a channel; use one of {ChannelNames}."));
            }

            if (touchpoint.Order is null)
            {
                errors.Add(new($"{path}.order", "An order is required (0 for the first touchpoint of the journey)."));
            }
            else if (touchpoint.Order < 0)
            {
                errors.Add(new($"{path}.order", "The order is a whole number of at least 0."));
            }

            CheckAffectedBy(errors, path, touchpoint.AffectedBy ?? [], context);
            CheckStandardItems(errors, path, touchpoint.StandardItemIds ?? [], context);
        }

        return errors;
    }

    /// <summary>The trimmed journey; call only when <see cref="Validate"/> found nothing.</summary>
    public static JourneyDocument Normalize(JourneyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new JourneyDocument(
            input.Name!.Trim(),
            TextRules.TrimToNull(input.Description),
            [
                .. (input.Touchpoints ?? []).Select(t => new Touchpoint(
                    TextRules.TrimToNull(t!.Id),
                    t.Name!.Trim(),
                    ParseChannel(t.Channel!)!.Value,
                    t.Order!.Value,
                    [.. (t.AffectedBy ?? []).Select(a => new AffectedBy(TextRules.TrimToNull(a!.DepartmentId), a.Role!.Trim()))],
                    [.. (t.StandardItemIds ?? []).Select(s => s!.Trim())])),
            ]);
    }

    /// <summary>The channel named by <paramref name="name"/> (case-insensitive), or null. Numbers are not names.</summary>
    public static TouchpointChannel? ParseChannel(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        return trimmed.Length > 0 && char.IsAsciiLetter(trimmed[0]) && Enum.TryParse<TouchpointChannel>(trimmed, ignoreCase: true, out var channel)
            ? channel
            : null;
    }

    private static string ChannelNames => string.Join(", ", Enum.GetNames<TouchpointChannel>());

    private static void CheckTouchpointId(List<ValidationError> errors, string path, string? id, int index, JourneyContext context, Dictionary<string, int> firstById)
    {
        if (id is null)
        {
            return;
        }

        var trimmed = id.Trim();
        if (!context.ExistingTouchpointIds.Contains(trimmed))
        {
            errors.Add(new($"{path}.id", $"'{Shorten(trimmed)}' is not a touchpoint of this journey; leave the id out to add a new touchpoint."));
        }
        else if (!firstById.TryAdd(trimmed, index))
        {
            errors.Add(new($"{path}.id", $"The touchpoint '{trimmed}' is already touchpoints[{firstById[trimmed]}]."));
        }
    }

    private static void CheckAffectedBy(List<ValidationError> errors, string path, IReadOnlyList<AffectedByInput?> affectedBy, JourneyContext context)
    {
        if (affectedBy.Count > MaxAffectedBy)
        {
            errors.Add(new($"{path}.affectedBy", $"The touchpoint lists {affectedBy.Count} departments and roles; the limit is {MaxAffectedBy}."));
            return;
        }

        var seen = new Dictionary<(string, string), int>();
        for (var j = 0; j < affectedBy.Count; j++)
        {
            var entryPath = $"{path}.affectedBy[{j}]";
            if (affectedBy[j] is not { } entry)
            {
                errors.Add(new(entryPath, "An entry is required."));
                continue;
            }

            var department = TextRules.TrimToNull(entry.DepartmentId);
            var departmentValid = true;
            if (entry.DepartmentId is not null && !TextRules.IsWellFormedId(department))
            {
                errors.Add(new($"{entryPath}.departmentId", $"A department id is 1 to {TextRules.MaxIdLength} letters, digits, '-', '_' or '.'; leave it out when the role is not tied to a department."));
                departmentValid = false;
            }
            else if (department is not null && context.Departments is not null && !context.Departments.Contains(department))
            {
                errors.Add(new($"{entryPath}.departmentId", $"'{department}' is not a department of the organization."));
                departmentValid = false;
            }

            if (TextRules.RequireLine(errors, $"{entryPath}.role", entry.Role, MaxRoleLength) && departmentValid
                && !seen.TryAdd((department ?? "", entry.Role!.Trim().ToUpperInvariant()), j))
            {
                errors.Add(new(entryPath, $"This department and role are already listed as {path}.affectedBy[{seen[(department ?? "", entry.Role.Trim().ToUpperInvariant())]}]."));
            }
        }
    }

    private static void CheckStandardItems(List<ValidationError> errors, string path, IReadOnlyList<string?> ids, JourneyContext context)
    {
        if (ids.Count > MaxStandardItems)
        {
            errors.Add(new($"{path}.standardItemIds", $"The touchpoint lists {ids.Count} items; the limit is {MaxStandardItems}."));
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < ids.Count; k++)
        {
            var field = $"{path}.standardItemIds[{k}]";
            var id = ids[k]?.Trim();
            if (string.IsNullOrEmpty(id))
            {
                errors.Add(new(field, "An item id is required."));
            }
            else if (context.PublishedItems is null)
            {
                errors.Add(new(field, "Nothing is published yet: publish the vision before linking its standards to touchpoints."));
            }
            else if (!context.PublishedItems.TryGetValue(id, out var kind))
            {
                errors.Add(new(field, $"'{Shorten(id)}' is not an item of the published vision."));
            }
            else if (!LinkableKinds.Contains(kind))
            {
                errors.Add(new(field, $"'{id}' is a {kind}; a touchpoint links only standards, never and always items."));
            }
            else if (!seen.TryAdd(id, k))
            {
                errors.Add(new(field, $"'{id}' is already listed as {path}.standardItemIds[{seen[id]}]."));
            }
        }
    }

    // Echoing a huge bad value back would bloat the problem details.
    private static string Shorten(string value) => value.Length <= 50 ? value : value[..50] + "…";
}
