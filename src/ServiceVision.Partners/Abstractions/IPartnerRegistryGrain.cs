using ServiceVision.Api;
using ServiceVision.Grains;

namespace ServiceVision.Partners.Abstractions;

/// <summary>
/// The platform-wide partner registry (key <see cref="PartnerKeys.RegistryKey"/>, under no
/// organization). Holds each partner's id, name and provisioning status, never its password.
/// </summary>
public interface IPartnerRegistryGrain : IGrain
{
    /// <summary>Records a new partner as "Provisioning"; 409 <c>name</c> when another partner has the name (ignoring case).</summary>
    Task<PartnerView> Add(string partnerId, string name);

    /// <summary>Marks a partner provisioned (its broker user, exchange and queues exist); 404.</summary>
    Task<PartnerView> MarkProvisioned(string partnerId);

    /// <summary>Forgets a partner; true when it was known.</summary>
    Task<bool> Remove(string partnerId);

    [ReadOnly]
    Task<PartnerView?> Find(string partnerId);

    /// <summary>Every partner, by name.</summary>
    [ReadOnly]
    Task<IReadOnlyList<PartnerView>> List();
}

public enum PartnerStatus
{
    /// <summary>Recorded; the broker objects are being (or failed to be) created. Creating it again finishes the job.</summary>
    Provisioning,

    /// <summary>The broker user, exchange and queues exist; the platform consumes the inbound queue.</summary>
    Provisioned,
}

/// <param name="UserName">The partner's RabbitMQ user.</param>
/// <param name="InboundExchange">Where the partner publishes commands.</param>
/// <param name="OutboundQueue">Where the partner reads events, acks and faults.</param>
public sealed record PartnerView(
    string Id,
    string Name,
    PartnerStatus Status,
    DateTimeOffset CreatedAt,
    string UserName,
    string InboundExchange,
    string OutboundQueue);

/// <summary>Limits of the registry.</summary>
public static class PartnerLimits
{
    public const int MaxNameLength = 100;
    public const int MaxPartners = 1000;

    public static IReadOnlyList<Domain.ValidationError> ValidateName(string? name)
    {
        var errors = new List<Domain.ValidationError>();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new("name", "The partner's name is required."));
        }
        else if (name.Trim().Length > MaxNameLength)
        {
            errors.Add(new("name", $"The partner's name is at most {MaxNameLength} characters."));
        }

        return errors;
    }

    internal static NotFoundException NotFound() => new("The partner");
}
