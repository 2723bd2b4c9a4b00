using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// The rollouts of one organization. Starting one resolves the audience through the organization
/// grain, records the rollout here, then hands the members to the rollout's progress grain, which
/// stores them together with the AssignTraining commands. Reads combine the record with the progress.
/// </summary>
public sealed class RolloutsGrain : Grain<RolloutsState>, IRolloutsGrain
{
    public async Task<RolloutView> StartRollout(RolloutStartInput input, string startedBy)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = Time.GetUtcNow();
        ValidationFailedException.ThrowIfAny(RolloutRules.ValidateStart(input, now));
        if (State.Rollouts.Count >= RolloutRules.MaxRollouts)
        {
            throw new ConflictException($"An organization keeps at most {RolloutRules.MaxRollouts} rollouts.");
        }

        var courseId = RolloutRules.CourseOf(input);
        int? visionVersion = null;
        if (courseId == RolloutRules.VisionCourseId)
        {
            var vision = await GrainFactory.GetGrain<IVisionGrain>(TenantId + "/vision").GetCurrentVersion()
                ?? throw new ConflictException("No vision is published yet: publish one before rolling out its training.", "courseId");
            visionVersion = vision.Number;
        }

        var audience = input.Audience!;
        var kind = RolloutRules.TryParseAudienceKind(audience.Kind, out var parsed) ? parsed : throw new InvalidOperationException("Validated above.");
        var ids = RolloutRules.IdsOf(audience);
        var resolution = await ResolveAsync(kind, ids);
        ValidationFailedException.ThrowIfAny(resolution.Errors);

        var record = new RolloutRecord
        {
            Id = RolloutKeys.NewId(),
            Title = input.Title!.Trim(),
            CourseId = courseId,
            VisionVersion = visionVersion,
            DueAt = input.DueAt!.Value.ToUniversalTime(),
            AudienceKind = kind,
            AudienceIds = kind is RolloutAudienceKind.Everyone or RolloutAudienceKind.Members ? [] : [.. ids],
            StartedAt = now,
            StartedBy = startedBy,
        };

        // The record first: if starting the progress fails, an entry without progress is hidden from every read,
        // whereas progress without a record would send assignments nobody can follow.
        State.Rollouts.Add(record);
        await WriteStateAsync();

        RolloutProgressSnapshot snapshot;
        try
        {
            snapshot = await Progress(record.Id).Start(new RolloutLaunch(record.Id, courseId, record.DueAt, resolution.MemberIds));
        }
        catch (Exception error) when (error is not GrainCallTimeoutException)
        {
            // The progress grain stores members and commands in one write, so nothing was sent: take the record back.
            // (After a timeout the start may still complete; the record stays and shows up once it has.)
            State.Rollouts.Remove(record);
            await WriteStateAsync();
            throw;
        }

        return View(record, kind == RolloutAudienceKind.Members ? [.. resolution.MemberIds.Order(StringComparer.Ordinal)] : record.AudienceIds, snapshot);
    }

    public async Task<PagedList<RolloutSummary>> ListRollouts(PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var records = Enumerable.Reverse(State.Rollouts).ToList();
        var listed = PagedList.Of(records, page);
        var snapshots = await Task.WhenAll(listed.Items.Select(r => Progress(r.Id).GetSnapshot()));
        var items = listed.Items.Zip(snapshots)
            .Where(pair => pair.Second is not null)
            .Select(pair => Summary(pair.First, pair.Second!))
            .ToList();
        return new PagedList<RolloutSummary>(items, listed.Page, listed.PageSize, listed.Total);
    }

    public async Task<RolloutView> GetRollout(string rolloutId)
    {
        var record = Find(rolloutId);
        var progress = Progress(record.Id);
        var snapshot = await progress.GetSnapshot() ?? throw new NotFoundException("The rollout");
        IReadOnlyList<string> audienceIds = record.AudienceKind == RolloutAudienceKind.Members
            ? [.. (await progress.GetMembers()).Select(m => m.MemberId).Order(StringComparer.Ordinal)]
            : record.AudienceIds;
        return View(record, audienceIds, snapshot);
    }

    public async Task<PagedList<RolloutMemberView>> ListRolloutMembers(string rolloutId, RolloutMemberFilter? filter, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var record = Find(rolloutId);
        var members = await Progress(record.Id).GetMembers();
        if (members.Count == 0)
        {
            throw new NotFoundException("The rollout");
        }

        // Names as they are now; a member who left has none.
        var names = (await GrainFactory.GetGrain<IOrganizationGrain>(TenantId).ListMembers()).ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        var now = Time.GetUtcNow();
        var listed = members
            .Where(m => filter is not { } f || m.Progress.Matches(f, record.DueAt, now))
            .Select(m => new RolloutMemberView(
                m.MemberId,
                names.GetValueOrDefault(m.MemberId),
                m.Progress.Status,
                m.Progress.IsCompleted ? m.Progress.Score : null,
                record.DueAt,
                m.Progress.IsOverdue(record.DueAt, now)))
            .OrderBy(m => m.Name is null)
            .ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.MemberId, StringComparer.Ordinal);
        return PagedList.Of(listed, page);
    }

    private async Task<RolloutAudienceResolution> ResolveAsync(RolloutAudienceKind kind, IReadOnlyList<string> ids)
    {
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(TenantId);
        var members = await organization.ListMembers();
        IReadOnlySet<string> departments = kind == RolloutAudienceKind.Departments
            ? (await organization.ListDepartments(new PageRequest(1, MemberRules.MaxDepartments))).Items.Select(d => d.Id).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();
        IReadOnlySet<string>? locations = kind == RolloutAudienceKind.Locations
            ? (await organization.ListLocations(region: null, new PageRequest(1, LocationRules.MaxLocations))).Items.Select(l => l.Id).ToHashSet(StringComparer.Ordinal)
            : null;
        var candidates = members.Select(m => new RolloutCandidate(m.Id, m.DepartmentId, m.Role, m.LocationId)).ToList();
        return RolloutAudience.Resolve(kind, ids, candidates, departments, locations);
    }

    private RolloutRecord Find(string rolloutId) =>
        State.Rollouts.FirstOrDefault(r => r.Id == rolloutId) ?? throw new NotFoundException("The rollout");

    private IRolloutProgressGrain Progress(string rolloutId) =>
        GrainFactory.GetGrain<IRolloutProgressGrain>(RolloutKeys.Progress(TenantId, rolloutId));

    private static RolloutView View(RolloutRecord r, IReadOnlyList<string> audienceIds, RolloutProgressSnapshot snapshot) =>
        new(r.Id, r.Title, r.CourseId, r.VisionVersion, r.DueAt, new RolloutAudienceView(r.AudienceKind, audienceIds), r.StartedAt, r.StartedBy, snapshot.Progress);

    private static RolloutSummary Summary(RolloutRecord r, RolloutProgressSnapshot snapshot) =>
        new(r.Id, r.Title, r.CourseId, r.VisionVersion, r.DueAt, r.AudienceKind, r.StartedAt, r.StartedBy, snapshot.Progress);
}
