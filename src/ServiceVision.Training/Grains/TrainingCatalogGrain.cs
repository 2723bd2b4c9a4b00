using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Training.Abstractions;
using DomainVisionItem = ServiceVision.Domain.Visions.VisionItem;

namespace ServiceVision.Training.Grains;

/// <summary>
/// The training catalog of one organization: courses built from the vision, leaders' edits, and who
/// was assigned the vision course. Every change is written before the call returns.
/// </summary>
public sealed class TrainingCatalogGrain : Grain<TrainingCatalogState>, ITrainingCatalogGrain
{
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
                replay is null ? [] : [.. replay.Members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new RefresherPlan(m.Key, m.Value))],
                replay?.DueAt ?? vision.PublishedAt + RefresherRules.RefresherDueAfter);
        }

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
        var plan = new RefresherPlanRecord { VisionVersion = vision.VersionNumber, DueAt = dueAt };
        var versionItems = course.ItemIds;
        foreach (var (memberId, coverage) in State.Members.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var items = RefresherRules.ItemsFor(
                Covered(coverage),
                coverage.VisionVersions.Count > 0,
                vision.ChangedItemIds ?? [],
                vision.AddedItemIds ?? [],
                versionItems);
            if (items.Count > 0)
            {
                plan.Members[memberId] = [.. items];
                coverage.RefreshedItemIds = [.. coverage.RefreshedItemIds.Union(items, StringComparer.Ordinal)];
            }
        }

        State.VisionVersion = vision.VersionNumber;
        State.LatestRefreshers = plan;
        await WriteStateAsync();
        return new VisionApplied(
            vision.VersionNumber,
            Applied: true,
            course,
            [.. plan.Members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new RefresherPlan(m.Key, m.Value))],
            dueAt);
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
            var changed = State.VersionItemIds.TryAdd(course.VisionVersion, [.. course.ItemIds]);
            foreach (var memberId in memberIds)
            {
                if (!State.Members.TryGetValue(memberId, out var coverage))
                {
                    State.Members[memberId] = coverage = new MemberCoverageRecord();
                }

                if (!coverage.VisionVersions.Contains(course.VisionVersion))
                {
                    coverage.VisionVersions.Add(course.VisionVersion);
                    changed = true;
                }
            }

            if (changed)
            {
                await WriteStateAsync();
            }
        }

        return new CourseSnapshot(course, record.Revision);
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
