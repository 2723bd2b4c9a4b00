using System.Security.Cryptography;
using ServiceVision.Api;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Surveys;
using ServiceVision.Grains;
using ServiceVision.Surveys.Abstractions;

namespace ServiceVision.Surveys.Grains;

/// <summary>
/// A survey's definition and lifecycle. Two durable reminders while open: "scores" every minute
/// (publishes SurveyScoresPublished when responses arrived since the last publication) and "round" for
/// a recurring survey (ends the round, publishes its final scores, starts the next).
/// </summary>
public sealed class SurveyGrain : Grain<SurveyState>, ISurveyGrain, IRemindable
{
    private const string ScoresReminder = "scores";
    private const string RoundReminder = "round";
    private static readonly TimeSpan ScoresPeriod = TimeSpan.FromMinutes(1);

    private string SurveyId => GrainKey[(GrainKey.LastIndexOf(GrainId.TenantSeparator) + 1)..];

    public async Task<SurveyView> Create(NewSurvey survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        if (RecordExists)
        {
            throw new ConflictException("This survey exists already.");
        }

        State = new SurveyState
        {
            Id = SurveyId,
            Kind = survey.Kind,
            Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            CreatedAt = Time.GetUtcNow(),
            CreatedBy = survey.CreatedBy,
            Status = SurveyStatus.Draft,
            Revision = 1,
        };
        Apply(survey.Definition);
        await WriteStateAsync();
        await UpsertSummaryAsync();
        return View();
    }

    public Task<SurveyView> GetSurvey()
    {
        RequireExists();
        return Task.FromResult(View());
    }

    public async Task<SurveyView> Update(SurveyDefinition definition, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(definition);
        RequireCurrent(expectedRevision);
        if (State.Status != SurveyStatus.Draft)
        {
            throw new ConflictException("Only a draft survey can be edited; responses refer to the questions of an open or closed one.");
        }

        Apply(definition);
        State.Revision++;
        await WriteStateAsync();
        await UpsertSummaryAsync();
        return View();
    }

    public async Task<SurveyView> Open(long expectedRevision)
    {
        RequireCurrent(expectedRevision);
        if (State.Status != SurveyStatus.Draft)
        {
            throw new ConflictException("Only a draft survey can be opened.");
        }

        var now = Time.GetUtcNow();
        State.Status = SurveyStatus.Open;
        State.OpenedAt = now;
        State.Round = 1;
        State.Rounds.Add(new RoundRecord { Number = 1, StartedAt = now });
        State.Revision++;
        await WriteStateAsync();
        await RegisterOrUpdateReminder(ScoresReminder, ScoresPeriod, ScoresPeriod);
        await ScheduleNextRoundAsync();
        await UpsertSummaryAsync();
        return View();
    }

    public async Task<SurveyView> Close(long expectedRevision)
    {
        RequireCurrent(expectedRevision);
        if (State.Status != SurveyStatus.Open)
        {
            throw new ConflictException("Only an open survey can be closed.");
        }

        var now = Time.GetUtcNow();
        State.Status = SurveyStatus.Closed;
        State.ClosedAt = now;
        State.Rounds[^1].EndedAt = now;
        State.Revision++;
        await QueueScoresAsync(force: true);
        await WriteStateAsync();
        await UnregisterReminder(ScoresReminder);
        await UnregisterReminder(RoundReminder);
        await UpsertSummaryAsync();
        return View();
    }

    public Task<SubmissionContext> GetSubmissionContext()
    {
        RequireExists();
        return Task.FromResult(new SubmissionContext(State.Id, State.Kind, State.Status, State.Round, State.Title, State.Description, State.Questions, State.Secret));
    }

    public async Task<SurveyView> AddLink(SurveyLinkRecordInput link)
    {
        ArgumentNullException.ThrowIfNull(link);
        RequireExists();
        if (State.Links.Count >= ISurveyGrain.MaxLinks)
        {
            throw new ConflictException($"A survey has at most {ISurveyGrain.MaxLinks} public links; revoke one first.");
        }

        if (State.Kind != SurveyKind.CustomerFeedback)
        {
            throw new ConflictException("Only a customer feedback survey has public links; members answer the others signed in.");
        }

        if (State.Status == SurveyStatus.Closed)
        {
            throw new ConflictException("This survey is closed.");
        }

        State.Links.Add(new LinkRecord { Id = link.LinkId, LocationId = link.LocationId, Cap = link.Cap, Token = link.Token, CreatedAt = Time.GetUtcNow(), CreatedBy = link.CreatedBy });
        State.Revision++;
        await WriteStateAsync();
        return View();
    }

    public async Task<SurveyView> RemoveLink(string linkId)
    {
        RequireExists();
        var link = State.Links.Find(l => l.Id == linkId) ?? throw new NotFoundException("The link");
        State.Links.Remove(link);
        State.Revision++;
        await WriteStateAsync();
        return View();
    }

    public async Task<SurveyView> RecordDistribution(DistributionRecordInput distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        RequireExists();
        if (State.Status == SurveyStatus.Closed)
        {
            throw new ConflictException("This survey is closed.");
        }

        // Keep the latest 100 distributions: the record is informative, the invitations live with the members.
        if (State.Distributions.Count >= 100)
        {
            State.Distributions.RemoveAt(0);
        }

        State.Distributions.Add(new DistributionRecord
        {
            DepartmentId = distribution.DepartmentId,
            Role = distribution.Role,
            LocationId = distribution.LocationId,
            Invited = distribution.Invited,
            DistributedAt = Time.GetUtcNow(),
            DistributedBy = distribution.DistributedBy,
        });
        State.Revision++;
        await WriteStateAsync();
        return View();
    }

    public async Task<bool> PublishScores()
    {
        RequireExists();
        var queued = await QueueScoresAsync(force: true);
        await WriteStateAsync();
        return queued;
    }

    public async Task ReceiveReminder(string reminderName, ReminderTick tick)
    {
        if (!RecordExists || State.Status != SurveyStatus.Open)
        {
            await UnregisterReminder(reminderName);
            return;
        }

        if (reminderName == ScoresReminder)
        {
            if (await QueueScoresAsync(force: false))
            {
                await WriteStateAsync();
            }

            return;
        }

        if (reminderName == RoundReminder && SurveyRules.NextRoundAt(State.Recurrence, State.Rounds[^1].StartedAt) is { } due && Time.GetUtcNow() >= due)
        {
            // The round's final scores, then the next round: new buckets, so members and customers may answer again.
            await QueueScoresAsync(force: true);
            var now = Time.GetUtcNow();
            State.Rounds[^1].EndedAt = now;
            State.Round++;
            State.Rounds.Add(new RoundRecord { Number = State.Round, StartedAt = now });
            if (State.Rounds.Count > 200)
            {
                State.Rounds.RemoveAt(0);
            }

            State.Revision++;
            await WriteStateAsync();
            await ScheduleNextRoundAsync();
            await UpsertSummaryAsync();
        }
    }

    /// <summary>Computes the scores of the current round and queues SurveyScoresPublished; false when nothing changed (and not forced).</summary>
    private async Task<bool> QueueScoresAsync(bool force)
    {
        if (State.Round == 0)
        {
            return false;
        }

        if (!force && State.ScoredRound == State.Round)
        {
            // The minute check counts first (small answers) and reads the responses only when some arrived.
            var counts = await Task.WhenAll(Enumerable.Range(0, SurveysKeys.Buckets)
                .Select(shard => GrainFactory.GetGrain<IResponseBucketGrain>(SurveysKeys.Bucket(TenantId, State.Id, State.Round, shard)).Count()));
            if (counts.Sum() == State.ScoredCount)
            {
                return false;
            }
        }

        var responses = await SurveyResponses.ReadAsync(GrainFactory, TenantId, State.Id, State.Round);

        var thresholds = new AnonymityThresholds(State.AnonymityThreshold, State.CommentThreshold);
        var groups = new List<SurveyGroupScore>();
        var whole = SurveyResults.Compute(State.Questions, responses, ResultsFilter.None, null, thresholds);
        if (!whole.Suppressed)
        {
            groups.Add(Score("Organization", null, whole.Responses ?? 0, whole.Scores!));
            foreach (var dimension in new[] { ResultDimension.Location, ResultDimension.Department, ResultDimension.Touchpoint })
            {
                var view = SurveyResults.Compute(State.Questions, responses, ResultsFilter.None, dimension, thresholds);
                groups.AddRange(view.Breakdown.Select(g => Score(dimension.ToString(), g.GroupId, g.Responses, g.Scores)));
            }
        }

        State.ScoresSequence++;
        State.ScoredRound = State.Round;
        State.ScoredCount = responses.Count;
        Publish(new SurveyScoresPublished(TenantId, State.Id, State.Kind.ToString(), State.Round, State.ScoresSequence, Time.GetUtcNow(), groups));
        return true;
    }

    private static SurveyGroupScore Score(string dimension, string? groupId, int responses, ScoreSummary s) =>
        new(dimension, groupId, responses, s.Nps, s.CsatAverage, s.CsatPercent, s.PulsePercent);

    private async Task ScheduleNextRoundAsync()
    {
        if (SurveyRules.NextRoundAt(State.Recurrence, State.Rounds[^1].StartedAt) is { } next)
        {
            var delay = next - Time.GetUtcNow();
            await RegisterOrUpdateReminder(RoundReminder, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        }
    }

    private Task UpsertSummaryAsync() =>
        GrainFactory.GetGrain<ISurveyCatalogGrain>(SurveysKeys.Catalog(TenantId))
            .Upsert(new SurveySummary(State.Id, State.Kind, State.Title, State.Status, State.Round, State.CreatedAt, State.Revision));

    private void Apply(SurveyDefinition definition)
    {
        State.Title = definition.Title;
        State.Description = definition.Description;
        State.Questions = [.. definition.Questions];
        State.Recurrence = definition.Recurrence;
        State.AnonymityThreshold = definition.AnonymityThreshold;
        State.CommentThreshold = definition.CommentThreshold;
    }

    private void RequireExists()
    {
        if (!RecordExists)
        {
            throw new NotFoundException("The survey");
        }
    }

    private void RequireCurrent(long expectedRevision)
    {
        RequireExists();
        if (expectedRevision != State.Revision)
        {
            throw new PreconditionFailedException("The survey", State.Revision);
        }
    }

    private SurveyView View() => new(
        State.Id,
        State.Kind,
        State.Title,
        State.Description,
        State.Status,
        State.Recurrence,
        State.Round,
        State.Status == SurveyStatus.Open && State.Rounds.Count > 0 ? SurveyRules.NextRoundAt(State.Recurrence, State.Rounds[^1].StartedAt) : null,
        State.AnonymityThreshold,
        State.CommentThreshold,
        [.. State.Questions],
        [.. State.Rounds.Select(r => new RoundView(r.Number, r.StartedAt, r.EndedAt))],
        [.. State.Links.Select(l => new SurveyLinkSummary(l.Id, l.LocationId, l.Cap, l.Token, l.CreatedAt, l.CreatedBy))],
        [.. State.Distributions.Select(d => new DistributionView(d.DepartmentId, d.Role, d.LocationId, d.Invited, d.DistributedAt, d.DistributedBy))],
        State.CreatedAt,
        State.CreatedBy,
        State.OpenedAt,
        State.ClosedAt,
        State.Revision);
}
