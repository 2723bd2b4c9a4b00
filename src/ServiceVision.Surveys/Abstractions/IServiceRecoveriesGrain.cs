using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Grains;

namespace ServiceVision.Surveys.Abstractions;

/// <summary>
/// The organization's service recoveries (key "{org}/survey-recoveries"), recorded from the
/// <c>ServiceRecoveryNeeded</c> events the response buckets publish. A durable reminder per recovery
/// publishes <c>ServiceRecoveryOverdue</c> when it is still unanswered at its deadline;
/// <c>ServiceRecoveryResolved</c> closes it; a leader maps it to the vision items it broke.
/// </summary>
public interface IServiceRecoveriesGrain : IGrain
{
    /// <summary>Records a recovery once (a repeat changes nothing) and sets its overdue reminder.</summary>
    Task Record(ServiceRecoveryNeeded needed);

    /// <summary>Closes a recovery (a repeat changes nothing); false when the recovery is not known (yet).</summary>
    Task<bool> Resolve(ServiceRecoveryResolved resolved);

    /// <summary>Recoveries, newest first, optionally of one status.</summary>
    [ReadOnly]
    Task<PagedList<ServiceRecoveryView>> List(ServiceRecoveryStatus? status, PageRequest page);

    /// <summary>A recovery; 404.</summary>
    [ReadOnly]
    Task<ServiceRecoveryView> GetRecovery(string recoveryId);

    /// <summary>
    /// Maps a recovery to the never/always items or standards it broke and who gets a refresher; publishes
    /// <c>ComplaintMapped</c>. 404; 412 stale; 400 naming <c>itemIds[i]</c> (not a never, always or standard
    /// item of the published vision), <c>locationId</c>, <c>role</c>; 409 when no vision is published.
    /// </summary>
    Task<ServiceRecoveryView> Map(string recoveryId, RecoveryMappingInput mapping, long expectedRevision);

    /// <summary>The most recoveries kept (resolved ones older than 90 days are dropped first).</summary>
    const int MaxRecoveries = 20_000;
}

public enum ServiceRecoveryStatus
{
    Open,
    Overdue,
    Resolved,
}

public sealed record RecoveryMappingInput(IReadOnlyList<string> ItemIds, string? LocationId, string? Role, string MappedBy);

public sealed record ServiceRecoveryMappingView(IReadOnlyList<string> ItemIds, string? LocationId, string? Role, string MappedBy, DateTimeOffset MappedAt);

public sealed record ServiceRecoveryView(
    string Id,
    string SurveyId,
    string ResponseId,
    string? LocationId,
    string? Channel,
    string Touchpoint,
    int? Csat,
    int? Nps,
    string? Comment,
    ServiceRecoveryStatus Status,
    DateTimeOffset RaisedAt,
    DateTimeOffset RespondBy,
    DateTimeOffset? OverdueNotifiedAt,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? Outcome,
    ServiceRecoveryMappingView? Mapping,
    long Revision);
