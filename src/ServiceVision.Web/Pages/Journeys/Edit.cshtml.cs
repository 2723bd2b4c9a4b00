using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Journeys;

/// <summary>One touchpoint row of the journey editor as the form posts it.</summary>
public sealed class TouchpointForm
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Channel { get; set; }

    /// <summary>Text, so what cannot be read as a whole number is refused next to the field.</summary>
    public string? Order { get; set; }

    /// <summary>One "Role" or "Department: Role" a line.</summary>
    public string? AffectedBy { get; set; }

    public List<string> StandardItemIds { get; set; } = [];

    public bool IsEmpty =>
        string.IsNullOrWhiteSpace(Id) && string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(AffectedBy) && StandardItemIds.Count == 0;
}

/// <summary>
/// Creates, edits and deletes a journey map (POST /api/v1/service-design/journeys, PUT and DELETE
/// …/journeys/{id}) with the same grain call; edits send the revision the page was loaded with.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed partial class EditModel : AppPageModel
{
    private const int EmptyRows = 3;
    private static readonly PageRequest AllDepartments = new(1, 5_000);

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public long Revision { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public List<TouchpointForm> Touchpoints { get; set; } = [];

    public JourneyView? Journey { get; private set; }

    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];

    /// <summary>The standards, never and always items of the published vision a touchpoint can be held to.</summary>
    public IReadOnlyList<VisionItemView> Linkable { get; private set; } = [];

    public static IReadOnlyList<string> Channels { get; } = Enum.GetNames<TouchpointChannel>();

    private IServiceDesignGrain Design => Grains.GetGrain<IServiceDesignGrain>(Me.OrganizationId + "/service-design");

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Revision = Journey?.Revision ?? 0;
        Prefill();
    }

    /// <summary>The form filled with the stored journey (or empty for a new one), and empty rows to add touchpoints.</summary>
    private void Prefill()
    {
        if (Journey is { } journey)
        {
            Name = journey.Name;
            Description = journey.Description;
            Touchpoints = [.. journey.Touchpoints.OrderBy(t => t.Order).Select(t => new TouchpointForm
            {
                Id = t.Id,
                Name = t.Name,
                Channel = t.Channel.ToString(),
                Order = t.Order.ToString(CultureInfo.InvariantCulture),
                AffectedBy = string.Join("\n", t.AffectedBy.Select(LineOf)),
                StandardItemIds = [.. t.StandardItemIds],
            })];
        }

        AddEmptyRows();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        await LoadAsync();
        // Rows left empty are not touchpoints; errors name the touchpoints as sent, so map them back to rows.
        var rows = Touchpoints.Select((row, index) => (row, index)).Where(r => !r.row.IsEmpty).ToList();
        var input = new JourneyInput(Name, Description, [.. rows.Select(r => (TouchpointInput?)Input(r.row, r.index))]);
        if (ModelState.IsValid)
        {
            try
            {
                var saved = Id is null
                    ? await Design.CreateJourney(input, Me.MemberId)
                    : await Design.UpdateJourney(Id, input, Revision, Me.MemberId);
                Notice = Id is null ? $"Journey map \"{saved.Name}\" created." : $"Journey map \"{saved.Name}\" saved.";
                return Redirect("/app/journeys?id=" + Uri.EscapeDataString(saved.Id));
            }
            catch (ValidationFailedException e)
            {
                AddErrors(new ValidationFailedException([.. e.Errors.Select(error => error with
                {
                    Field = RowIndex().Replace(error.Field, m => $"touchpoints[{rows[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)].index}]", 1),
                })]));
            }
            catch (ApiException e) when (e is ConflictException or PreconditionFailedException)
            {
                AddErrors(e);
            }
        }

        // The rows come back as posted (empty ones included) so each message stays next to its row.
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Id is null)
        {
            throw new NotFoundException("The journey");
        }

        return await SubmitAsync(
            async () =>
            {
                var name = (await Design.GetJourney(Id)).Name;
                await Design.RemoveJourney(Id, Revision);
                Notice = $"Journey map \"{name}\" deleted.";
                return Redirect("/app/journeys");
            },
            async () =>
            {
                await LoadAsync();
                Prefill();
            });
    }

    /// <summary>A standard's text, or a note that the published vision no longer has it (it cannot be saved linked).</summary>
    public string ItemText(string itemId) =>
        Linkable.FirstOrDefault(i => i.Id == itemId)?.Text ?? $"{itemId} (not in the published vision)";

    private TouchpointInput Input(TouchpointForm row, int index)
    {
        int? order = null;
        if (!string.IsNullOrWhiteSpace(row.Order))
        {
            if (int.TryParse(row.Order.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                order = value;
            }
            else
            {
                ModelState.AddModelError($"touchpoints[{index}].order", "The order is a whole number of at least 0.");
            }
        }

        var affectedBy = (row.AffectedBy ?? "")
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (AffectedByInput?)Parse(line))
            .ToList();
        return new TouchpointInput(
            string.IsNullOrWhiteSpace(row.Id) ? null : row.Id,
            row.Name,
            row.Channel,
            order,
            affectedBy,
            [.. row.StandardItemIds.Where(s => !string.IsNullOrWhiteSpace(s))]);
    }

    /// <summary>
    /// "Kitchen: Barista" names a department (by name or id) and a role; a line without a colon is a
    /// role in no department. A department the page cannot find goes to the grain as it was typed, so
    /// the refusal is the API's.
    /// </summary>
    private AffectedByInput Parse(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return new AffectedByInput(null, line);
        }

        var department = line[..colon].Trim();
        var match = Departments.FirstOrDefault(d => string.Equals(d.Name, department, StringComparison.OrdinalIgnoreCase) || d.Id == department);
        return new AffectedByInput(match?.Id ?? department, line[(colon + 1)..].Trim());
    }

    private string LineOf(AffectedBy affected) =>
        affected.DepartmentId is null
            ? affected.Role
            : $"{Departments.FirstOrDefault(d => d.Id == affected.DepartmentId)?.Name ?? affected.DepartmentId}: {affected.Role}";

    private async Task LoadAsync()
    {
        Journey = Id is null ? null : await Design.GetJourney(Id);
        Departments = (await Organization.ListDepartments(AllDepartments)).Items;
        Linkable = (await Vision.GetCurrentVersion())?.Items.Where(i => JourneyRules.LinkableKinds.Contains(i.Kind)).OrderBy(i => i.Order).ToList() ?? [];
    }

    private void AddEmptyRows()
    {
        var next = Touchpoints.Select(t => int.TryParse(t.Order, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o + 1 : 0).DefaultIfEmpty(0).Max();
        for (var i = 0; i < EmptyRows; i++)
        {
            Touchpoints.Add(new TouchpointForm { Channel = nameof(TouchpointChannel.InPerson), Order = (next + i).ToString(CultureInfo.InvariantCulture) });
        }
    }

    [GeneratedRegex(@"^touchpoints\[(\d+)\]")]
    private static partial Regex RowIndex();
}
