using ServiceVision.Api;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// Department visions, the service strategy and journey maps of one organization. It reads the
/// organization grain (departments) and the vision grain (published items); neither calls back, so
/// the call graph stays a tree. Every change is written before the call returns.
/// </summary>
public sealed class ServiceDesignGrain : Grain<ServiceDesignState>, IServiceDesignGrain
{
    public async Task<IReadOnlyList<DepartmentVisionView>> ListDepartmentVisions()
    {
        var live = State.DepartmentVisions.Values.Where(v => !v.Removed).OrderBy(v => v.DepartmentId, StringComparer.Ordinal).ToList();
        if (live.Count == 0)
        {
            return [];
        }

        // A department deleted since keeps its vision here, but it is no longer shown.
        var departments = await DepartmentIdsAsync();
        return [.. live.Where(v => departments.Contains(v.DepartmentId)).Select(View)];
    }

    public async Task<DepartmentVisionView> GetDepartmentVision(string departmentId)
    {
        await RequireDepartmentAsync(departmentId);
        return View(RequireDepartmentVision(departmentId));
    }

    public async Task<DepartmentVisionView> SetDepartmentVision(string departmentId, string? statement, long? expectedRevision, string memberId)
    {
        await RequireDepartmentAsync(departmentId);
        ValidationFailedException.ThrowIfAny(DepartmentVisionRules.Validate(statement));
        var existing = State.DepartmentVisions.GetValueOrDefault(departmentId);
        if (existing is { Removed: false })
        {
            if (expectedRevision is null)
            {
                throw new PreconditionRequiredException();
            }

            if (expectedRevision != existing.Revision)
            {
                throw new PreconditionFailedException("The department vision", existing.Revision);
            }
        }
        else if (expectedRevision is not (null or 0))
        {
            // Nothing to match: the vision does not exist (any more).
            throw new PreconditionFailedException("The department vision", 0);
        }

        var record = existing ?? new DepartmentVisionRecord { DepartmentId = departmentId };
        record.Statement = statement!.Trim();
        record.Removed = false;
        record.UpdatedAt = Time.GetUtcNow();
        record.UpdatedBy = memberId;
        record.Revision++;
        State.DepartmentVisions[departmentId] = record;
        await WriteStateAsync();
        return View(record);
    }

    public async Task RemoveDepartmentVision(string departmentId, long expectedRevision)
    {
        var record = RequireDepartmentVision(departmentId);
        if (expectedRevision != record.Revision)
        {
            throw new PreconditionFailedException("The department vision", record.Revision);
        }

        record.Removed = true;
        record.Statement = "";
        record.Revision++;
        await WriteStateAsync();
    }

    public Task<ServiceStrategyView> GetStrategy() => Task.FromResult(View(State.Strategy));

    public async Task<ServiceStrategyView> UpdateStrategy(ServiceStrategyInput strategy, long expectedRevision, string memberId)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ValidationFailedException.ThrowIfAny(ServiceStrategyRules.Validate(strategy));
        var record = State.Strategy;
        if (expectedRevision != record.Revision)
        {
            throw new PreconditionFailedException("The service strategy", record.Revision);
        }

        var normalized = ServiceStrategyRules.Normalize(strategy);
        record.CoreService = normalized.CoreService;
        record.ServiceExperience = normalized.ServiceExperience;
        record.RecoveryPromise = normalized.RecoveryPromise;
        record.Functions = [.. normalized.Functions.Select(f => new FunctionCommitmentRecord { Function = f.Function, Commitment = f.Commitment })];
        record.UpdatedAt = Time.GetUtcNow();
        record.UpdatedBy = memberId;
        record.Revision++;
        await WriteStateAsync();
        return View(record);
    }

    public async Task<JourneyView> CreateJourney(JourneyInput journey, string memberId)
    {
        ArgumentNullException.ThrowIfNull(journey);
        var document = await ValidateAsync(journey, new HashSet<string>(StringComparer.Ordinal));
        if (State.Journeys.Count >= ServiceDesignLimits.MaxJourneys)
        {
            throw new ConflictException($"An organization has at most {ServiceDesignLimits.MaxJourneys} journeys; delete one first.");
        }

        var now = Time.GetUtcNow();
        var record = new JourneyRecord
        {
            Id = Ids.New("jrn"),
            CreatedAt = now,
            CreatedBy = memberId,
        };
        Apply(record, document, [], now, memberId);
        State.Journeys[record.Id] = record;
        await WriteStateAsync();
        return View(record);
    }

    public Task<IReadOnlyList<JourneySummary>> ListJourneys() =>
        Task.FromResult<IReadOnlyList<JourneySummary>>([.. OrderedJourneys().Select(Summary)]);

    public Task<JourneyView> GetJourney(string journeyId) => Task.FromResult(View(RequireJourney(journeyId)));

    public async Task<JourneyView> UpdateJourney(string journeyId, JourneyInput journey, long expectedRevision, string memberId)
    {
        ArgumentNullException.ThrowIfNull(journey);
        var record = RequireJourney(journeyId);
        var existing = record.Touchpoints.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var document = await ValidateAsync(journey, existing.Keys.ToHashSet(StringComparer.Ordinal));

        if (expectedRevision != record.Revision)
        {
            throw new PreconditionFailedException("The journey", record.Revision);
        }

        Apply(record, document, existing, Time.GetUtcNow(), memberId);
        await WriteStateAsync();
        return View(record);
    }

    public async Task RemoveJourney(string journeyId, long expectedRevision)
    {
        var record = RequireJourney(journeyId);
        if (expectedRevision != record.Revision)
        {
            throw new PreconditionFailedException("The journey", record.Revision);
        }

        State.Journeys.Remove(journeyId);
        await WriteStateAsync();
    }

    public async Task<IReadOnlyList<DepartmentTouchpointView>> ListTouchpointsOf(string departmentId)
    {
        await RequireDepartmentAsync(departmentId);
        var result = new List<DepartmentTouchpointView>();
        foreach (var journey in OrderedJourneys())
        {
            foreach (var touchpoint in OrderedTouchpoints(journey))
            {
                var roles = touchpoint.AffectedBy
                    .Where(a => a.DepartmentId == departmentId)
                    .Select(a => a.Role)
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToList();
                if (roles.Count > 0)
                {
                    result.Add(new DepartmentTouchpointView(journey.Id, journey.Name, View(touchpoint), roles));
                }
            }
        }

        return result;
    }

    private async Task<JourneyDocument> ValidateAsync(JourneyInput journey, IReadOnlySet<string> existingTouchpointIds)
    {
        var touchpoints = (journey.Touchpoints ?? []).Where(t => t is not null).ToList();

        // Ask the other grains only when the journey refers to what they hold.
        var publishedItems = touchpoints.Exists(t => t!.StandardItemIds is { Count: > 0 })
            ? await PublishedItemsAsync()
            : null;
        var departments = touchpoints.Exists(t => t!.AffectedBy?.Any(a => a?.DepartmentId is not null) == true)
            ? await DepartmentIdsAsync()
            : null;

        ValidationFailedException.ThrowIfAny(JourneyRules.Validate(journey, new JourneyContext(existingTouchpointIds, publishedItems, departments)));
        return JourneyRules.Normalize(journey);
    }

    private static void Apply(JourneyRecord record, JourneyDocument document, Dictionary<string, TouchpointRecord> existing, DateTimeOffset now, string memberId)
    {
        record.Name = document.Name;
        record.Description = document.Description;
        record.Touchpoints =
        [
            .. document.Touchpoints.Select(t => new TouchpointRecord
            {
                Id = t.Id is not null && existing.ContainsKey(t.Id) ? t.Id : Ids.New("tp"),
                Name = t.Name,
                Channel = t.Channel,
                Order = t.Order,
                AffectedBy = [.. t.AffectedBy.Select(a => new AffectedByRecord { DepartmentId = a.DepartmentId, Role = a.Role })],
                StandardItemIds = [.. t.StandardItemIds],
            }),
        ];
        record.UpdatedAt = now;
        record.UpdatedBy = memberId;
        record.Revision++;
    }

    private async Task<IReadOnlyDictionary<string, VisionItemKind>?> PublishedItemsAsync()
    {
        var published = await GrainFactory.GetGrain<IVisionGrain>($"{TenantId}/vision").GetCurrentVersion();
        return published?.Items.ToDictionary(i => i.Id, i => i.Kind, StringComparer.Ordinal);
    }

    private async Task<HashSet<string>> DepartmentIdsAsync()
    {
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(TenantId);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var batch = await organization.ListDepartments(new PageRequest(page, PageRequest.MaxPageSize));
            ids.UnionWith(batch.Items.Select(d => d.Id));
            if (batch.Items.Count == 0 || page * batch.PageSize >= batch.Total)
            {
                return ids;
            }
        }
    }

    /// <summary>404 unless the organization has this department; a malformed id never reaches the organization grain.</summary>
    private async Task RequireDepartmentAsync(string departmentId)
    {
        if (!TextRules.IsWellFormedId(departmentId))
        {
            throw new NotFoundException("The department");
        }

        // Throws NotFoundException for an unknown department.
        await GrainFactory.GetGrain<IOrganizationGrain>(TenantId).GetDepartment(departmentId);
    }

    private DepartmentVisionRecord RequireDepartmentVision(string departmentId) =>
        State.DepartmentVisions.TryGetValue(departmentId, out var record) && !record.Removed
            ? record
            : throw new NotFoundException("The department vision");

    private JourneyRecord RequireJourney(string journeyId) =>
        State.Journeys.TryGetValue(journeyId, out var record) ? record : throw new NotFoundException("The journey");

    private IEnumerable<JourneyRecord> OrderedJourneys() =>
        State.Journeys.Values.OrderBy(j => j.Name, StringComparer.OrdinalIgnoreCase).ThenBy(j => j.Id, StringComparer.Ordinal);

    // Stable: touchpoints with the same order keep the order they were sent in.
    private static IEnumerable<TouchpointRecord> OrderedTouchpoints(JourneyRecord journey) => journey.Touchpoints.OrderBy(t => t.Order);

    private static DepartmentVisionView View(DepartmentVisionRecord r) =>
        new(r.DepartmentId, r.Statement, Quality(r.Statement), r.UpdatedAt, r.UpdatedBy, r.Revision);

    private static VisionQualityView Quality(string statement)
    {
        var report = VisionQualityCheck.Evaluate(statement);
        return new VisionQualityView(
            report.MeetsAllCriteria,
            [.. report.Criteria.Select(c => new VisionCriterionView(c.Criterion, c.Passed))],
            [.. report.Findings.Select(f => new VisionFindingView(f.Criterion, f.Code, f.Message, f.Span is { } s ? new VisionTextSpanView(s.Start, s.Length) : null))]);
    }

    private static ServiceStrategyView View(ServiceStrategyRecord r) =>
        new(r.CoreService, r.ServiceExperience, r.RecoveryPromise, [.. r.Functions.Select(f => new FunctionCommitment(f.Function, f.Commitment))], r.UpdatedAt, r.UpdatedBy, r.Revision);

    private static JourneyView View(JourneyRecord r) =>
        new(r.Id, r.Name, r.Description, [.. OrderedTouchpoints(r).Select(View)], r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.UpdatedBy, r.Revision);

    private static TouchpointView View(TouchpointRecord t) =>
        new(t.Id, t.Name, t.Channel, t.Order, [.. t.AffectedBy.Select(a => new AffectedBy(a.DepartmentId, a.Role))], [.. t.StandardItemIds]);

    private static JourneySummary Summary(JourneyRecord r) =>
        new(r.Id, r.Name, r.Description, r.Touchpoints.Count, [.. OrderedTouchpoints(r).Select(t => t.Channel).Distinct()], r.UpdatedAt, r.Revision);
}
