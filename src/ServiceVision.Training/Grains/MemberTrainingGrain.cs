using ServiceVision.Api;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Domain.Training;
using ServiceVision.Grains;
using ServiceVision.Training.Abstractions;

namespace ServiceVision.Training.Grains;

/// <summary>
/// One member's assignments, answers and scores. Each assignment keeps its own copy of the course, and
/// two durable reminders (before due, overdue) until it is completed. Every change is written before
/// the call returns, with its events in the same write.
/// </summary>
public sealed class MemberTrainingGrain : Grain<MemberTrainingState>, IMemberTrainingGrain, IRemindable
{
    private const char ReminderSeparator = ':';

    private string MemberId => GrainKey[(GrainKey.LastIndexOf(GrainId.TenantSeparator) + 1)..];

    public async Task<AssignmentSummary> Assign(string rolloutId, CourseSnapshot course, DateTimeOffset dueAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rolloutId);
        ArgumentNullException.ThrowIfNull(course);
        var existing = State.Assignments.Find(a => a.RolloutId == rolloutId);
        if (existing is not null)
        {
            // A repeated command: nothing new, but the reminders may not have been set if the first
            // attempt stopped right after its write.
            await EnsureRemindersAsync(existing);
            return Summary(existing);
        }

        var assignment = New(course.Course, course.Revision, dueAt, course.Course.ItemIds);
        assignment.RolloutId = rolloutId;
        State.Assignments.Add(assignment);
        Publish(new TrainingAssigned(TenantId, rolloutId, assignment.Id, MemberId, assignment.Course.Id, dueAt));
        await WriteStateAsync();
        await EnsureRemindersAsync(assignment);
        return Summary(assignment);
    }

    public Task<AssignmentSummary?> AssignRefresher(int visionVersion, Course refresher, IReadOnlyList<string> itemIds, DateTimeOffset dueAt) =>
        AssignRefresherOnceAsync(a => a.RefresherVersion == visionVersion, a => a.RefresherVersion = visionVersion, visionVersion, refresher, itemIds, dueAt);

    public Task<AssignmentSummary?> AssignCommandedRefresher(string refresherId, Course refresher, IReadOnlyList<string> itemIds, DateTimeOffset dueAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refresherId);
        ArgumentNullException.ThrowIfNull(refresher);
        return AssignRefresherOnceAsync(a => a.RefresherId == refresherId, a => a.RefresherId = refresherId, refresher.VisionVersion, refresher, itemIds, dueAt);
    }

    /// <summary>One refresher per key (<paramref name="isSame"/> finds it, <paramref name="setKey"/> records it): a repeat only makes sure of the reminders.</summary>
    private async Task<AssignmentSummary?> AssignRefresherOnceAsync(
        Predicate<AssignmentRecord> isSame, Action<AssignmentRecord> setKey, int visionVersion, Course refresher, IReadOnlyList<string> itemIds, DateTimeOffset dueAt)
    {
        ArgumentNullException.ThrowIfNull(refresher);
        ArgumentNullException.ThrowIfNull(itemIds);
        var existing = State.Assignments.Find(isSame);
        if (existing is not null)
        {
            await EnsureRemindersAsync(existing);
            return Summary(existing);
        }

        if (refresher.Modules.Count == 0)
        {
            return null;
        }

        var assignment = New(refresher, 0, dueAt, itemIds);
        setKey(assignment);
        State.Assignments.Add(assignment);
        Publish(new TrainingAssigned(TenantId, null, assignment.Id, MemberId, refresher.Id, dueAt));
        Publish(new RefresherAssigned(TenantId, assignment.Id, MemberId, visionVersion, [.. itemIds], dueAt));
        await WriteStateAsync();
        await EnsureRemindersAsync(assignment);
        return Summary(assignment);
    }

    public Task<IReadOnlyList<AssignmentSummary>> ListAssignments() =>
        Task.FromResult<IReadOnlyList<AssignmentSummary>>([.. Enumerable.Reverse(State.Assignments).Select(Summary)]);

    public Task<AssignmentView> GetAssignment(string assignmentId) => Task.FromResult(View(Require(assignmentId)));

    public async Task<AssignmentView> Start(string assignmentId)
    {
        var assignment = Require(assignmentId);
        if (assignment.StartedAt is null)
        {
            StartNow(assignment);
            await WriteStateAsync();
        }

        return View(assignment);
    }

    public async Task<ModuleResultView> SubmitModule(string assignmentId, string moduleId, ModuleSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var assignment = Require(assignmentId);
        var course = assignment.Course.ToCourse();
        var module = course.FindModule(moduleId) ?? throw new NotFoundException("The module");
        if (assignment.Results.Exists(r => r.ModuleId == module.Id))
        {
            throw new ConflictException("This module is completed already; its answers were graded and cannot be changed.");
        }

        var graded = QuizGrading.Grade(module, submission.Answers, submission.AcknowledgedItemIds);
        ValidationFailedException.ThrowIfAny(graded.Errors);
        var grade = graded.Grade!;

        var now = Time.GetUtcNow();
        if (assignment.StartedAt is null)
        {
            StartNow(assignment);
        }

        var answers = (submission.Answers ?? []).OfType<AnswerInput>().ToDictionary(a => a.QuestionId!, StringComparer.Ordinal);
        assignment.Results.Add(new ModuleResultRecord
        {
            ModuleId = module.Id,
            CompletedAt = now,
            CorrectCount = grade.CorrectCount,
            QuestionCount = grade.QuestionCount,
            ScorePercent = grade.ScorePercent,
            Answers = [.. grade.Questions.Select(q => new AnswerRecord
            {
                QuestionId = q.QuestionId,
                ChoiceIds = [.. answers[q.QuestionId].ChoiceIds?.OfType<string>() ?? []],
                Text = answers[q.QuestionId].Text?.Trim(),
                Correct = q.Correct,
            })],
            AcknowledgedItemIds = [.. submission.AcknowledgedItemIds?.OfType<string>() ?? []],
        });

        var completed = course.Modules.All(m => assignment.Results.Exists(r => r.ModuleId == m.Id));
        if (completed)
        {
            assignment.CompletedAt = now;
            assignment.ScorePercent = QuizGrading.Percent(assignment.Results.Sum(r => r.CorrectCount), assignment.Results.Sum(r => r.QuestionCount));
            Publish(new TrainingCompleted(TenantId, assignment.RolloutId, assignment.Id, MemberId, now, assignment.ScorePercent.Value));
        }

        await WriteStateAsync();
        if (completed)
        {
            await UnregisterRemindersAsync(assignment);
        }

        return new ModuleResultView(
            assignment.Id,
            module.Id,
            now,
            grade.CorrectCount,
            grade.QuestionCount,
            grade.ScorePercent,
            grade.Questions,
            QuizGrading.Progress(assignment.Results.Count, course.Modules.Count),
            completed,
            assignment.ScorePercent);
    }

    public async Task ReceiveReminder(string reminderName, ReminderTick tick)
    {
        var separator = reminderName.LastIndexOf(ReminderSeparator);
        var assignment = separator > 0 ? State.Assignments.Find(a => a.Id == reminderName[..separator]) : null;
        var kind = reminderName[(separator + 1)..];
        if (assignment is null || assignment.CompletedAt is not null || assignment.RemindersSent.Exists(r => r.Kind == kind))
        {
            // Completed, or a repeated delivery (reminders fire at least once): nothing to tell.
            return;
        }

        assignment.RemindersSent.Add(new ReminderSentRecord { Kind = kind, SentAt = Time.GetUtcNow() });
        Publish(new TrainingReminderDue(TenantId, assignment.RolloutId, assignment.Id, MemberId, assignment.DueAt, kind));
        await WriteStateAsync();
    }

    private AssignmentRecord New(Course course, long revision, DateTimeOffset dueAt, IReadOnlyList<string> itemIds) => new()
    {
        Id = TrainingKeys.NewId("asg"),
        Course = CourseRecord.From(course),
        CourseRevision = revision,
        ItemIds = [.. itemIds],
        AssignedAt = Time.GetUtcNow(),
        DueAt = dueAt,
    };

    private void StartNow(AssignmentRecord assignment)
    {
        assignment.StartedAt = Time.GetUtcNow();
        Publish(new TrainingStarted(TenantId, assignment.RolloutId, assignment.Id, MemberId, assignment.StartedAt.Value));
    }

    /// <summary>Registers the reminders not sent yet; the reminder table keeps them across restarts.</summary>
    private async Task EnsureRemindersAsync(AssignmentRecord assignment)
    {
        if (assignment.CompletedAt is not null)
        {
            return;
        }

        foreach (var (kind, delay) in RefresherRules.Reminders(assignment.DueAt, Time.GetUtcNow()))
        {
            if (!assignment.RemindersSent.Exists(r => r.Kind == kind))
            {
                await RegisterOrUpdateReminder(ReminderName(assignment.Id, kind), delay);
            }
        }
    }

    private async Task UnregisterRemindersAsync(AssignmentRecord assignment)
    {
        await UnregisterReminder(ReminderName(assignment.Id, ReminderKinds.BeforeDue));
        await UnregisterReminder(ReminderName(assignment.Id, ReminderKinds.Overdue));
    }

    private static string ReminderName(string assignmentId, string kind) => assignmentId + ReminderSeparator + kind;

    private AssignmentRecord Require(string assignmentId) =>
        State.Assignments.Find(a => a.Id == assignmentId) ?? throw new NotFoundException("The assignment");

    private AssignmentSummary Summary(AssignmentRecord a)
    {
        var modules = a.Course.Modules.Count;
        return new AssignmentSummary(
            a.Id,
            a.Course.Id,
            a.Course.Title,
            a.RolloutId,
            a.Course.VisionVersion,
            a.RefresherVersion,
            Status(a),
            a.AssignedAt,
            a.DueAt,
            IsOverdue(a),
            a.StartedAt,
            a.CompletedAt,
            modules,
            a.Results.Count,
            QuizGrading.Progress(a.Results.Count, modules),
            a.ScorePercent);
    }

    private AssignmentView View(AssignmentRecord a)
    {
        var course = a.Course.ToCourse();
        var results = a.Results.ToDictionary(r => r.ModuleId, StringComparer.Ordinal);
        return new AssignmentView(
            a.Id,
            course.Id,
            course.Title,
            a.RolloutId,
            course.VisionVersion,
            a.RefresherVersion,
            Status(a),
            a.AssignedAt,
            a.DueAt,
            IsOverdue(a),
            a.StartedAt,
            a.CompletedAt,
            course.Modules.Count,
            a.Results.Count,
            QuizGrading.Progress(a.Results.Count, course.Modules.Count),
            a.ScorePercent,
            [.. a.ItemIds],
            [.. course.Modules.Select(m => ModuleView(m, results.GetValueOrDefault(m.Id)))],
            [.. a.RemindersSent.Select(r => new ReminderSentView(r.Kind, r.SentAt))]);
    }

    // The member's view never carries the right choices or accepted answers.
    private static AssignmentModuleView ModuleView(CourseModule module, ModuleResultRecord? result) =>
        new(
            module.Id,
            module.Kind,
            module.Title,
            module.ItemIds,
            module.Content,
            [.. module.Questions.Select(q => new QuizQuestionView(q.Id, q.Kind, q.Text, q.Choices))],
            module.Acknowledgements,
            result is not null,
            result is null
                ? null
                : new ModuleResultSummary(
                    result.CompletedAt,
                    result.CorrectCount,
                    result.QuestionCount,
                    result.ScorePercent,
                    [.. result.Answers.Select(r => new QuestionGrade(r.QuestionId, r.Correct))]));

    private static AssignmentStatus Status(AssignmentRecord a) =>
        a.CompletedAt is not null ? AssignmentStatus.Completed
        : a.StartedAt is not null ? AssignmentStatus.InProgress
        : AssignmentStatus.NotStarted;

    private bool IsOverdue(AssignmentRecord a) => a.CompletedAt is null && Time.GetUtcNow() > a.DueAt;
}
