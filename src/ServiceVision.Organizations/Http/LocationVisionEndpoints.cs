using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Networks;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Network;

namespace ServiceVision.Organizations.Http;

public sealed record LocationAdoptionRequest(int? Version);

public sealed record LocalItemRequest(string? Kind, string? PillarId, string? Text);

/// <summary>A location of the network with its adoption of the network's vision.</summary>
public sealed record NetworkAdoptionRow(string LocationId, string Name, string? Region, string? Code, LocationAdoptionView Adoption);

/// <summary>
/// The network's vision as each location holds it (/api/v1/locations/{locationId}/vision): the core
/// offered by the network (read-only here), the location's adoption and its local items; and the
/// adoption of every location (/api/v1/network/adoption).
/// </summary>
public static class LocationVisionEndpoints
{
    private const string Tag = "Network vision";

    public static IEndpointRouteBuilder MapLocationVisionEndpoints(this IEndpointRouteBuilder routes)
    {
        var vision = routes.MapGroup("/api/v1/locations/{locationId}/vision").WithTags(Tag);
        vision.MapGet("/", GetAsync)
            .WithSummary("The network's core as offered to the location, its local items, its adoption and what changed since it adopted; ETag is the location vision's revision.")
            .RequireAuthorization(Policies.Employee);
        vision.MapPost("/adoption", AdoptAsync)
            .WithSummary("The location adopts the latest version the network offered (a location manager or a network leader; If-Match required).")
            .RequireAuthorization(Policies.Leader);
        vision.MapPost("/items", AddItemAsync)
            .WithSummary("Adds a local item (a pillar example, a standard, a never or an always) to the location's vision.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Leader);
        vision.MapGet("/items/{localItemId}", GetItemAsync)
            .WithSummary("One local item of the location.")
            .RequireAuthorization(Policies.Employee);
        vision.MapPut("/items/{localItemId}", UpdateItemAsync)
            .WithSummary("Replaces a local item (If-Match required); a core item answers 409.")
            .RequireAuthorization(Policies.Leader);
        vision.MapDelete("/items/{localItemId}", RemoveItemAsync)
            .WithSummary("Removes a local item (If-Match required); a core item answers 409.")
            .RequireAuthorization(Policies.Leader);

        routes.MapGet("/api/v1/network/adoption", ListAdoptionAsync)
            .WithTags(Tag)
            .WithSummary("Every location with its adoption of the network's vision (a location manager sees only their location); filter with state and region.")
            .RequireAuthorization(Policies.Leader);
        return routes;
    }

    private static async Task<Ok<LocationVisionView>> GetAsync(string locationId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var location = await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Employee);
        var vision = await LocationVisions.Grain(grains, caller, location.Id).GetVision();
        ETags.Set(context, vision.Revision);
        return TypedResults.Ok(vision);
    }

    private static async Task<Ok<LocationAdoptionView>> AdoptAsync(string locationId, LocationAdoptionRequest request, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var location = await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Leader);
        var expected = ETags.RequireIfMatch(context);
        var adoption = await LocationVisions.AdoptAsync(grains, audit, caller, location, request.Version, expected);
        ETags.Set(context, adoption.Revision);
        return TypedResults.Ok(adoption);
    }

    private static async Task<Created<LocalItemView>> AddItemAsync(string locationId, LocalItemRequest request, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var location = await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Leader);
        var outcome = await LocationVisions.AddLocalItemAsync(grains, audit, caller, location, request.Kind, request.PillarId, request.Text);
        ETags.Set(context, outcome.Revision);
        return TypedResults.Created($"/api/v1/locations/{location.Id}/vision/items/{outcome.Item.Id}", outcome.Item);
    }

    private static async Task<Ok<LocalItemView>> GetItemAsync(string locationId, string localItemId, Caller caller, IGrainFactory grains, HttpContext context)
    {
        var location = await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Employee);
        var vision = await LocationVisions.Grain(grains, caller, location.Id).GetVision();
        var item = vision.LocalItems.FirstOrDefault(i => i.Id == localItemId) ?? throw new NotFoundException("The local item");
        ETags.Set(context, vision.Revision);
        return TypedResults.Ok(item);
    }

    private static async Task<Ok<LocalItemView>> UpdateItemAsync(string locationId, string localItemId, LocalItemRequest request, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var location = await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Leader);
        var expected = ETags.RequireIfMatch(context);
        var outcome = await LocationVisions.UpdateLocalItemAsync(grains, audit, caller, location, localItemId, request.Kind, request.PillarId, request.Text, expected);
        ETags.Set(context, outcome.Revision);
        return TypedResults.Ok(outcome.Item);
    }

    private static async Task<NoContent> RemoveItemAsync(string locationId, string localItemId, Caller caller, IGrainFactory grains, IAuditLog audit, HttpContext context)
    {
        var location = await LocationAccess.RequireAsync(caller, grains, locationId, MemberRole.Leader);
        var expected = ETags.RequireIfMatch(context);
        var revision = await LocationVisions.RemoveLocalItemAsync(grains, audit, caller, location, localItemId, expected);
        ETags.Set(context, revision);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PagedList<NetworkAdoptionRow>>> ListAdoptionAsync(Caller caller, IGrainFactory grains, PageRequest page, HttpContext context, string? state = null, string? region = null)
    {
        var errors = LocationRules.ValidateRegionFilter(region).ToList();
        AdoptionState? wanted = null;
        if (state is not null)
        {
            if (TryParseState(state, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add(new("state", "state must be one of " + string.Join(", ", Enum.GetNames<AdoptionState>()) + "."));
            }
        }

        ValidationFailedException.ThrowIfAny(errors);
        var locations = await VisibleLocationsAsync(caller, grains, region);
        Task<NetworkAdoptionRow> RowAsync(LocationView l) => AdoptionRowAsync(grains, caller, l);
        if (wanted is null)
        {
            // Only the page's locations need their adoption read.
            var onPage = PagedList.Of(locations, page);
            var rows = await NetworkLocations.FanOutAsync(onPage.Items, RowAsync, context.RequestAborted);
            return TypedResults.Ok(new PagedList<NetworkAdoptionRow>(rows, onPage.Page, onPage.PageSize, onPage.Total));
        }

        var all = await NetworkLocations.FanOutAsync(locations, RowAsync, context.RequestAborted);
        return TypedResults.Ok(PagedList.Of(all.Where(r => r.Adoption.State == wanted), page));
    }

    /// <summary>Every location for a network leader; a location manager's own location only.</summary>
    private static async Task<IReadOnlyList<LocationView>> VisibleLocationsAsync(Caller caller, IGrainFactory grains, string? region)
    {
        if (await LocationAccess.ScopeOfAsync(caller, grains) is not { } scope)
        {
            return await NetworkLocations.AllAsync(grains, caller.OrganizationId, region);
        }

        try
        {
            var own = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).GetLocation(scope);
            return LocationRules.InRegion(own.Region, region) ? [own] : [];
        }
        catch (NotFoundException)
        {
            return [];
        }
    }

    private static async Task<NetworkAdoptionRow> AdoptionRowAsync(IGrainFactory grains, Caller caller, LocationView location) =>
        new(location.Id, location.Name, location.Region, location.Code, await LocationVisions.Grain(grains, caller, location.Id).GetAdoption());

    /// <summary>A state name, case-insensitive; numbers are not names.</summary>
    private static bool TryParseState(string value, out AdoptionState state)
    {
        foreach (var candidate in Enum.GetValues<AdoptionState>())
        {
            if (string.Equals(candidate.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }
}
