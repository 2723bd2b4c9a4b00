using Microsoft.AspNetCore.Mvc;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Journeys;

/// <summary>Journey maps and one map's touchpoints (GET /api/v1/service-design/journeys[/{id}]); leaders edit them on <see cref="EditModel"/>.</summary>
public sealed class IndexModel : AppPageModel
{
    private Dictionary<string, string> items = new(StringComparer.Ordinal);

    public IReadOnlyList<JourneySummary>? Journeys { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    public JourneyView? Selected { get; private set; }

    public string ItemText(string itemId) => items.TryGetValue(itemId, out var text) ? text : itemId;

    public async Task OnGetAsync()
    {
        var design = Grains.GetGrain<IServiceDesignGrain>(Me.OrganizationId + "/service-design");
        Journeys = await design.ListJourneys();
        if (Id is not null)
        {
            Selected = await design.GetJourney(Id);
            items = (await Vision.GetCurrentVersion())?.Items.ToDictionary(i => i.Id, i => i.Text, StringComparer.Ordinal) ?? items;
        }
    }
}
