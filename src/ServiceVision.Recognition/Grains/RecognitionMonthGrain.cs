using ServiceVision.Api;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Grains;

/// <summary>
/// One month of an organization's recognitions. Every change is written before the call returns; a
/// change that moves a count (a new recognition, a hidden one) then updates the statistics grain.
/// </summary>
public sealed class RecognitionMonthGrain : Grain<RecognitionMonthState>, IRecognitionMonthGrain
{
    private string Month => GrainKey[(GrainKey.LastIndexOf(GrainId.TenantSeparator) + 1)..];

    private IRecognitionStatisticsGrain Statistics => GrainFactory.GetGrain<IRecognitionStatisticsGrain>(RecognitionKeys.Statistics(TenantId));

    public async Task<RecognitionView> Add(NewRecognition recognition)
    {
        ArgumentNullException.ThrowIfNull(recognition);
        await FlushCountsAsync();
        if (State.Recognitions.Find(r => r.Id == recognition.Id) is { } existing)
        {
            return View(existing, recognition.GivenBy, includeHidden: true);
        }

        var record = new RecognitionRecord
        {
            Id = recognition.Id,
            GivenBy = recognition.GivenBy,
            GivenByName = recognition.GivenByName,
            MemberId = recognition.MemberId,
            MemberName = recognition.MemberName,
            DepartmentId = recognition.DepartmentId,
            LocationId = recognition.LocationId,
            Story = recognition.Story,
            PillarIds = [.. recognition.PillarIds],
            StandardIds = [.. recognition.StandardIds],
            FeedbackResponseId = recognition.FeedbackResponseId,
            GivenAt = recognition.GivenAt,
        };
        State.Recognitions.Add(record);
        Publish(new RecognitionGiven(
            TenantId,
            record.Id,
            record.GivenBy,
            record.MemberId,
            [.. record.PillarIds],
            [.. record.StandardIds],
            record.LocationId,
            record.DepartmentId,
            record.GivenAt));
        QueueCount(record, +1);
        await WriteStateAsync();
        await FlushCountsAsync();
        return View(record, recognition.GivenBy, includeHidden: true);
    }

    public Task<RecognitionView?> Find(string recognitionId, string viewerId, bool includeHidden)
    {
        var record = State.Recognitions.Find(r => r.Id == recognitionId);
        return Task.FromResult(record is null || (record.Hidden is not null && !includeHidden) ? null : View(record, viewerId, includeHidden));
    }

    public Task<IReadOnlyList<RecognitionView>> Feed(FeedFilter filter, int skip, int take, string viewerId)
    {
        ArgumentNullException.ThrowIfNull(filter);
        IReadOnlyList<RecognitionView> page = [.. Newest()
            .Where(r => r.Hidden is null && filter.Matches(r.DepartmentId, r.LocationId))
            .Skip(skip)
            .Take(take)
            .Select(r => View(r, viewerId, includeHidden: false))];
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<RecognitionView>> ListHidden(string viewerId) =>
        Task.FromResult<IReadOnlyList<RecognitionView>>([.. Newest().Where(r => r.Hidden is not null).Select(r => View(r, viewerId, includeHidden: true))]);

    public async Task<RecognitionView> Hide(string recognitionId, string? reason, string leaderId, long expectedRevision)
    {
        await FlushCountsAsync();
        var record = Require(recognitionId, includeHidden: true);
        if (expectedRevision != record.Revision)
        {
            throw new PreconditionFailedException("The recognition", record.Revision);
        }

        ValidationFailedException.ThrowIfAny(RecognitionRules.ValidateHideReason(reason));
        if (record.Hidden is not null)
        {
            throw new ConflictException("This recognition is hidden already.");
        }

        record.Hidden = new HiddenRecord { By = leaderId, At = Time.GetUtcNow(), Reason = reason!.Trim() };
        record.Revision++;
        QueueCount(record, -1);
        await WriteStateAsync();
        await FlushCountsAsync();
        return View(record, leaderId, includeHidden: true);
    }

    public async Task<ReactionsView> ToggleReaction(string recognitionId, string? kind, string memberId)
    {
        var record = Require(recognitionId, includeHidden: false);
        var known = RecognitionRules.ReactionKind(kind)
            ?? throw new ValidationFailedException("kind", "A reaction is one of " + string.Join(", ", RecognitionRules.ReactionKinds) + ".");
        if (!record.Reactions.TryGetValue(known, out var members))
        {
            record.Reactions[known] = members = [];
        }

        var reacted = !members.Remove(memberId);
        if (reacted)
        {
            members.Add(memberId);
        }
        else if (members.Count == 0)
        {
            record.Reactions.Remove(known);
        }

        await WriteStateAsync();
        return new ReactionsView(record.Id, known, reacted, Reactions(record, memberId));
    }

    public async Task<CommentView> AddComment(string recognitionId, string? text, string authorId, string? authorName)
    {
        var record = Require(recognitionId, includeHidden: false);
        ValidationFailedException.ThrowIfAny(RecognitionRules.ValidateComment(text));
        if (record.Comments.Count >= RecognitionRules.MaxCommentsPerRecognition)
        {
            throw new ConflictException($"A recognition takes at most {RecognitionRules.MaxCommentsPerRecognition} comments.");
        }

        var comment = new CommentRecord
        {
            Id = RecognitionKeys.NewId("cmt"),
            AuthorId = authorId,
            AuthorName = authorName,
            Text = text!.Trim(),
            CreatedAt = Time.GetUtcNow(),
        };
        record.Comments.Add(comment);
        await WriteStateAsync();
        return View(record.Id, comment);
    }

    public Task<IReadOnlyList<CommentView>> ListComments(string recognitionId)
    {
        var record = Require(recognitionId, includeHidden: false);
        return Task.FromResult<IReadOnlyList<CommentView>>([.. record.Comments.Select(c => View(record.Id, c))]);
    }

    private IEnumerable<RecognitionRecord> Newest() =>
        State.Recognitions.OrderByDescending(r => r.GivenAt).ThenByDescending(r => r.Id, StringComparer.Ordinal);

    private RecognitionRecord Require(string recognitionId, bool includeHidden)
    {
        var record = State.Recognitions.Find(r => r.Id == recognitionId);
        return record is null || (record.Hidden is not null && !includeHidden) ? throw new NotFoundException("The recognition") : record;
    }

    /// <summary>Stores a count change with the change it belongs to (same write), numbered for the statistics grain.</summary>
    private void QueueCount(RecognitionRecord r, int change) =>
        State.PendingCounts.Add(new PendingCountRecord
        {
            Sequence = ++State.CountSequence,
            GivenAt = r.GivenAt,
            MemberId = r.MemberId,
            DepartmentId = r.DepartmentId,
            LocationId = r.LocationId,
            PillarIds = [.. r.PillarIds],
            Change = change,
        });

    /// <summary>
    /// Sends the pending count changes in order. The statistics grain ignores a sequence it applied
    /// before, so sending one twice (a confirmation lost with this activation) counts it once. The
    /// confirmed ones leave the state with the next write.
    /// </summary>
    private async Task FlushCountsAsync()
    {
        while (State.PendingCounts.Count > 0)
        {
            var p = State.PendingCounts[0];
            await Statistics.Apply(new RecognitionDelta(Month, p.Sequence, p.GivenAt, p.MemberId, p.DepartmentId, p.LocationId, [.. p.PillarIds], p.Change));
            State.PendingCounts.RemoveAt(0);
        }
    }

    private static List<ReactionCount> Reactions(RecognitionRecord r, string viewerId) =>
        [.. RecognitionRules.ReactionKinds
            .Where(k => r.Reactions.TryGetValue(k, out var m) && m.Count > 0)
            .Select(k => new ReactionCount(k, r.Reactions[k].Count, r.Reactions[k].Contains(viewerId)))];

    private static RecognitionView View(RecognitionRecord r, string viewerId, bool includeHidden) =>
        new(
            r.Id,
            r.MemberId,
            r.MemberName,
            r.GivenBy,
            r.GivenByName,
            r.Story,
            [.. r.PillarIds],
            [.. r.StandardIds],
            r.DepartmentId,
            r.LocationId,
            r.FeedbackResponseId,
            r.GivenAt,
            Reactions(r, viewerId),
            r.Comments.Count,
            r.Revision,
            includeHidden && r.Hidden is { } h ? new HiddenView(h.By, h.At, h.Reason) : null);

    private static CommentView View(string recognitionId, CommentRecord c) => new(c.Id, recognitionId, c.AuthorId, c.AuthorName, c.Text, c.CreatedAt);
}
