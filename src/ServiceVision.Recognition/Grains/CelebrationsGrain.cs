using System.Globalization;
using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Grains;

/// <summary>
/// Celebrations, milestones and score goals of one organization. Each scheduled celebration has a
/// durable reminder per lead time and one at its time that holds it; every change is written before
/// the call returns, and reminders are (re)registered after the write.
/// </summary>
public sealed class CelebrationsGrain : Grain<CelebrationsState>, ICelebrationsGrain, IRemindable
{
    private const string RemindPrefix = "remind:";
    private const string HoldPrefix = "hold:";

    public async Task<CelebrationView> Schedule(CelebrationInput input, string leaderId)
    {
        var valid = Validate(input);
        var record = New(valid, leaderId, milestoneId: null);
        State.Celebrations.Add(record);
        await WriteStateAsync();
        await ArmAsync(record, []);
        return View(record);
    }

    public Task<PagedList<CelebrationView>> List(CelebrationStatus? status, PageRequest page) =>
        Task.FromResult(PagedList.Of(
            State.Celebrations.Where(c => status is null || c.Status == status).OrderByDescending(c => c.At).Select(View),
            page));

    public Task<CelebrationView> GetCelebration(string celebrationId) => Task.FromResult(View(Require(celebrationId)));

    public async Task<CelebrationView> Update(string celebrationId, CelebrationInput input, long expectedRevision, string leaderId)
    {
        var record = RequireCurrent(celebrationId, expectedRevision);
        var valid = Validate(input);
        RequireScheduled(record);
        var previous = record.RemindMinutesBefore.ToList();
        record.Title = valid.Title;
        record.Description = valid.Description;
        record.At = valid.At;
        record.RemindMinutesBefore = [.. valid.RemindMinutesBefore];
        record.Revision++;
        await WriteStateAsync();
        await ArmAsync(record, previous);
        return View(record);
    }

    public async Task<CelebrationView> Nominate(string celebrationId, string? recognitionId, long expectedRevision, string leaderId)
    {
        var record = RequireCurrent(celebrationId, expectedRevision);
        if (string.IsNullOrWhiteSpace(recognitionId))
        {
            throw new ValidationFailedException("recognitionId", "Say which recognition to nominate.");
        }

        RequireScheduled(record);
        var id = recognitionId.Trim();
        var month = RecognitionKeys.MonthOfRecognition(id) ?? throw new ValidationFailedException("recognitionId", "There is no recognition with this id.");
        var recognition = await GrainFactory.GetGrain<IRecognitionMonthGrain>(RecognitionKeys.Month(TenantId, month)).Find(id, leaderId, includeHidden: true)
            ?? throw new ValidationFailedException("recognitionId", "There is no recognition with this id.");
        if (recognition.Hidden is not null)
        {
            throw new ConflictException("This recognition is hidden; it cannot be celebrated.", "recognitionId");
        }

        if (record.Honourees.Exists(h => h.RecognitionId == id))
        {
            throw new ConflictException("This recognition is nominated already.", "recognitionId");
        }

        if (record.Honourees.Count >= CelebrationRules.MaxHonourees)
        {
            throw new ConflictException($"A celebration honours at most {CelebrationRules.MaxHonourees} recognitions.", "recognitionId");
        }

        record.Honourees.Add(new HonoureeRecord { MemberId = recognition.MemberId, RecognitionId = id, NominatedBy = leaderId, NominatedAt = Time.GetUtcNow() });
        record.Revision++;
        await WriteStateAsync();
        return View(record);
    }

    public async Task<CelebrationView> RemoveNomination(string celebrationId, string recognitionId, long expectedRevision)
    {
        var record = Require(celebrationId);
        var honouree = record.Honourees.Find(h => h.RecognitionId == recognitionId) ?? throw new NotFoundException("The nomination");
        RequireRevision(record, expectedRevision);
        RequireScheduled(record);
        record.Honourees.Remove(honouree);
        record.Revision++;
        await WriteStateAsync();
        return View(record);
    }

    public async Task<CelebrationView> Hold(string celebrationId, long expectedRevision, string leaderId)
    {
        var record = RequireCurrent(celebrationId, expectedRevision);
        RequireScheduled(record);
        await HoldAsync(record, leaderId);
        return View(record);
    }

    public Task<CelebrationGoalsView> GetGoals() => Task.FromResult(GoalsView());

    public async Task<CelebrationGoalsView> SetGoals(CelebrationGoals goals, long expectedRevision, string ownerId)
    {
        ArgumentNullException.ThrowIfNull(goals);
        if (expectedRevision != State.Goals.Revision)
        {
            throw new PreconditionFailedException("The celebration goals", State.Goals.Revision);
        }

        ValidationFailedException.ThrowIfAny(CelebrationRules.ValidateGoals(goals));
        State.Goals.NpsAbove = goals.NpsAbove;
        State.Goals.CsatPercentAbove = goals.CsatPercentAbove;
        State.Goals.Revision++;
        State.Goals.UpdatedAt = Time.GetUtcNow();
        State.Goals.UpdatedBy = ownerId;
        await WriteStateAsync();
        return GoalsView();
    }

    public async Task<bool> ProposeForRollout(RolloutCompleted rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var key = "rollout:" + rollout.RolloutId;
        if (State.Milestones.Exists(m => m.Key == key))
        {
            // The event is delivered at least once: the rollout proposed its celebration already.
            return false;
        }

        var course = rollout.CourseId == "vision" ? "the vision course" : rollout.CourseId;
        var score = rollout.AverageScorePercent is { } s ? string.Create(CultureInfo.InvariantCulture, $", with an average quiz score of {s:0.#}%") : "";
        State.Milestones.Add(new MilestoneRecord
        {
            Id = RecognitionKeys.NewId("mls"),
            Key = key,
            Kind = MilestoneKind.RolloutCompleted,
            Title = $"Everyone completed {course}",
            Description = string.Create(CultureInfo.InvariantCulture, $"All {rollout.Members} members of the rollout completed {course}{score}."),
            ProposedAt = Time.GetUtcNow(),
            RolloutId = rollout.RolloutId,
            CourseId = rollout.CourseId,
        });
        await WriteStateAsync();
        return true;
    }

    public async Task<int> ProposeForScores(SurveyScoresPublished scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.SurveyKind != "CustomerFeedback")
        {
            return 0;
        }

        var goals = new CelebrationGoals(State.Goals.NpsAbove, State.Goals.CsatPercentAbove);
        var added = 0;
        foreach (var group in scores.Groups ?? [])
        {
            if (group.Dimension != "Location" || string.IsNullOrEmpty(group.GroupId))
            {
                continue;
            }

            var beaten = CelebrationRules.GoalsBeaten(goals, group.Nps, group.CsatPercent);
            var key = $"score:{scores.SurveyId}:{scores.Round}:{group.GroupId}";
            if (beaten.Count == 0 || State.Milestones.Exists(m => m.Key == key))
            {
                continue;
            }

            State.Milestones.Add(new MilestoneRecord
            {
                Id = RecognitionKeys.NewId("mls"),
                Key = key,
                Kind = MilestoneKind.ScoreGoalBeaten,
                Title = "Our customers noticed: a score goal beaten",
                Description = string.Create(CultureInfo.InvariantCulture, $"Location {group.GroupId} beat the {string.Join(" and ", beaten)} goal in round {scores.Round} ({group.Responses} responses; NPS {group.Nps?.ToString("0.#", CultureInfo.InvariantCulture) ?? "n/a"}, CSAT {group.CsatPercent?.ToString("0.#", CultureInfo.InvariantCulture) ?? "n/a"}%)."),
                ProposedAt = Time.GetUtcNow(),
                LocationId = group.GroupId,
                SurveyId = scores.SurveyId,
                Round = scores.Round,
                Metrics = [.. beaten],
            });
            added++;
        }

        if (added > 0)
        {
            await WriteStateAsync();
        }

        return added;
    }

    public Task<PagedList<MilestoneView>> ListMilestones(ProposalStatus? status, PageRequest page) =>
        Task.FromResult(PagedList.Of(Enumerable.Reverse(State.Milestones).Where(m => status is null || m.Status == status).Select(View), page));

    public async Task<CelebrationView> AcceptMilestone(string milestoneId, CelebrationInput input, string leaderId)
    {
        ArgumentNullException.ThrowIfNull(input);
        var milestone = RequireMilestone(milestoneId);
        var valid = Validate(input with
        {
            Title = string.IsNullOrWhiteSpace(input.Title) ? milestone.Title : input.Title,
            Description = string.IsNullOrWhiteSpace(input.Description) ? milestone.Description : input.Description,
        });
        RequirePending(milestone);
        var record = New(valid, leaderId, milestone.Id);
        State.Celebrations.Add(record);
        milestone.Status = ProposalStatus.Accepted;
        milestone.DecidedBy = leaderId;
        milestone.DecidedAt = record.CreatedAt;
        milestone.CelebrationId = record.Id;
        await WriteStateAsync();
        await ArmAsync(record, []);
        return View(record);
    }

    public async Task<MilestoneView> DismissMilestone(string milestoneId, string leaderId)
    {
        var milestone = RequireMilestone(milestoneId);
        RequirePending(milestone);
        milestone.Status = ProposalStatus.Dismissed;
        milestone.DecidedBy = leaderId;
        milestone.DecidedAt = Time.GetUtcNow();
        await WriteStateAsync();
        return View(milestone);
    }

    public async Task ReceiveReminder(string reminderName, ReminderTick tick)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        if (reminderName.StartsWith(HoldPrefix, StringComparison.Ordinal))
        {
            var due = State.Celebrations.Find(c => c.Id == reminderName[HoldPrefix.Length..]);
            // Held by hand already, or a repeated delivery (reminders fire at least once): nothing to do.
            if (due is { Status: CelebrationStatus.Scheduled } && due.At <= Time.GetUtcNow())
            {
                await HoldAsync(due, heldBy: null);
            }

            return;
        }

        if (!reminderName.StartsWith(RemindPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var rest = reminderName[RemindPrefix.Length..];
        var separator = rest.LastIndexOf(':');
        var record = separator > 0 ? State.Celebrations.Find(c => c.Id == rest[..separator]) : null;
        if (record is not { Status: CelebrationStatus.Scheduled }
            || !int.TryParse(rest[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || !record.RemindMinutesBefore.Contains(minutes)
            || record.RemindersSent.Exists(r => r.MinutesBefore == minutes && r.ForAt == record.At))
        {
            return;
        }

        record.RemindersSent.Add(new CelebrationReminderRecord { MinutesBefore = minutes, ForAt = record.At, SentAt = Time.GetUtcNow() });
        Publish(new CelebrationReminderDue(TenantId, record.Id, record.Title, record.At, minutes));
        await WriteStateAsync();
    }

    private async Task HoldAsync(CelebrationRecord record, string? heldBy)
    {
        var now = Time.GetUtcNow();
        record.Status = CelebrationStatus.Held;
        record.HeldAt = now;
        record.HeldBy = heldBy;
        record.Revision++;
        Publish(new CelebrationHeld(TenantId, record.Id, record.Title, now, [.. record.Honourees.Select(h => new CelebrationHonouree(h.MemberId, h.RecognitionId))]));
        await WriteStateAsync();
        await DisarmAsync(record, record.RemindMinutesBefore);
    }

    /// <summary>Registers the reminders of a scheduled celebration and removes those of lead times it no longer has.</summary>
    private async Task ArmAsync(CelebrationRecord record, IReadOnlyList<int> previousMinutes)
    {
        await DisarmAsync(record, [.. previousMinutes.Except(record.RemindMinutesBefore)], includeHold: false);
        var now = Time.GetUtcNow();
        foreach (var (minutes, delay) in CelebrationRules.Reminders(record.At, record.RemindMinutesBefore, now))
        {
            if (!record.RemindersSent.Exists(r => r.MinutesBefore == minutes && r.ForAt == record.At))
            {
                await RegisterOrUpdateReminder(RemindName(record.Id, minutes), delay);
            }
        }

        var holdIn = record.At - now;
        await RegisterOrUpdateReminder(HoldPrefix + record.Id, holdIn > TimeSpan.Zero ? holdIn : TimeSpan.Zero);
    }

    private async Task DisarmAsync(CelebrationRecord record, IReadOnlyList<int> minutes, bool includeHold = true)
    {
        foreach (var m in minutes)
        {
            await UnregisterReminder(RemindName(record.Id, m));
        }

        if (includeHold)
        {
            await UnregisterReminder(HoldPrefix + record.Id);
        }
    }

    private static string RemindName(string celebrationId, int minutes) =>
        RemindPrefix + celebrationId + ":" + minutes.ToString(CultureInfo.InvariantCulture);

    private ValidCelebration Validate(CelebrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (valid, errors) = CelebrationRules.Validate(input, Time.GetUtcNow());
        ValidationFailedException.ThrowIfAny(errors);
        return valid!;
    }

    private CelebrationRecord New(ValidCelebration valid, string leaderId, string? milestoneId) => new()
    {
        Id = RecognitionKeys.NewId("cel"),
        Title = valid.Title,
        Description = valid.Description,
        At = valid.At,
        RemindMinutesBefore = [.. valid.RemindMinutesBefore],
        CreatedBy = leaderId,
        CreatedAt = Time.GetUtcNow(),
        MilestoneId = milestoneId,
    };

    private CelebrationRecord Require(string celebrationId) =>
        State.Celebrations.Find(c => c.Id == celebrationId) ?? throw new NotFoundException("The celebration");

    private CelebrationRecord RequireCurrent(string celebrationId, long expectedRevision)
    {
        var record = Require(celebrationId);
        RequireRevision(record, expectedRevision);
        return record;
    }

    private static void RequireRevision(CelebrationRecord record, long expectedRevision)
    {
        if (expectedRevision != record.Revision)
        {
            throw new PreconditionFailedException("The celebration", record.Revision);
        }
    }

    private static void RequireScheduled(CelebrationRecord record)
    {
        if (record.Status != CelebrationStatus.Scheduled)
        {
            throw new ConflictException("This celebration was held already; it cannot change any more.");
        }
    }

    private MilestoneRecord RequireMilestone(string milestoneId) =>
        State.Milestones.Find(m => m.Id == milestoneId) ?? throw new NotFoundException("The milestone");

    private static void RequirePending(MilestoneRecord milestone)
    {
        if (milestone.Status != ProposalStatus.Pending)
        {
            throw new ConflictException($"This milestone was {milestone.Status.ToString().ToLowerInvariant()} already.");
        }
    }

    private CelebrationGoalsView GoalsView() =>
        new(State.Goals.NpsAbove, State.Goals.CsatPercentAbove, State.Goals.Revision, State.Goals.UpdatedAt, State.Goals.UpdatedBy);

    private static CelebrationView View(CelebrationRecord c) =>
        new(
            c.Id,
            c.Title,
            c.Description,
            c.At,
            [.. c.RemindMinutesBefore],
            c.Status,
            [.. c.Honourees.Select(h => new HonoureeView(h.MemberId, h.RecognitionId, h.NominatedBy, h.NominatedAt))],
            [.. c.RemindersSent.Select(r => new CelebrationReminderView(r.MinutesBefore, r.SentAt))],
            c.CreatedBy,
            c.CreatedAt,
            c.HeldAt,
            c.HeldBy,
            c.MilestoneId,
            c.Revision);

    private static MilestoneView View(MilestoneRecord m) =>
        new(m.Id, m.Kind, m.Title, m.Description, m.ProposedAt, m.Status, m.RolloutId, m.CourseId, m.LocationId, m.SurveyId, m.Round, [.. m.Metrics], m.DecidedBy, m.DecidedAt, m.CelebrationId);
}
