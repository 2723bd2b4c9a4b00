using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Grains;
using ServiceVision.Surveys.Abstractions;
using ServiceVision.Surveys.Http;

namespace ServiceVision.Surveys.Answering;

/// <summary>
/// Complaints (service recoveries) a leader looks at and maps to the never/always items or standards
/// they broke. The API (<see cref="RecoveryEndpoints"/>) and the web app's complaints page both call
/// it, so their checks cannot drift apart; ETags and If-Match stay with the endpoints.
/// </summary>
public sealed class ServiceRecoveryMapping(IGrainFactory grains)
{
    /// <summary>A status filter as sent (?status=); null is every status. 400 naming status.</summary>
    public static ServiceRecoveryStatus? ParseStatus(string? status) =>
        status is null
            ? null
            : Enum.TryParse<ServiceRecoveryStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new ValidationFailedException("status", "The status is Open, Overdue or Resolved.");

    /// <summary>Recoveries of the caller's organization, newest first, optionally of one status.</summary>
    public Task<PagedList<ServiceRecoveryView>> ListAsync(Caller caller, ServiceRecoveryStatus? status, PageRequest page) =>
        Recoveries(caller).List(status, page);

    /// <summary>A recovery of the caller's organization; 404.</summary>
    public Task<ServiceRecoveryView> GetAsync(Caller caller, string recoveryId) =>
        Recoveries(caller).GetRecovery(recoveryId);

    /// <summary>
    /// Maps a recovery to the items it broke and who gets a refresher (publishes <c>ComplaintMapped</c>).
    /// 404; 412 stale; 400 naming itemIds, itemIds[i], locationId or role; 409 no published vision.
    /// </summary>
    public async Task<ServiceRecoveryView> MapAsync(Caller caller, string recoveryId, RecoveryMappingRequest request, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ValidationError>();
        if (request.ItemIds is null)
        {
            errors.Add(new("itemIds", "Name the never, always or standard items the complaint broke."));
        }
        else
        {
            for (var i = 0; i < request.ItemIds.Count; i++)
            {
                if (!TextRules.IsWellFormedId(request.ItemIds[i]))
                {
                    errors.Add(new($"itemIds[{i}]", "An item id is required here."));
                }
            }
        }

        if (request.LocationId is not null && !TextRules.IsWellFormedId(request.LocationId))
        {
            errors.Add(new("locationId", "There is no such location."));
        }

        ValidationFailedException.ThrowIfAny(errors);
        return await Recoveries(caller).Map(recoveryId, new RecoveryMappingInput([.. request.ItemIds!.OfType<string>()], request.LocationId, request.Role, caller.MemberId), expectedRevision);
    }

    private IServiceRecoveriesGrain Recoveries(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return grains.GetGrain<IServiceRecoveriesGrain>(SurveysKeys.Recoveries(caller.OrganizationId));
    }
}
