using ServiceVision.Grains;

namespace ServiceVision.Recognition.Abstractions;

/// <summary>
/// The recognitions of one organization given in one UTC month (key "{organizationId}/recognitions/{yyyy-MM}"),
/// with their reactions, comments and hiding. Sharded by month so no grain state grows with every
/// recognition ever given; the month is part of the recognition id. A change that moves a count is
/// stored with a numbered count change, which is then sent to the statistics grain in the same call
/// (and again before the next change if it was not confirmed); the statistics grain applies each once.
/// </summary>
public interface IRecognitionMonthGrain : IGrain
{
    /// <summary>Stores a validated recognition and publishes <c>RecognitionGiven</c>; a repeat of the same id returns the stored one and changes nothing.</summary>
    Task<RecognitionView> Add(NewRecognition recognition);

    /// <summary>A recognition as <paramref name="viewerId"/> sees it; null when there is none, or it is hidden and <paramref name="includeHidden"/> is false.</summary>
    [ReadOnly]
    Task<RecognitionView?> Find(string recognitionId, string viewerId, bool includeHidden);

    /// <summary>Visible recognitions matching <paramref name="filter"/>, newest first, skipping <paramref name="skip"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<RecognitionView>> Feed(FeedFilter filter, int skip, int take, string viewerId);

    /// <summary>Hidden recognitions, newest first, with who hid them, when and why.</summary>
    [ReadOnly]
    Task<IReadOnlyList<RecognitionView>> ListHidden(string viewerId);

    /// <summary>A leader hides a recognition: 404, 412 stale, 400 <c>reason</c>, 409 when hidden already.</summary>
    Task<RecognitionView> Hide(string recognitionId, string? reason, string leaderId, long expectedRevision);

    /// <summary>Adds the member's reaction of this kind, or removes it when they had it: 404 (also hidden), 400 <c>kind</c>.</summary>
    Task<ReactionsView> ToggleReaction(string recognitionId, string? kind, string memberId);

    /// <summary>Adds a comment: 404 (also hidden), 400 <c>text</c>, 409 past the comment limit.</summary>
    Task<CommentView> AddComment(string recognitionId, string? text, string authorId, string? authorName);

    /// <summary>Comments oldest first; 404 (also hidden).</summary>
    [ReadOnly]
    Task<IReadOnlyList<CommentView>> ListComments(string recognitionId);
}

/// <summary>Which feed: the organization (both null), a department or a location.</summary>
public sealed record FeedFilter(string? DepartmentId, string? LocationId)
{
    public static FeedFilter Organization { get; } = new(null, null);

    public bool Matches(string? departmentId, string? locationId) =>
        (DepartmentId is null || string.Equals(DepartmentId, departmentId, StringComparison.Ordinal))
        && (LocationId is null || string.Equals(LocationId, locationId, StringComparison.Ordinal));
}

/// <summary>A recognition checked by <c>RecognitionGiving</c>, ready to store; names and the member's department and location as they were when given.</summary>
public sealed record NewRecognition(
    string Id,
    string GivenBy,
    string? GivenByName,
    string MemberId,
    string MemberName,
    string? DepartmentId,
    string? LocationId,
    string Story,
    IReadOnlyList<string> PillarIds,
    IReadOnlyList<string> StandardIds,
    string? FeedbackResponseId,
    DateTimeOffset GivenAt);

/// <param name="Revision">Goes up when a leader hides it; the ETag.</param>
/// <param name="Hidden">Only leaders see hidden recognitions: who hid it, when and why.</param>
public sealed record RecognitionView(
    string Id,
    string MemberId,
    string MemberName,
    string GivenBy,
    string? GivenByName,
    string Story,
    IReadOnlyList<string> PillarIds,
    IReadOnlyList<string> StandardIds,
    string? DepartmentId,
    string? LocationId,
    string? FeedbackResponseId,
    DateTimeOffset GivenAt,
    IReadOnlyList<ReactionCount> Reactions,
    int CommentCount,
    long Revision,
    HiddenView? Hidden);

/// <param name="Mine">Whether the member asking reacted with this kind.</param>
public sealed record ReactionCount(string Kind, int Count, bool Mine);

public sealed record ReactionsView(string RecognitionId, string Kind, bool Reacted, IReadOnlyList<ReactionCount> Reactions);

public sealed record HiddenView(string HiddenBy, DateTimeOffset HiddenAt, string Reason);

public sealed record CommentView(string Id, string RecognitionId, string AuthorId, string? AuthorName, string Text, DateTimeOffset CreatedAt);
