using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Training.Abstractions;
using DomainVisionItem = ServiceVision.Domain.Visions.VisionItem;

namespace ServiceVision.Training.Grains;

/// <summary>
/// The training catalog of one organization: courses built from the vision, leaders' edits, and how
/// many coverage pages (<see cref="TrainingCoverageGrain"/>) record who was assigned the vision course.
/// Every change is written before the call returns.
/// </summary>
public sealed class TrainingCatalogGrain : Grain<TrainingCatalogState>, ITrainingCatalogGrain
{
    /// <summary>Members per coverage page: a page rewritten by an assignment stays small whatever the organization's size.</summary>
    internal const int CoveragePageSize = 500;

    // The last page reached its size: the next assignment opens a new one. Not stored: after a restart
    // the next assignment tops up the last page once more, then opens a new one.
    private bool lastPageFull;

    public async Task<VisionApplied> ApplyVision(VisionPublished vision)
    {
        ArgumentNullException.ThrowIfNull(vision);
        if (vision.VersionNumber <= State.VisionVersion)
        {
            // A repeat of the latest version replays its plan (the fan-out may have been cut short);
            // an older version arrived late and is superseded.
            var replay = State.LatestRefreshers is { } latest && latest.VisionVersion == vision.VersionNumber ? latest : null;
            return new VisionApplied(
                vision.VersionNumber,
                Applied: false,
                CurrentVisionCourse(),
                replay is null ? [] : await ReadPlanAsync(replay),
                replay?.DueAt ?? vision.PublishedAt + RefresherRules.RefresherDueAfter);
        }

        await MoveStoredCoverageToPagesAsync();
        var document = new VisionDocument(vision.Statement ?? string.Empty, [.. (vision.Items ?? []).Select(ToItem).OfType<DomainVisionItem>()]);
        var previous = State.Courses.GetValueOrDefault(CourseBuilder.VisionCourseId);
        var course = CourseBuilder.CarryOverEdits(
            previous?.Course.ToCourse(),
            CourseBuilder.FromVision(document, vision.VersionNumber),
            vision.ChangedItemIds ?? []);
        var now = Time.GetUtcNow();
        State.Courses[course.Id] = new CatalogCourseRecord
        {
            Course = CourseRecord.From(course),
            Revision = (previous?.Revision ?? 0) + 1,
            UpdatedAt = now,
        };

        var dueAt = vision.PublishedAt + RefresherRules.RefresherDueAfter;
        var versionItems = course.ItemIds;
        var refreshers = new List<RefresherPlan>();
        foreach (var (memberId, coverage) in (await ReadCoverageAsync()).OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var items = RefresherRules.ItemsFor(
                Covered(coverage),
                coverage.VisionVersions.Count > 0,
                vision.ChangedItemIds ?? [],
                vision.AddedItemIds ?? [],
                versionItems);
            if (items.Count > 0)
            {
                refreshers.Add(new RefresherPlan(memberId, [.. items]));
            }
        }

        // The plan is a page of its own: it records the refreshed items as covered and is what a repeat
        // of this version replays.
        var plan = new RefresherPlanRecord { VisionVersion = vision.VersionNumber, DueAt = dueAt };
        if (refreshers.Count > 0)
        {
            plan.Page = await NameNewPagesAsync(1);
            await CoveragePage(plan.Page).Replace([.. refreshers.Select(r => new MemberCoverage(r.MemberId, [], r.ItemIds))]);
        }

        State.VisionVersion = vision.VersionNumber;
        State.LatestRefreshers = plan;
        await WriteStateAsync();
        return new VisionApplied(vision.VersionNumber, Applied: true, course, refreshers, dueAt);
    }

    public Task<IReadOnlyList<CourseSummary>> ListCourses() =>
        Task.FromResult<IReadOnlyList<CourseSummary>>([.. State.Courses.Values.OrderBy(c => c.Course.Id, StringComparer.Ordinal).Select(Summary)]);

    public Task<CourseView> GetCourse(string courseId) => Task.FromResult(View(Require(courseId)));

    public async Task<CourseView> EditCourse(string courseId, CourseEdit edit, long expectedRevision, string memberId)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var record = Require(courseId);
        if (expectedRevision != record.Revision)
        {
            throw new PreconditionFailedException("The course", record.Revision);
        }

        var result = CourseEditing.Apply(record.Course.ToCourse(), edit);
        ValidationFailedException.ThrowIfAny(result.Errors);
        record.Course = CourseRecord.From(result.Course!);
        record.Revision++;
        record.UpdatedAt = Time.GetUtcNow();
        record.UpdatedBy = memberId;
        await WriteStateAsync();
        return View(record);
    }

    public async Task<CourseSnapshot> PrepareAssignment(string courseId, IReadOnlyList<string> memberIds)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        if (!State.Courses.TryGetValue(courseId, out var record) || record.Course.Modules.Count == 0)
        {
            throw new CourseNotAvailableException($"The training catalog of {TenantId} has no course '{courseId}' with modules (yet).");
        }

        var course = record.Course.ToCourse();
        if (courseId == CourseBuilder.VisionCourseId)
        {
            await MoveStoredCoverageToPagesAsync();
            if (State.CoveragePages == 0 || lastPageFull || State.CoveragePages == State.LatestRefreshers?.Page)
            {
                State.VersionItemIds.TryAdd(course.VisionVersion, [.. course.ItemIds]);
                await NameNewPagesAsync(1);
            }
            else if (State.VersionItemIds.TryAdd(course.VisionVersion, [.. course.ItemIds]))
            {
                await WriteStateAsync();
            }

            lastPageFull = await CoveragePage(State.CoveragePages).Assign(course.VisionVersion, memberIds) >= CoveragePageSize;
        }

        return new CourseSnapshot(course, record.Revision);
    }

    private ITrainingCoverageGrain CoveragePage(int page) =>
        GrainFactory.GetGrain<ITrainingCoverageGrain>(TrainingKeys.Coverage(TenantId, page));

    /// <summary>Every member's coverage, merged from all pages (a member may appear on several).</summary>
    private async Task<Dictionary<string, MemberCoverageRecord>> ReadCoverageAsync()
    {
        var pages = await Task.WhenAll(Enumerable.Range(1, State.CoveragePages).Select(page => CoveragePage(page).Read()));
        var merged = new Dictionary<string, MemberCoverageRecord>(StringComparer.Ordinal);
        foreach (var entry in pages.SelectMany(page => page))
        {
            if (!merged.TryGetValue(entry.MemberId, out var coverage))
            {
                merged[entry.MemberId] = coverage = new MemberCoverageRecord();
            }

            coverage.VisionVersions = [.. coverage.VisionVersions.Union(entry.VisionVersions)];
            coverage.RefreshedItemIds = [.. coverage.RefreshedItemIds.Union(entry.RefreshedItemIds, StringComparer.Ordinal)];
        }

        return merged;
    }

    private async Task<IReadOnlyList<RefresherPlan>> ReadPlanAsync(RefresherPlanRecord plan) =>
        plan.Page == 0
            ? [.. plan.Members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new RefresherPlan(m.Key, m.Value))]
            : [.. (await CoveragePage(plan.Page).Read()).OrderBy(m => m.MemberId, StringComparer.Ordinal).Select(m => new RefresherPlan(m.MemberId, m.RefreshedItemIds))];

    /// <summary>
    /// Names <paramref name="count"/> new pages in the stored catalog before anything is written to them:
    /// a page is only ever written after the catalog that counts it, so none is left out, and an
    /// activation with a stale catalog fails on its write before it can overwrite a page another named.
    /// Answers the first new page.
    /// </summary>
    private async Task<int> NameNewPagesAsync(int count)
    {
        var first = State.CoveragePages + 1;
        State.CoveragePages += count;
        await WriteStateAsync();
        return first;
    }

    /// <summary>
    /// A catalog stored before coverage pages holds every member, and its latest plan, in its own state:
    /// both move to new pages. Interrupted, it starts again on further new pages; a member recorded on
    /// two pages is merged.
    /// </summary>
    private async Task MoveStoredCoverageToPagesAsync()
    {
        var chunks = State.Members.OrderBy(m => m.Key, StringComparer.Ordinal).Chunk(CoveragePageSize).ToList();
        var plan = State.LatestRefreshers is { Page: 0, Members.Count: > 0 } stored ? stored : null;
        if (chunks.Count == 0 && plan is null)
        {
            return;
        }

        var page = await NameNewPagesAsync(chunks.Count + (plan is null ? 0 : 1));
        foreach (var chunk in chunks)
        {
            await CoveragePage(page++).Replace([.. chunk.Select(m => new MemberCoverage(m.Key, m.Value.VisionVersions, m.Value.RefreshedItemIds))]);
        }

        if (plan is not null)
        {
            await CoveragePage(page).Replace([.. plan.Members.Select(m => new MemberCoverage(m.Key, [], m.Value))]);
            plan.Page = page;
            plan.Members = [];
        }

        State.Members = [];
        lastPageFull = true;
        await WriteStateAsync();
    }

    private HashSet<string> Covered(MemberCoverageRecord coverage)
    {
        var covered = new HashSet<string>(coverage.RefreshedItemIds, StringComparer.Ordinal);
        foreach (var version in coverage.VisionVersions)
        {
            if (State.VersionItemIds.TryGetValue(version, out var items))
            {
                covered.UnionWith(items);
            }
        }

        return covered;
    }

    private Course? CurrentVisionCourse() => State.Courses.GetValueOrDefault(CourseBuilder.VisionCourseId)?.Course.ToCourse();

    private CatalogCourseRecord Require(string courseId) =>
        State.Courses.GetValueOrDefault(courseId) ?? throw new NotFoundException("The course");

    // A kind this service does not know (a later contract's addition) is left out of the course.
    private static DomainVisionItem? ToItem(ServiceVision.Contracts.Organizations.V1.VisionItem item) =>
        Enum.TryParse<VisionItemKind>(item.Kind, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? new DomainVisionItem(item.Id, kind, item.ParentId, item.Text, item.Order)
            : null;

    private static CourseView View(CatalogCourseRecord record)
    {
        var course = record.Course.ToCourse();
        return new CourseView(course.Id, course.Title, course.VisionVersion, record.Revision, record.UpdatedAt, record.UpdatedBy, course.ItemIds, course.Modules);
    }

    private static CourseSummary Summary(CatalogCourseRecord record) =>
        new(
            record.Course.Id,
            record.Course.Title,
            record.Course.VisionVersion,
            record.Course.Modules.Count,
            record.Course.Modules.Sum(m => m.Questions.Count),
            record.Revision,
            record.UpdatedAt);
}
