using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// Service design of one organization (key "{organizationId}/service-design"): department visions,
/// the service strategy and customer journey maps with their touchpoints. Every change validates
/// fully first (400 naming the field), then checks the expected revision (412), then writes.
/// </summary>
public interface IServiceDesignGrain : IGrain
{
    /// <summary>The visions of the organization's departments, ordered by department id.</summary>
    [ReadOnly]
    Task<IReadOnlyList<DepartmentVisionView>> ListDepartmentVisions();

    /// <summary>A department's vision; 404 when it has none or the organization has no such department.</summary>
    [ReadOnly]
    Task<DepartmentVisionView> GetDepartmentVision(string departmentId);

    /// <summary>
    /// Creates or replaces a department's vision. <paramref name="expectedRevision"/>: null when the
    /// caller sent no precondition (allowed only while the department has no vision; 428 otherwise),
    /// 0 for "must not exist yet" (412 if it does), else the current revision (412 if stale).
    /// 404 for a department the organization does not have; 400 <c>statement</c>.
    /// </summary>
    Task<DepartmentVisionView> SetDepartmentVision(string departmentId, string? statement, long? expectedRevision, string memberId);

    /// <summary>Removes a department's vision; 404 when it has none, 412 when stale.</summary>
    Task RemoveDepartmentVision(string departmentId, long expectedRevision);

    /// <summary>The service strategy; revision 0 and empty texts until it is first written.</summary>
    [ReadOnly]
    Task<ServiceStrategyView> GetStrategy();

    /// <summary>Replaces the service strategy (revision 0 to write the first one); 412 when stale.</summary>
    Task<ServiceStrategyView> UpdateStrategy(ServiceStrategyInput strategy, long expectedRevision, string memberId);

    /// <summary>Adds a journey map; touchpoints get new ids. 409 at <see cref="ServiceDesignLimits.MaxJourneys"/> journeys.</summary>
    Task<JourneyView> CreateJourney(JourneyInput journey, string memberId);

    /// <summary>Journeys ordered by name.</summary>
    [ReadOnly]
    Task<IReadOnlyList<JourneySummary>> ListJourneys();

    /// <summary>A journey; 404 when there is none.</summary>
    [ReadOnly]
    Task<JourneyView> GetJourney(string journeyId);

    /// <summary>
    /// Replaces a journey. Touchpoints that send the id of one of the journey's touchpoints keep it;
    /// those without an id are new; the journey's touchpoints not sent are removed. 404, 412 when stale.
    /// </summary>
    Task<JourneyView> UpdateJourney(string journeyId, JourneyInput journey, long expectedRevision, string memberId);

    /// <summary>Deletes a journey; 404, 412 when stale.</summary>
    Task RemoveJourney(string journeyId, long expectedRevision);

    /// <summary>
    /// Every touchpoint a department affects, across journeys (by journey name, then touchpoint order).
    /// 404 for a department the organization does not have.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<DepartmentTouchpointView>> ListTouchpointsOf(string departmentId);
}

public static class ServiceDesignLimits
{
    public const int MaxJourneys = 100;
}

/// <summary>A department's vision; <see cref="Quality"/> is the same check, in the same shape, as a vision draft's.</summary>
public sealed record DepartmentVisionView(
    string DepartmentId,
    string Statement,
    VisionQualityView Quality,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    long Revision);

public sealed record ServiceStrategyView(
    string CoreService,
    string ServiceExperience,
    string RecoveryPromise,
    IReadOnlyList<FunctionCommitment> Functions,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    long Revision);

public sealed record JourneyView(
    string Id,
    string Name,
    string? Description,
    IReadOnlyList<TouchpointView> Touchpoints,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    long Revision);

public sealed record TouchpointView(
    string Id,
    string Name,
    TouchpointChannel Channel,
    int Order,
    IReadOnlyList<AffectedBy> AffectedBy,
    IReadOnlyList<string> StandardItemIds);

public sealed record JourneySummary(
    string Id,
    string Name,
    string? Description,
    int TouchpointCount,
    IReadOnlyList<TouchpointChannel> Channels,
    DateTimeOffset UpdatedAt,
    long Revision);

/// <summary>A touchpoint as seen from one department: where it is, and which of the department's roles affect it.</summary>
public sealed record DepartmentTouchpointView(
    string JourneyId,
    string JourneyName,
    TouchpointView Touchpoint,
    IReadOnlyList<string> Roles);
