namespace ServiceVision.Partners;

/// <summary>Settings of the partners service (section "Partners").</summary>
public sealed class PartnersOptions
{
    public const string SectionName = "Partners";

    /// <summary>
    /// The bearer token of platform administrators (the partner registry). No default: without it
    /// every registry request is refused with 401.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// The RabbitMQ management API with credentials, e.g. http://user:pass@host:15672/. Falls back
    /// to ConnectionStrings:RabbitMQManagement; without either, provisioning answers 503.
    /// </summary>
    public string? Management { get; set; }

    /// <summary>How often each host re-reads the registry to start and stop inbound consumers that another host provisioned or deleted.</summary>
    public TimeSpan InboundReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);
}
