namespace ServiceVision.Partners;

/// <summary>Grain keys of the partners service and the broker names of one partner.</summary>
public static class PartnerKeys
{
    /// <summary>The registry grain's stored type name and key: partners are platform-wide, so its key names no organization.</summary>
    public const string RegistryGrainType = "partner-registry";

    /// <summary>
    /// The registry's key. It is its own tenant (no organization id starts with "platform-"), so a
    /// call made in an organization's context cannot reach it; only platform code (the admin
    /// endpoints, the inbound service, an explicit platform scope) can.
    /// </summary>
    public const string RegistryKey = "platform-partners";

    public const string GrantsGrainType = "partner-grants";

    public const string RecordsGrainType = "partner-records";

    /// <summary>An organization's grants to partners: "{organizationId}/partner-grants".</summary>
    public static string Grants(string organizationId) => $"{organizationId}/{GrantsGrainType}";

    /// <summary>What partners reported to an organization that no other service stores yet: "{organizationId}/partner-records".</summary>
    public static string Records(string organizationId) => $"{organizationId}/{RecordsGrainType}";

    /// <summary>The partner's RabbitMQ user.</summary>
    public static string UserName(string partnerId) => "partner-" + partnerId;

    /// <summary>The fanout exchange the partner publishes commands to (its only write permission).</summary>
    public static string InboundExchange(string partnerId) => $"partner.{partnerId}.inbound";

    /// <summary>The queue bound to <see cref="InboundExchange"/> that the platform consumes.</summary>
    public static string InboundQueue(string partnerId) => $"partner.{partnerId}.inbound";

    /// <summary>The queue the platform sends events, acks and faults to (the partner's only read permission).</summary>
    public static string OutboundQueue(string partnerId) => $"partner.{partnerId}.outbound";

    /// <summary>Whether <paramref name="partnerId"/> has the shape the registry gives ids ("ptn_" and 32 hex digits), so it is safe in queue names and permission patterns.</summary>
    public static bool IsWellFormedId(string? partnerId) =>
        partnerId is { Length: 36 } && partnerId.StartsWith("ptn_", StringComparison.Ordinal) && !partnerId.AsSpan(4).ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");
}
