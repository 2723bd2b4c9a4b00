using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Plan;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Grains;

/// <summary>Guidelines per role, recorded recoveries (with approval above the limit) and the complaints they close.</summary>
public sealed class EmpowermentGrain : Grain<EmpowermentState>, IEmpowermentGrain
{
    public const int MaxRecoveries = 10_000;
    public const int MaxComplaints = 10_000;

    public Task<IReadOnlyList<GuidelineView>> ListGuidelines() =>
        Task.FromResult<IReadOnlyList<GuidelineView>>([.. Enum.GetValues<MemberRole>().Select(GuidelineOf)]);

    public Task<GuidelineView> GetGuideline(MemberRole role) => Task.FromResult(GuidelineOf(role));

    public async Task<GuidelineView> SetGuideline(MemberRole role, GuidelineInput input, long expectedRevision, string memberId)
    {
        ArgumentNullException.ThrowIfNull(input);
        var vision = await GrainFactory.GetGrain<IVisionGrain>(TenantId + "/vision").GetCurrentVersion();
        var pillars = (vision?.Items ?? []).Where(i => i.Kind == VisionItemKind.Pillar).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var (guideline, errors) = EmpowermentRules.ValidateGuideline(input, pillars);
        ValidationFailedException.ThrowIfAny(errors);
        var current = State.Guidelines.GetValueOrDefault(role.ToString());
        if ((current?.Revision ?? 0) != expectedRevision)
        {
            throw new PreconditionFailedException("The guideline", current?.Revision ?? 0);
        }

        State.Guidelines[role.ToString()] = new GuidelineRecord
        {
            RefundLimit = guideline!.RefundLimit,
            Gestures = [.. guideline.Gestures],
            Examples = [.. guideline.Examples],
            Notes = guideline.Notes,
            UpdatedAt = Time.GetUtcNow(),
            UpdatedBy = memberId,
            Revision = expectedRevision + 1,
        };
        await WriteStateAsync();
        return GuidelineOf(role);
    }

    public async Task<RecoveryView> RecordRecovery(RecoveryInput input, string memberId, MemberRole role)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (draft, errors) = EmpowermentRules.ValidateRecovery(input);
        ValidationFailedException.ThrowIfAny(errors);
        ComplaintRecord? complaint = null;
        if (draft!.RecoveryId is { } recoveryId)
        {
            complaint = State.Complaints.GetValueOrDefault(recoveryId)
                ?? throw new ValidationFailedException("recoveryId", "There is no complaint with this recovery id.");
            if (complaint.Status != ComplaintStatus.Open)
            {
                throw new ConflictException("This complaint is answered already (or its answer awaits approval).", "recoveryId");
            }
        }

        if (State.Recoveries.Count >= MaxRecoveries)
        {
            throw new ConflictException($"An organization keeps at most {MaxRecoveries} recoveries.");
        }

        var limit = State.Guidelines.GetValueOrDefault(role.ToString())?.RefundLimit;
        var needsApproval = role < MemberRole.Owner && EmpowermentRules.NeedsApproval(draft.Amount, limit);
        var now = Time.GetUtcNow();
        var record = new RecoveryRecord
        {
            Id = Ids.New(PlanKeys.RecoveryPrefix),
            MemberId = memberId,
            WhatHappened = draft.WhatHappened,
            WhatWasDone = draft.WhatWasDone,
            Amount = draft.Amount,
            Outcome = draft.Outcome,
            Touchpoint = draft.Touchpoint,
            RecoveryId = draft.RecoveryId,
            Status = needsApproval ? RecoveryStatus.AwaitingApproval : RecoveryStatus.Recorded,
            RecordedAt = now,
            Revision = 1,
        };
        State.Recoveries.Add(record);
        if (complaint is not null)
        {
            if (needsApproval)
            {
                complaint.Status = ComplaintStatus.AwaitingApproval;
            }
            else
            {
                Resolve(complaint, record, now);
            }
        }

        await WriteStateAsync();
        return View(record);
    }

    public Task<PagedList<RecoveryView>> ListRecoveries(RecoveryStatus? status, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Task.FromResult(PagedList.Of(Enumerable.Reverse(State.Recoveries).Where(r => status is null || r.Status == status).Select(View), page));
    }

    public Task<RecoveryView> GetRecovery(string recoveryRecordId) => Task.FromResult(View(FindRecovery(recoveryRecordId)));

    public async Task<RecoveryView> Decide(string recoveryRecordId, bool approve, string? note, string leaderId, long expectedRevision)
    {
        var record = FindRecovery(recoveryRecordId);
        if (note is { Length: > EmpowermentRules.MaxNotesLength })
        {
            throw new ValidationFailedException("note", $"At most {EmpowermentRules.MaxNotesLength} characters.");
        }

        if (record.Revision != expectedRevision)
        {
            throw new PreconditionFailedException("The recovery", record.Revision);
        }

        if (record.Status != RecoveryStatus.AwaitingApproval)
        {
            throw new ConflictException($"This recovery is {record.Status}, not awaiting approval.");
        }

        var now = Time.GetUtcNow();
        record.Status = approve ? RecoveryStatus.Approved : RecoveryStatus.Declined;
        record.DecidedBy = leaderId;
        record.DecidedAt = now;
        record.DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        record.Revision++;
        if (record.RecoveryId is { } id && State.Complaints.GetValueOrDefault(id) is { Status: ComplaintStatus.AwaitingApproval } complaint)
        {
            if (approve)
            {
                Resolve(complaint, record, now);
            }
            else
            {
                // A declined answer does not answer the complaint: it is open again for another recovery.
                complaint.Status = ComplaintStatus.Open;
            }
        }

        await WriteStateAsync();
        return View(record);
    }

    public async Task<bool> RecordComplaint(ServiceRecoveryNeeded complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (State.Complaints.ContainsKey(complaint.RecoveryId))
        {
            return false;
        }

        State.Complaints[complaint.RecoveryId] = new ComplaintRecord
        {
            RecoveryId = complaint.RecoveryId,
            SurveyId = complaint.SurveyId,
            LocationId = complaint.LocationId,
            Channel = complaint.Channel,
            Touchpoint = complaint.Touchpoint,
            Csat = complaint.Csat,
            Nps = complaint.Nps,
            Comment = complaint.Comment,
            RaisedAt = complaint.RaisedAt,
            RespondBy = complaint.RespondBy,
        };
        if (State.Complaints.Count > MaxComplaints)
        {
            // Forget the oldest answered complaint first; never an open one while any answered one is left.
            var oldest = State.Complaints.Values.OrderBy(c => c.Status != ComplaintStatus.Resolved).ThenBy(c => c.RaisedAt).First();
            State.Complaints.Remove(oldest.RecoveryId);
        }

        await WriteStateAsync();
        return true;
    }

    public Task<PagedList<ComplaintView>> ListComplaints(bool includeResolved, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var now = Time.GetUtcNow();
        var complaints = State.Complaints.Values
            .Where(c => includeResolved || c.Status != ComplaintStatus.Resolved)
            .OrderBy(c => c.RespondBy)
            .ThenBy(c => c.RecoveryId, StringComparer.Ordinal)
            .Select(c => new ComplaintView(
                c.RecoveryId, c.SurveyId, c.LocationId, c.Channel, c.Touchpoint, c.Csat, c.Nps, c.Comment, c.RaisedAt, c.RespondBy,
                c.Status, c.ResolvedAt, c.ResolvedBy, c.Status != ComplaintStatus.Resolved && now > c.RespondBy));
        return Task.FromResult(PagedList.Of(complaints, page));
    }

    public Task<EmpowermentSnapshot> GetSnapshot() =>
        Task.FromResult(new EmpowermentSnapshot(
            [.. Enum.GetValues<MemberRole>().Where(r => State.Guidelines.ContainsKey(r.ToString()))],
            State.Recoveries.Count(r => r.Status != RecoveryStatus.Declined),
            [.. State.Recoveries.Select(r => new RecoveryEntry(r.MemberId, r.Status, r.RecordedAt))],
            [.. State.Complaints.Values.Select(c => new ComplaintEntry(c.LocationId, c.RespondBy, c.ResolvedAt, c.ResolvedBy))]));

    /// <summary>Closes the complaint and tells the surveys service, in the same write (outbox).</summary>
    private void Resolve(ComplaintRecord complaint, RecoveryRecord record, DateTimeOffset now)
    {
        complaint.Status = ComplaintStatus.Resolved;
        complaint.ResolvedAt = now;
        complaint.ResolvedBy = record.MemberId;
        Publish(new ServiceRecoveryResolved(TenantId, complaint.RecoveryId, record.MemberId, record.Outcome.ToString(), now));
    }

    private RecoveryRecord FindRecovery(string id) =>
        State.Recoveries.FirstOrDefault(r => r.Id == id) ?? throw new NotFoundException("The recovery");

    private GuidelineView GuidelineOf(MemberRole role) =>
        State.Guidelines.GetValueOrDefault(role.ToString()) is { } g
            ? new GuidelineView(role, g.RefundLimit, g.Gestures, g.Examples, g.Notes, g.UpdatedAt, g.UpdatedBy, g.Revision)
            : new GuidelineView(role, null, [], [], null, null, null, 0);

    private static RecoveryView View(RecoveryRecord r) =>
        new(r.Id, r.MemberId, r.WhatHappened, r.WhatWasDone, r.Amount, r.Outcome, r.Touchpoint, r.RecoveryId, r.Status, r.RecordedAt, r.DecidedBy, r.DecidedAt, r.DecisionNote, r.Revision);
}

public sealed class EmpowermentState
{
    /// <summary>Role name to its guideline.</summary>
    public Dictionary<string, GuidelineRecord> Guidelines { get; set; } = [];

    public List<RecoveryRecord> Recoveries { get; set; } = [];

    /// <summary>Recovery id (of the surveys service) to the complaint.</summary>
    public Dictionary<string, ComplaintRecord> Complaints { get; set; } = [];
}

public sealed class GuidelineRecord
{
    public Money? RefundLimit { get; set; }

    public List<string> Gestures { get; set; } = [];

    public List<GuidelineExample> Examples { get; set; } = [];

    public string? Notes { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    public long Revision { get; set; }
}

public sealed class RecoveryRecord
{
    public string Id { get; set; } = "";

    public string MemberId { get; set; } = "";

    public string WhatHappened { get; set; } = "";

    public string WhatWasDone { get; set; } = "";

    public Money? Amount { get; set; }

    public RecoveryOutcome Outcome { get; set; }

    public string Touchpoint { get; set; } = "";

    public string? RecoveryId { get; set; }

    public RecoveryStatus Status { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }

    public long Revision { get; set; }
}

public sealed class ComplaintRecord
{
    public string RecoveryId { get; set; } = "";

    public string SurveyId { get; set; } = "";

    public string? LocationId { get; set; }

    public string? Channel { get; set; }

    public string Touchpoint { get; set; } = "";

    public int? Csat { get; set; }

    public int? Nps { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset RespondBy { get; set; }

    public ComplaintStatus Status { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }
}
