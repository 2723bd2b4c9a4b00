using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

/// <summary>
/// Who may act for a location of a network. Network leaders (owners, and leaders who belong to no
/// location) act for every location; a location manager (a leader who belongs to a location) acts
/// only for that one; employees read their own location. The route's policy has already checked
/// the role; this adds the location.
/// </summary>
public static class LocationAccess
{
    /// <summary>The location the caller is limited to, or null for a network leader (API keys act for the whole network).</summary>
    public static async Task<string?> ScopeOfAsync(Caller caller, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsApiKey || caller.Role == MemberRole.Owner)
        {
            return null;
        }

        var member = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).FindMember(caller.MemberId);
        return member?.LocationId;
    }

    /// <summary>
    /// The location, when the caller may act for it with at least <paramref name="minimum"/>: 404 when the
    /// network has no such location, 403 when the role is too low or the caller belongs to another
    /// location (the network's locations are listed to every member, so 403 reveals nothing).
    /// </summary>
    public static async Task<LocationView> RequireAsync(Caller caller, IGrainFactory grains, string locationId, MemberRole minimum)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var location = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).GetLocation(locationId);
        if (!caller.IsAtLeast(minimum))
        {
            throw new ForbiddenException($"This needs the {minimum} role.");
        }

        if (await ScopeOfAsync(caller, grains) is { } scope && !string.Equals(scope, location.Id, StringComparison.Ordinal))
        {
            throw new ForbiddenException("A member of a location acts only for their own location.");
        }

        return location;
    }
}
