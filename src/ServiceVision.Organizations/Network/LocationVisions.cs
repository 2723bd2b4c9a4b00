using ServiceVision.Api;
using ServiceVision.Domain.Networks;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;

namespace ServiceVision.Organizations.Network;

/// <summary>
/// A location's adoption and local items as the API and the web app both change them: the rules
/// checked before the grain, the grain call, and the audit log entry. The caller has already made sure
/// (LocationAccess) that the member may act for <c>location</c>. One place, so the page and the API
/// cannot drift apart.
/// </summary>
public static class LocationVisions
{
    public static ILocationVisionGrain Grain(IGrainFactory grains, Caller caller, string locationId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(caller);
        return grains.GetGrain<ILocationVisionGrain>(NetworkKeys.LocationVision(caller.OrganizationId, locationId));
    }

    public static async Task<LocationAdoptionView> AdoptAsync(IGrainFactory grains, IAuditLog audit, Caller caller, LocationView location, int? version, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(location);
        ValidationFailedException.ThrowIfAny(AdoptionRules.ValidateVersion(version));
        var outcome = await Grain(grains, caller, location.Id).Adopt(version!.Value, caller.MemberId, expectedRevision);
        if (outcome.Changed)
        {
            await audit.RecordAsync(caller, AuditKind.LocationVisionAdopted, location.Id, $"{location.Name} adopted version {version} of the network's vision.");
        }

        return outcome.Adoption;
    }

    public static async Task<LocalItemOutcome> AddLocalItemAsync(IGrainFactory grains, IAuditLog audit, Caller caller, LocationView location, string? kind, string? pillarId, string? text)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(location);
        ValidationFailedException.ThrowIfAny(LocalAdditionRules.Validate(kind, pillarId, text, out _));
        var outcome = await Grain(grains, caller, location.Id)
            .AddLocalItem(new NewLocalItem(Ids.New(NetworkKeys.LocalItemPrefix), kind, pillarId, text), caller.MemberId);
        if (outcome.Changed)
        {
            await audit.RecordAsync(caller, AuditKind.LocalItemAdded, outcome.Item.Id, $"{location.Name} added a local {outcome.Item.Kind} to the network's vision.");
        }

        return outcome;
    }

    public static async Task<LocalItemOutcome> UpdateLocalItemAsync(
        IGrainFactory grains, IAuditLog audit, Caller caller, LocationView location, string itemId, string? kind, string? pillarId, string? text, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(location);
        var outcome = await Grain(grains, caller, location.Id).UpdateLocalItem(itemId, new LocalItemChange(kind, pillarId, text), caller.MemberId, expectedRevision);
        if (outcome.Changed)
        {
            await audit.RecordAsync(caller, AuditKind.LocalItemChanged, outcome.Item.Id, $"{location.Name} changed a local {outcome.Item.Kind} of the network's vision.");
        }

        return outcome;
    }

    /// <summary>Removes a local item; returns the location vision's new revision.</summary>
    public static async Task<long> RemoveLocalItemAsync(IGrainFactory grains, IAuditLog audit, Caller caller, LocationView location, string itemId, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(location);
        var revision = await Grain(grains, caller, location.Id).RemoveLocalItem(itemId, caller.MemberId, expectedRevision);
        await audit.RecordAsync(caller, AuditKind.LocalItemRemoved, itemId, $"{location.Name} removed a local item of the network's vision.");
        return revision;
    }
}
