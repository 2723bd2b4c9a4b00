using Microsoft.AspNetCore.Mvc;
using ServiceVision.Domain.Recognition;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Recognition;
using ServiceVision.Recognition.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Recognition;

/// <summary>
/// Giving a recognition (POST /api/v1/recognitions, through the same <see cref="RecognitionGiving"/>),
/// the organization's latest recognitions with their reactions and comments (POST
/// /api/v1/recognitions/{id}/reactions and …/comments, GET …/comments: the same month grain), and for
/// leaders the count per pillar as a chart (GET /api/v1/recognitions/statistics).
/// </summary>
public sealed class IndexModel(TimeProvider time) : AppPageModel
{
    private const int FeedSize = 20;
    private const int CommentsShown = 20;

    public IReadOnlyList<PillarRef>? Pillars { get; private set; }

    public IReadOnlyList<MemberView>? Colleagues { get; private set; }

    public IReadOnlyList<RecognitionView>? Feed { get; private set; }

    public IReadOnlyList<(string Label, int Value)>? ByPillar { get; private set; }

    /// <summary>The latest comments of each recognition in the feed that has any, oldest first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CommentView>> Comments { get; private set; } = new Dictionary<string, IReadOnlyList<CommentView>>();

    /// <summary>The recognition a reaction or comment was posted on (its refusal shows next to it).</summary>
    [BindProperty]
    public string? RecognitionId { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? CommentText { get; set; }

    [BindProperty]
    public string? MemberId { get; set; }

    [BindProperty]
    public string? Story { get; set; }

    [BindProperty]
    public List<string> PillarIds { get; set; } = [];

    public string PillarName(string id) => Pillars?.FirstOrDefault(p => p.Id == id)?.Text ?? "a former pillar";

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync() =>
        await SubmitAndStayAsync(
            async () =>
            {
                var recognition = await RecognitionGiving.GiveAsync(Grains, Me.OrganizationId, Me.MemberId, new RecognitionInput(MemberId, Story, [.. PillarIds], null, null), time.GetUtcNow());
                return $"{recognition.MemberName} is recognized.";
            },
            LoadAsync);

    public async Task<IActionResult> OnPostReactAsync() =>
        await SubmitAsync(
            async () =>
            {
                await RecognitionGiving.MonthOf(Grains, Me.OrganizationId, RecognitionId ?? "").ToggleReaction(RecognitionId!, Kind, Me.MemberId);
                return Redirect(Request.Path + "#r-" + RecognitionId);
            },
            LoadAsync);

    public async Task<IActionResult> OnPostCommentAsync() =>
        await SubmitAsync(
            async () =>
            {
                var month = RecognitionGiving.MonthOf(Grains, Me.OrganizationId, RecognitionId ?? "");
                var author = await Organization.FindMember(Me.MemberId);
                await month.AddComment(RecognitionId!, CommentText, Me.MemberId, author?.Name);
                Notice = "Comment added.";
                return Redirect(Request.Path + "#r-" + RecognitionId);
            },
            LoadAsync);

    private async Task LoadAsync()
    {
        Pillars = await RecognitionGiving.PillarsAsync(Grains, Me.OrganizationId);
        Colleagues = [.. (await Organization.ListMembers()).Where(m => m.Id != Me.MemberId)];

        // The newest recognitions, month by month (newest month first) until the page is full.
        var statistics = Grains.GetGrain<IRecognitionStatisticsGrain>(RecognitionKeys.Statistics(Me.OrganizationId));
        var feed = new List<RecognitionView>();
        foreach (var month in await statistics.Months(FeedFilter.Organization))
        {
            if (feed.Count >= FeedSize)
            {
                break;
            }

            feed.AddRange(await Grains.GetGrain<IRecognitionMonthGrain>(RecognitionKeys.Month(Me.OrganizationId, month.Month)).Feed(FeedFilter.Organization, 0, FeedSize - feed.Count, Me.MemberId));
        }

        Feed = feed;
        var comments = new Dictionary<string, IReadOnlyList<CommentView>>(StringComparer.Ordinal);
        foreach (var recognition in feed.Where(r => r.CommentCount > 0))
        {
            var all = await RecognitionGiving.MonthOf(Grains, Me.OrganizationId, recognition.Id).ListComments(recognition.Id);
            comments[recognition.Id] = [.. all.TakeLast(CommentsShown)];
        }

        Comments = comments;
        if (IsLeader)
        {
            var counts = (await statistics.GetStatistics()).ByPillar.ToDictionary(c => c.Id, c => c.Count, StringComparer.Ordinal);
            ByPillar = [.. Pillars.Select(p => (p.Text, counts.GetValueOrDefault(p.Id)))];
        }
    }
}
