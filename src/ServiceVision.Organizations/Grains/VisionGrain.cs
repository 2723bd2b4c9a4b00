using ServiceVision.Api;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ContractItem = ServiceVision.Contracts.Organizations.V1.VisionItem;
using VisionItem = ServiceVision.Domain.Visions.VisionItem;

namespace ServiceVision.Organizations.Grains;

/// <summary>
/// The vision workshop of one organization (key "{organizationId}/vision"). Every change is
/// validated in full first, then applied and written before the call returns.
/// </summary>
public sealed class VisionGrain : Grain<VisionState>, IVisionGrain
{
    private static readonly VisionDocument Nothing = new("", []);

    public Task<PublishedVision?> GetCurrentVersion() =>
        Task.FromResult(State.Versions.Count == 0 ? null : ToPublished(State.Versions[^1]));

    // ---- purpose -------------------------------------------------------------------------

    public Task<VisionPurposeView> GetPurpose() => Task.FromResult(ToView(State.Purpose));

    public async Task<VisionPurposeView> UpdatePurpose(VisionPurposeChange change, string memberId, long expectedRevision)
    {
        ValidationFailedException.ThrowIfAny(VisionWorkshopRules.ValidatePurpose(change.AspirationalPurpose, change.CommonPurpose));
        var purpose = State.Purpose;
        if (expectedRevision != purpose.Revision)
        {
            throw new PreconditionFailedException("The purpose", purpose.Revision);
        }

        purpose.AspirationalPurpose = change.AspirationalPurpose.Trim();
        purpose.CommonPurpose = change.CommonPurpose.Trim();
        purpose.UpdatedAt = Time.GetUtcNow();
        purpose.UpdatedBy = memberId;
        purpose.Revision++;
        await WriteStateAsync();
        return ToView(purpose);
    }

    // ---- culture observations ------------------------------------------------------------

    public async Task<CultureObservationView> AddObservation(NewCultureObservation observation, string authorId)
    {
        ValidationFailedException.ThrowIfAny(VisionWorkshopRules.ValidateObservation(observation.Text, observation.Area));
        if (State.Observations.Count >= VisionWorkshopRules.MaxObservations)
        {
            throw new ConflictException($"The workshop holds {VisionWorkshopRules.MaxObservations} observations, its limit; delete some that are no longer useful first.");
        }

        var record = new CultureObservationRecord
        {
            Id = Ids.New("obs"),
            Text = observation.Text.Trim(),
            Area = string.IsNullOrWhiteSpace(observation.Area) ? null : observation.Area.Trim(),
            AuthorId = authorId,
            CreatedAt = Time.GetUtcNow(),
        };
        State.Observations.Add(record);
        await WriteStateAsync();
        return ToView(record);
    }

    public Task<PagedList<CultureObservationView>> ListObservations(PageRequest page) =>
        Task.FromResult(PagedList.Of(Enumerable.Reverse(State.Observations).Select(ToView), page));

    public Task<CultureObservationView> GetObservation(string observationId) =>
        Task.FromResult(ToView(FindObservation(observationId)));

    public async Task DeleteObservation(string observationId, string memberId, MemberRole role)
    {
        var record = FindObservation(observationId);
        if (record.AuthorId != memberId && role < MemberRole.Leader)
        {
            throw new ForbiddenException("Only the author of an observation or a leader may delete it.");
        }

        State.Observations.Remove(record);
        await WriteStateAsync();
    }

    private CultureObservationRecord FindObservation(string observationId) =>
        State.Observations.Find(o => o.Id == observationId) ?? throw new NotFoundException("The observation");

    // ---- drafts --------------------------------------------------------------------------

    public async Task<VisionDraftView> CreateDraft(VisionDraftInput input, string authorId)
    {
        var basis = input.BasedOnVersion is null ? null : FindBasis(input.BasedOnVersion.Value);
        var document = BuildDocument(
            input.Statement ?? basis?.Statement ?? "",
            input.Items,
            basis?.Items ?? [],
            new ItemIdScope(IdsOf(basis?.Items ?? []), PublishedIds(), input.BasedOnVersion));
        if (State.Drafts.Values.Count(d => d.Status == VisionDraftStatus.Open) >= VisionWorkshopRules.MaxOpenDrafts)
        {
            throw new ConflictException($"There are {VisionWorkshopRules.MaxOpenDrafts} open drafts, the limit; publish or discard some first.");
        }

        var now = Time.GetUtcNow();
        var draft = new VisionDraftRecord
        {
            Id = Ids.New("drf"),
            Sequence = ++State.DraftSequence,
            Statement = document.Statement,
            Items = [.. document.Items.Select(ToRecord)],
            AuthorId = authorId,
            CreatedAt = now,
            LastEditedAt = now,
            LastEditedBy = authorId,
            Revision = 1,
            Status = VisionDraftStatus.Open,
            BasedOnVersion = input.BasedOnVersion,
        };
        State.Drafts[draft.Id] = draft;
        await WriteStateAsync();
        return ToView(draft, now);
    }

    public Task<PagedList<VisionDraftSummary>> ListDrafts(PageRequest page) =>
        Task.FromResult(PagedList.Of(State.Drafts.Values.OrderByDescending(d => d.Sequence).Select(ToSummary), page));

    public Task<VisionDraftView> GetDraft(string draftId) => Task.FromResult(ToView(FindDraft(draftId), Time.GetUtcNow()));

    public async Task<VisionDraftView> UpdateDraft(string draftId, VisionDraftInput input, string memberId, long expectedRevision)
    {
        var draft = FindDraft(draftId);
        RequireOpen(draft, "edited");
        var basedOn = input.BasedOnVersion ?? draft.BasedOnVersion;
        var basis = basedOn is null ? null : FindBasis(basedOn.Value);
        var current = draft.Items.Select(ToItem).ToList();
        var kept = IdsOf(current);
        kept.UnionWith(IdsOf(basis?.Items ?? []));

        var document = BuildDocument(input.Statement ?? draft.Statement, input.Items, current, new ItemIdScope(kept, PublishedIds(), basedOn));
        if (expectedRevision != draft.Revision)
        {
            throw new PreconditionFailedException("The draft", draft.Revision);
        }

        var now = Time.GetUtcNow();
        if (document.Statement == draft.Statement && document.Items.SequenceEqual(current) && basedOn == draft.BasedOnVersion)
        {
            // Saving without a change must not cost the draft its approvals and its rest.
            return ToView(draft, now);
        }

        draft.Statement = document.Statement;
        draft.Items = [.. document.Items.Select(ToRecord)];
        draft.BasedOnVersion = basedOn;

        // Strictly after every review, even if clocks disagree: reviews before an edit must not count.
        draft.LastEditedAt = draft.Reviews.Count == 0 ? now : StrictlyAfter(draft.Reviews.Max(r => r.CreatedAt), now);
        draft.LastEditedBy = memberId;
        draft.Revision++;
        await WriteStateAsync();
        return ToView(draft, now);
    }

    public async Task DiscardDraft(string draftId, string memberId, long expectedRevision)
    {
        var draft = FindDraft(draftId);
        RequireOpen(draft, "discarded");
        if (expectedRevision != draft.Revision)
        {
            throw new PreconditionFailedException("The draft", draft.Revision);
        }

        draft.Status = VisionDraftStatus.Discarded;
        draft.Revision++;
        await WriteStateAsync();
    }

    public async Task<VisionReviewView> AddReview(string draftId, NewVisionReview review, string reviewerId, long? expectedRevision)
    {
        var draft = FindDraft(draftId);
        RequireOpen(draft, "reviewed");
        ValidationFailedException.ThrowIfAny(VisionWorkshopRules.ValidateReview(review.Verdict.ToString(), review.Comment, out var verdict));
        if (expectedRevision is { } expected && expected != draft.Revision)
        {
            throw new PreconditionFailedException("The draft", draft.Revision);
        }

        if (draft.Reviews.Count >= VisionWorkshopRules.MaxReviewsPerDraft)
        {
            throw new ConflictException($"The draft has {VisionWorkshopRules.MaxReviewsPerDraft} reviews, the limit; start a new draft from it.");
        }

        var record = new VisionReviewRecord
        {
            Id = Ids.New("rev"),
            ReviewerId = reviewerId,
            Verdict = verdict,
            Comment = string.IsNullOrWhiteSpace(review.Comment) ? null : review.Comment.Trim(),

            // Strictly after the last edit, so a review given after an edit always counts for it.
            CreatedAt = StrictlyAfter(draft.LastEditedAt, Time.GetUtcNow()),
            DraftRevision = draft.Revision,
        };
        draft.Reviews.Add(record);
        await WriteStateAsync();
        return ToView(record);
    }

    public async Task<VisionPublishOutcome> Publish(string draftId, string memberId, long? expectedRevision)
    {
        var draft = FindDraft(draftId);
        RequireOpen(draft, "published");
        if (expectedRevision is { } expected && expected != draft.Revision)
        {
            throw new PreconditionFailedException("The draft", draft.Revision);
        }

        var now = Time.GetUtcNow();
        var decision = Decide(draft, now);
        if (!decision.CanPublish)
        {
            return new VisionPublishOutcome(null, decision.Reasons);
        }

        var version = new VisionVersionRecord
        {
            Number = State.Versions.Count + 1,
            Statement = draft.Statement,
            Items = [.. draft.Items.Select(Copy)],
            PublishedAt = now,
            PublishedBy = memberId,
            DraftId = draft.Id,
        };
        State.Versions.Add(version);
        draft.Status = VisionDraftStatus.Published;
        draft.PublishedAsVersion = version.Number;
        draft.Revision++;

        // The event is stored with the version in one write (the outbox) and relayed after it.
        Publish(VersionPublishedEvent(version));
        await WriteStateAsync();
        return new VisionPublishOutcome(ToPublished(version), []);
    }

    private VisionDraftRecord FindDraft(string draftId) =>
        State.Drafts.TryGetValue(draftId, out var draft) ? draft : throw new NotFoundException("The draft");

    private static void RequireOpen(VisionDraftRecord draft, string action)
    {
        switch (draft.Status)
        {
            case VisionDraftStatus.Published:
                throw new ConflictException($"The draft was published as version {draft.PublishedAsVersion}, so it can't be {action}; start a new draft based on that version.");
            case VisionDraftStatus.Discarded:
                throw new ConflictException($"The draft was discarded, so it can't be {action}.");
            default:
                return;
        }
    }

    private VisionDocument FindBasis(int number) =>
        number >= 1 && number <= State.Versions.Count
            ? ToDocument(State.Versions[number - 1])
            : throw new ValidationFailedException("basedOnVersion", State.Versions.Count == 0
                ? "Nothing is published yet, so a draft can't be based on a version."
                : $"There is no version {number}; versions are 1 to {State.Versions.Count}.");

    /// <summary>The document a request describes; items missing from the request are <paramref name="fallbackItems"/>.</summary>
    private static VisionDocument BuildDocument(string statement, IReadOnlyList<VisionItemInput?>? items, IReadOnlyList<VisionItem> fallbackItems, ItemIdScope ids)
    {
        if (items is null)
        {
            var document = new VisionDocument(statement.Trim(), fallbackItems);
            ValidationFailedException.ThrowIfAny(VisionDocumentValidator.Validate(document));
            return document;
        }

        var built = VisionDraftBuilder.Build(statement, items, ids, () => Ids.New("itm"));
        ValidationFailedException.ThrowIfAny(built.Errors);
        return built.Document;
    }

    private HashSet<string> PublishedIds() =>
        State.Versions.SelectMany(v => v.Items).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> IdsOf(IEnumerable<VisionItem> items) => items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

    private static DateTimeOffset StrictlyAfter(DateTimeOffset earlier, DateTimeOffset now) => now > earlier ? now : earlier.AddTicks(1);

    private VisionPublishDecisionView Decide(VisionDraftRecord draft, DateTimeOffset now)
    {
        switch (draft.Status)
        {
            case VisionDraftStatus.Published:
                return new(false, [$"the draft was published as version {draft.PublishedAsVersion}"]);
            case VisionDraftStatus.Discarded:
                return new(false, ["the draft was discarded"]);
        }

        var rule = new PublishRule(State.PublishRule.RequiredApprovals, TimeSpan.FromHours(State.PublishRule.RestPeriodHours), State.PublishRule.BlockOnChangesRequested);
        var reviews = new DraftReviewState(draft.LastEditedAt, [.. draft.Reviews.Select(r => new Review(r.ReviewerId, r.Verdict, r.CreatedAt))], draft.AuthorId);
        var decision = PublishPolicy.Evaluate(rule, reviews, now);
        var current = State.Versions.Count == 0 ? (int?)null : State.Versions.Count;
        var blockers = VisionWorkshopRules.PublishBlockers(new VisionDocument(draft.Statement, []), draft.BasedOnVersion, current);
        var reasons = decision.Reasons.Concat(blockers).ToList();
        return new(reasons.Count == 0, reasons);
    }

    private VisionPublished VersionPublishedEvent(VisionVersionRecord version)
    {
        var previous = version.Number == 1 ? Nothing : ToDocument(State.Versions[version.Number - 2]);
        var changes = VisionDiff.Compare(previous, ToDocument(version));
        return new VisionPublished(
            TenantId,
            version.Number,
            version.PublishedAt,
            version.PublishedBy,
            version.Statement,
            [.. version.Items.Select(i => new ContractItem(i.Id, i.Kind.ToString(), i.ParentId, i.Text, i.Order))],
            [.. changes.Added.Select(i => i.Id)],
            [.. changes.Changed.Select(c => c.Id)],
            [.. changes.Removed.Select(i => i.Id)]);
    }

    // ---- publish rule --------------------------------------------------------------------

    public Task<VisionPublishRuleView> GetPublishRule() => Task.FromResult(ToView(State.PublishRule));

    public async Task<VisionPublishRuleView> UpdatePublishRule(VisionPublishRuleChange change, string memberId, long expectedRevision)
    {
        ValidationFailedException.ThrowIfAny(VisionWorkshopRules.ParsePublishRule(change.RequiredApprovals, change.RestPeriodHours, change.BlockOnChangesRequested, out _));
        var rule = State.PublishRule;
        if (expectedRevision != rule.Revision)
        {
            throw new PreconditionFailedException("The publish rule", rule.Revision);
        }

        rule.RequiredApprovals = change.RequiredApprovals;
        rule.RestPeriodHours = change.RestPeriodHours;
        rule.BlockOnChangesRequested = change.BlockOnChangesRequested;
        rule.UpdatedAt = Time.GetUtcNow();
        rule.UpdatedBy = memberId;
        rule.Revision++;
        await WriteStateAsync();
        return ToView(rule);
    }

    // ---- published versions --------------------------------------------------------------

    public Task<PagedList<VisionVersionSummary>> ListVersions(PageRequest page) =>
        Task.FromResult(PagedList.Of(
            Enumerable.Reverse(State.Versions).Select(v => new VisionVersionSummary(v.Number, v.Statement, v.Items.Count, v.PublishedAt, v.PublishedBy, v.DraftId)),
            page));

    public Task<PublishedVision> GetVersion(int number) => Task.FromResult(ToPublished(FindVersion(number)));

    public Task<VisionVersionChanges> GetVersionChanges(int number)
    {
        var version = FindVersion(number);
        var previous = number == 1 ? null : State.Versions[number - 2];
        var changes = VisionDiff.Compare(previous is null ? Nothing : ToDocument(previous), ToDocument(version));
        return Task.FromResult(new VisionVersionChanges(
            number,
            previous?.Number,
            changes.StatementChanged,
            [.. changes.Added.Select(VisionItemView.Of)],
            [.. changes.Changed.Select(VisionItemChangeView.Of)],
            [.. changes.Removed.Select(VisionItemView.Of)]));
    }

    private VisionVersionRecord FindVersion(int number) =>
        number >= 1 && number <= State.Versions.Count ? State.Versions[number - 1] : throw new NotFoundException($"Version {number} of the vision");


    // ---- views ---------------------------------------------------------------------------

    private VisionDraftView ToView(VisionDraftRecord draft, DateTimeOffset now)
    {
        var quality = VisionQualityCheck.Evaluate(draft.Statement);
        return new VisionDraftView(
            draft.Id,
            draft.Statement,
            [.. draft.Items.Select(ToView)],
            draft.AuthorId,
            draft.CreatedAt,
            draft.LastEditedAt,
            draft.Revision,
            draft.Status,
            draft.BasedOnVersion,
            draft.PublishedAsVersion,
            new VisionQualityView(
                quality.MeetsAllCriteria,
                [.. quality.Criteria.Select(c => new VisionCriterionView(c.Criterion, c.Passed))],
                [.. quality.Findings.Select(f => new VisionFindingView(f.Criterion, f.Code, f.Message, f.Span is { } s ? new VisionTextSpanView(s.Start, s.Length) : null))]),
            [.. draft.Reviews.Select(ToView)],
            Decide(draft, now));
    }

    private static VisionDraftSummary ToSummary(VisionDraftRecord d) =>
        new(d.Id, d.Statement, d.Items.Count, d.AuthorId, d.CreatedAt, d.LastEditedAt, d.Revision, d.Status, d.BasedOnVersion, d.PublishedAsVersion, d.Reviews.Count);

    private static VisionReviewView ToView(VisionReviewRecord r) => new(r.Id, r.ReviewerId, r.Verdict, r.Comment, r.CreatedAt, r.DraftRevision);

    private static CultureObservationView ToView(CultureObservationRecord o) => new(o.Id, o.Text, o.Area, o.AuthorId, o.CreatedAt);

    private static VisionPurposeView ToView(VisionPurposeRecord p) => new(p.AspirationalPurpose, p.CommonPurpose, p.Revision, p.UpdatedAt, p.UpdatedBy);

    private static VisionPublishRuleView ToView(PublishRuleRecord r) => new(r.RequiredApprovals, r.RestPeriodHours, r.BlockOnChangesRequested, r.Revision);

    private static PublishedVision ToPublished(VisionVersionRecord v) =>
        new(v.Number, v.Statement, [.. v.Items.Select(ToView)], v.PublishedAt, v.PublishedBy, v.DraftId);

    private static VisionDocument ToDocument(VisionVersionRecord v) => new(v.Statement, [.. v.Items.Select(ToItem)]);

    private static VisionItemView ToView(VisionItemRecord i) => new(i.Id, i.Kind, i.ParentId, i.Text, i.Order);


    private static VisionItem ToItem(VisionItemRecord i) => new(i.Id, i.Kind, i.ParentId, i.Text, i.Order);

    private static VisionItemRecord ToRecord(VisionItem i) => new() { Id = i.Id, Kind = i.Kind, ParentId = i.ParentId, Text = i.Text, Order = i.Order };

    private static VisionItemRecord Copy(VisionItemRecord i) => new() { Id = i.Id, Kind = i.Kind, ParentId = i.ParentId, Text = i.Text, Order = i.Order };
}
