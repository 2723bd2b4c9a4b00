using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Recognition;
using ServiceVision.Recognition.Abstractions;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Celebrations;

/// <summary>
/// One celebration (GET /api/v1/celebrations/{id}) with its honourees; leaders nominate a recognition
/// (POST …/nominations), take a nomination back (DELETE …/nominations/{recognitionId}) and hold it
/// (POST …/hold), each with the revision the page was loaded with.
/// </summary>
public sealed class DetailModel : AppPageModel
{
    private const int Candidates = 50;
    private Dictionary<string, string> names = new(StringComparer.Ordinal);

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public CelebrationView? Celebration { get; private set; }

    /// <summary>The honoured recognitions, by id (missing when hidden since).</summary>
    public IReadOnlyDictionary<string, RecognitionView> Honoured { get; private set; } = new Dictionary<string, RecognitionView>();

    /// <summary>Recent recognitions a leader may nominate.</summary>
    public IReadOnlyList<RecognitionView> Nominable { get; private set; } = [];

    [BindProperty]
    public long Revision { get; set; }

    [BindProperty]
    public string? RecognitionId { get; set; }

    public string NameOf(string? memberId) => memberId is not null && names.TryGetValue(memberId, out var name) ? name : "a former member";

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostNominateAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAndStayAsync(
            async () =>
            {
                await Celebrations.Nominate(Id, RecognitionId, Revision, Me.MemberId);
                return "Nominated.";
            },
            LoadAsync);
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAndStayAsync(
            async () =>
            {
                await Celebrations.RemoveNomination(Id, RecognitionId ?? "", Revision);
                return "The nomination is taken back.";
            },
            LoadAsync);
    }

    public async Task<IActionResult> OnPostHoldAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAndStayAsync(
            async () =>
            {
                var held = await Celebrations.Hold(Id, Revision, Me.MemberId);
                return $"\"{held.Title}\" is held: {held.Honourees.Count} honouree(s) celebrated.";
            },
            LoadAsync);
    }

    private ICelebrationsGrain Celebrations => Grains.GetGrain<ICelebrationsGrain>(RecognitionKeys.Celebrations(Me.OrganizationId));

    private async Task LoadAsync()
    {
        Celebration = await Celebrations.GetCelebration(Id);
        names = (await Organization.ListMembers()).ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        var honoured = new Dictionary<string, RecognitionView>(StringComparer.Ordinal);
        foreach (var honouree in Celebration.Honourees)
        {
            if (await RecognitionGiving.MonthOf(Grains, Me.OrganizationId, honouree.RecognitionId).Find(honouree.RecognitionId, Me.MemberId, includeHidden: false) is { } recognition)
            {
                honoured[recognition.Id] = recognition;
            }
        }

        Honoured = honoured;
        if (IsLeader && Celebration.Status == CelebrationStatus.Scheduled)
        {
            // The newest recognitions, month by month, as the feed shows them.
            var statistics = Grains.GetGrain<IRecognitionStatisticsGrain>(RecognitionKeys.Statistics(Me.OrganizationId));
            var feed = new List<RecognitionView>();
            foreach (var month in await statistics.Months(FeedFilter.Organization))
            {
                if (feed.Count >= Candidates)
                {
                    break;
                }

                feed.AddRange(await Grains.GetGrain<IRecognitionMonthGrain>(RecognitionKeys.Month(Me.OrganizationId, month.Month)).Feed(FeedFilter.Organization, 0, Candidates - feed.Count, Me.MemberId));
            }

            Nominable = [.. feed.Where(r => !honoured.ContainsKey(r.Id))];
        }
    }
}
