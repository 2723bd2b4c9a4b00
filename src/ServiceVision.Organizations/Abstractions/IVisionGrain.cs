using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Visions;
using ServiceVision.Grains;

namespace ServiceVision.Organizations.Abstractions;

/// <summary>
/// The vision workshop of one organization (key "{organizationId}/vision"): purpose, culture
/// observations, drafts and their reviews, the publishing rule and the published versions.
/// Member ids passed in are the caller's, as authenticated at the edge; roles are checked there
/// too, except where a rule depends on the data (who may delete an observation).
/// </summary>
public interface IVisionGrain : IGrain
{
    /// <summary>The latest published version, or null while nothing is published.</summary>
    [ReadOnly]
    Task<PublishedVision?> GetCurrentVersion();

    /// <summary>The aspirational and common purpose (empty texts at revision 0 until someone writes them).</summary>
    [ReadOnly]
    Task<VisionPurposeView> GetPurpose();

    /// <summary>Replaces both purpose texts if <paramref name="expectedRevision"/> is current (412 otherwise).</summary>
    Task<VisionPurposeView> UpdatePurpose(VisionPurposeChange change, string memberId, long expectedRevision);

    /// <summary>Records a culture observation; 409 at <see cref="VisionWorkshopRules.MaxObservations"/>.</summary>
    Task<CultureObservationView> AddObservation(NewCultureObservation observation, string authorId);

    /// <summary>Observations, newest first.</summary>
    [ReadOnly]
    Task<PagedList<CultureObservationView>> ListObservations(PageRequest page);

    /// <summary>One observation; 404 if unknown.</summary>
    [ReadOnly]
    Task<CultureObservationView> GetObservation(string observationId);

    /// <summary>Deletes an observation; only its author or a leader may (403), 404 if unknown.</summary>
    Task DeleteObservation(string observationId, string memberId, MemberRole role);

    /// <summary>Starts a draft (400 on invalid items, 409 at <see cref="VisionWorkshopRules.MaxOpenDrafts"/> open drafts).</summary>
    Task<VisionDraftView> CreateDraft(VisionDraftInput input, string authorId);

    /// <summary>Drafts of every status, newest first.</summary>
    [ReadOnly]
    Task<PagedList<VisionDraftSummary>> ListDrafts(PageRequest page);

    /// <summary>One draft with its quality check, reviews and publish decision as of now; 404 if unknown.</summary>
    [ReadOnly]
    Task<VisionDraftView> GetDraft(string draftId);

    /// <summary>
    /// Edits an open draft (409 otherwise) if <paramref name="expectedRevision"/> is current (412). Missing
    /// statement, items or basedOnVersion keep the draft's. An edit that changes nothing is not an edit.
    /// </summary>
    Task<VisionDraftView> UpdateDraft(string draftId, VisionDraftInput input, string memberId, long expectedRevision);

    /// <summary>Discards an open draft (409 otherwise) if <paramref name="expectedRevision"/> is current (412).</summary>
    Task DiscardDraft(string draftId, string memberId, long expectedRevision);

    /// <summary>
    /// Records a review of an open draft (409 otherwise; 409 at <see cref="VisionWorkshopRules.MaxReviewsPerDraft"/>).
    /// When <paramref name="expectedRevision"/> is given it must be the draft's revision (412), so a verdict
    /// can't land on a version the reviewer did not read.
    /// </summary>
    Task<VisionReviewView> AddReview(string draftId, NewVisionReview review, string reviewerId, long? expectedRevision);

    /// <summary>
    /// Publishes an open draft as the next version when the publish rule allows it; otherwise returns the
    /// reasons and changes nothing. 409 when the draft is not open, 412 on a stale <paramref name="expectedRevision"/>.
    /// </summary>
    Task<VisionPublishOutcome> Publish(string draftId, string memberId, long? expectedRevision);

    /// <summary>The rule drafts must meet to be published (<see cref="PublishRule.Default"/> at revision 0 until changed).</summary>
    [ReadOnly]
    Task<VisionPublishRuleView> GetPublishRule();

    /// <summary>Replaces the publish rule if <paramref name="expectedRevision"/> is current (412).</summary>
    Task<VisionPublishRuleView> UpdatePublishRule(VisionPublishRuleChange change, string memberId, long expectedRevision);

    /// <summary>Published versions, newest first.</summary>
    [ReadOnly]
    Task<PagedList<VisionVersionSummary>> ListVersions(PageRequest page);

    /// <summary>One published version; 404 if there is no such number.</summary>
    [ReadOnly]
    Task<PublishedVision> GetVersion(int number);

    /// <summary>What version <paramref name="number"/> changed against the one before it (version 1: everything is added); 404 if unknown.</summary>
    [ReadOnly]
    Task<VisionVersionChanges> GetVersionChanges(int number);
}

/// <summary>One item of a vision (pillar, sub-pillar, standard, never or always); its id is stable across versions.</summary>
public sealed record VisionItemView(string Id, VisionItemKind Kind, string? ParentId, string Text, int Order)
{
    public static VisionItemView Of(VisionItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Id, item.Kind, item.ParentId, item.Text, item.Order);
    }
}

/// <summary>An immutable, numbered published version of the vision.</summary>
public sealed record PublishedVision(
    int Number,
    string Statement,
    IReadOnlyList<VisionItemView> Items,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    string DraftId);

/// <summary>Why the organization exists (aspirational purpose) and the Why that wins over everything else (common purpose).</summary>
public sealed record VisionPurposeView(string AspirationalPurpose, string CommonPurpose, long Revision, DateTimeOffset? UpdatedAt, string? UpdatedBy);

public sealed record VisionPurposeChange(string AspirationalPurpose, string CommonPurpose);

/// <summary>A culture observation: how work is really done today (step 1 of the improvement plan).</summary>
public sealed record CultureObservationView(string Id, string Text, string? Area, string AuthorId, DateTimeOffset CreatedAt);

public sealed record NewCultureObservation(string Text, string? Area);

/// <summary>A draft as a request describes it; null fields mean "as before" (or, on create, "as in the based-on version").</summary>
public sealed record VisionDraftInput(string? Statement, IReadOnlyList<VisionItemInput?>? Items, int? BasedOnVersion);

public enum VisionDraftStatus
{
    Open,
    Published,
    Discarded,
}

/// <summary>A draft with everything a reviewer needs: its items, the quality check of its statement, its reviews and whether it may be published now.</summary>
public sealed record VisionDraftView(
    string Id,
    string Statement,
    IReadOnlyList<VisionItemView> Items,
    string AuthorId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastEditedAt,
    long Revision,
    VisionDraftStatus Status,
    int? BasedOnVersion,
    int? PublishedAsVersion,
    VisionQualityView Quality,
    IReadOnlyList<VisionReviewView> Reviews,
    VisionPublishDecisionView PublishDecision);

/// <summary>A draft in a list: enough to pick one.</summary>
public sealed record VisionDraftSummary(
    string Id,
    string Statement,
    int ItemCount,
    string AuthorId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastEditedAt,
    long Revision,
    VisionDraftStatus Status,
    int? BasedOnVersion,
    int? PublishedAsVersion,
    int ReviewCount);

/// <summary><see cref="VisionQualityReport"/> as the API shows it.</summary>
public sealed record VisionQualityView(bool MeetsAllCriteria, IReadOnlyList<VisionCriterionView> Criteria, IReadOnlyList<VisionFindingView> Findings);

public sealed record VisionCriterionView(VisionCriterion Criterion, bool Passed);

/// <summary>One finding; <see cref="Span"/> points into the statement (UTF-16 code units) when the finding is about a part of it.</summary>
public sealed record VisionFindingView(VisionCriterion Criterion, string Code, string Message, VisionTextSpanView? Span);

public sealed record VisionTextSpanView(int Start, int Length);

/// <summary>A review; <see cref="DraftRevision"/> is the revision of the draft it was given on.</summary>
public sealed record VisionReviewView(string Id, string ReviewerId, ReviewVerdict Verdict, string? Comment, DateTimeOffset CreatedAt, long DraftRevision);

public sealed record NewVisionReview(ReviewVerdict Verdict, string? Comment);

public sealed record VisionPublishDecisionView(bool CanPublish, IReadOnlyList<string> Reasons);

/// <summary>The new version, or (when <see cref="Version"/> is null) why the draft may not be published.</summary>
public sealed record VisionPublishOutcome(PublishedVision? Version, IReadOnlyList<string> Reasons);

/// <summary>The publish rule as the API shows it (rest in whole hours).</summary>
public sealed record VisionPublishRuleView(int RequiredApprovals, int RestPeriodHours, bool BlockOnChangesRequested, long Revision);

public sealed record VisionPublishRuleChange(int RequiredApprovals, int RestPeriodHours, bool BlockOnChangesRequested);

/// <summary>A published version in a list.</summary>
public sealed record VisionVersionSummary(int Number, string Statement, int ItemCount, DateTimeOffset PublishedAt, string PublishedBy, string DraftId);

/// <summary>What a version changed against the one before it, items matched by their stable ids.</summary>
/// <param name="Changed">Fields are named as in the item JSON: kind, text, parentId, order.</param>
public sealed record VisionVersionChanges(
    int Number,
    int? PreviousNumber,
    bool StatementChanged,
    IReadOnlyList<VisionItemView> Added,
    IReadOnlyList<VisionItemChangeView> Changed,
    IReadOnlyList<VisionItemView> Removed);

public sealed record VisionItemChangeView(string Id, IReadOnlyList<string> Fields, VisionItemView Previous, VisionItemView Next)
{
    /// <summary>The view of a change between two versions, naming the changed fields as in the item JSON.</summary>
    public static VisionItemChangeView Of(VisionItemChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.Id, FieldNames(change.Fields), VisionItemView.Of(change.Previous), VisionItemView.Of(change.Next));
    }

    private static List<string> FieldNames(VisionItemFields fields)
    {
        var names = new List<string>();
        if (fields.HasFlag(VisionItemFields.Kind))
        {
            names.Add("kind");
        }

        if (fields.HasFlag(VisionItemFields.Text))
        {
            names.Add("text");
        }

        if (fields.HasFlag(VisionItemFields.Parent))
        {
            names.Add("parentId");
        }

        if (fields.HasFlag(VisionItemFields.Order))
        {
            names.Add("order");
        }

        return names;
    }
}
