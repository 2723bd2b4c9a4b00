using ServiceVision.Domain;
using ServiceVision.Grains;

namespace ServiceVision.Partners.Abstractions;

/// <summary>
/// What one organization granted partners (key "{organizationId}/partner-grants"): per partner, the
/// event kinds it receives and the commands it may send; and the history of grants and revocations
/// (who, when, what). The outbound forwarder and the inbound service ask it on every message, so a
/// revocation takes effect with the next message.
/// </summary>
public interface IPartnerGrantsGrain : IGrain
{
    /// <summary>
    /// Creates (<paramref name="expectedRevision"/> 0) or replaces the grant of a partner. 400 naming
    /// <c>events[i]</c> / <c>commands[i]</c>, 412 when <paramref name="expectedRevision"/> is stale.
    /// </summary>
    Task<PartnerGrantView> Put(string partnerId, GrantChange change, string grantedBy, long expectedRevision);

    /// <summary>Revokes a partner's grant: nothing more reaches it from this organization. 404, 412.</summary>
    Task Revoke(string partnerId, string revokedBy, long expectedRevision);

    [ReadOnly]
    Task<PartnerGrantView?> Find(string partnerId);

    /// <summary>Every grant, by partner id.</summary>
    [ReadOnly]
    Task<IReadOnlyList<PartnerGrantView>> List();

    /// <summary>The partners granted the event kind <paramref name="eventKind"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> PartnersGrantedEvent(string eventKind);

    /// <summary>Whether the partner may send <paramref name="command"/> for this organization.</summary>
    [ReadOnly]
    Task<bool> AllowsCommand(string partnerId, string command);

    /// <summary>Grants and revocations, newest first (the last <see cref="GrantRules.MaxHistory"/>).</summary>
    [ReadOnly]
    Task<IReadOnlyList<GrantHistoryEntry>> History();
}

public sealed record GrantChange(IReadOnlyList<string> Events, IReadOnlyList<string> Commands);

public sealed record PartnerGrantView(
    string PartnerId,
    IReadOnlyList<string> Events,
    IReadOnlyList<string> Commands,
    DateTimeOffset GrantedAt,
    string GrantedBy,
    long Revision);

/// <param name="Action">"Granted", "Changed" or "Revoked".</param>
public sealed record GrantHistoryEntry(DateTimeOffset At, string ActorId, string PartnerId, string Action, IReadOnlyList<string> Events, IReadOnlyList<string> Commands);

/// <summary>Validation of grants.</summary>
public static class GrantRules
{
    public const int MaxHistory = 500;
    public const int MaxGrants = 100;

    public static IReadOnlyList<ValidationError> Validate(IReadOnlyList<string?>? events, IReadOnlyList<string?>? commands)
    {
        var errors = new List<ValidationError>();
        Check(errors, "events", events, GrantKinds.Events);
        Check(errors, "commands", commands, GrantKinds.Commands);
        if (errors.Count == 0 && events!.Count == 0 && commands!.Count == 0)
        {
            errors.Add(new("events", "Grant at least one event kind or command; to grant nothing, revoke the grant."));
        }

        return errors;
    }

    private static void Check(List<ValidationError> errors, string field, IReadOnlyList<string?>? values, IReadOnlyList<string> allowed)
    {
        if (values is null)
        {
            errors.Add(new(field, $"{field} is required (an empty list grants none)."));
            return;
        }

        if (values.Count > allowed.Count)
        {
            errors.Add(new(field, $"{field} has at most {allowed.Count} entries."));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } value || !allowed.Contains(value, StringComparer.Ordinal))
            {
                errors.Add(new($"{field}[{i}]", $"Must be one of: {string.Join(", ", allowed)}."));
            }
            else if (!seen.Add(value))
            {
                errors.Add(new($"{field}[{i}]", $"'{value}' is listed twice."));
            }
        }
    }
}
