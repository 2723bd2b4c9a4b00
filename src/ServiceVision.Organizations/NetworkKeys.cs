namespace ServiceVision.Organizations;

/// <summary>
/// Keys of a franchise network's grains. A network is an organization with locations; each
/// location has grains of its own under the network's key, so a location's adoption, local
/// additions and audit visits change and load independently of every other location.
/// </summary>
public static class NetworkKeys
{
    public const string ChecklistPrefix = "chk";
    public const string VisitPrefix = "vst";
    public const string LocalItemPrefix = "lci";

    /// <summary>The location's adoption of the network vision and its local additions.</summary>
    public static string LocationVision(string organizationId, string locationId) => $"{organizationId}/locations/{locationId}/vision";

    /// <summary>The audit visits of one location.</summary>
    public static string LocationAudits(string organizationId, string locationId) => $"{organizationId}/locations/{locationId}/audits";

    /// <summary>The network's audit checklists.</summary>
    public static string Checklists(string organizationId) => organizationId + "/checklists";
}
