using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Visions;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Vision;

/// <summary>One row of the item editor as the form posts it.</summary>
public sealed class DraftItemForm
{
    public string? Id { get; set; }

    public string? Kind { get; set; }

    public string? ParentId { get; set; }

    public string? Text { get; set; }
}

/// <summary>
/// The draft editor: statement and items (PUT /api/v1/vision/drafts/{id}), quality findings as you
/// type (<see cref="VisionQualityCheck"/>, the check the grain runs), reviews and publishing.
/// </summary>
public sealed partial class DraftModel(IAuditLog audit) : AppPageModel
{
    private const int EmptyRows = 3;
    private Dictionary<string, string> names = new(StringComparer.Ordinal);

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public VisionDraftView? Draft { get; private set; }

    public VisionQualityView? Quality { get; private set; }

    [BindProperty]
    public long Revision { get; set; }

    [BindProperty]
    public string? Statement { get; set; }

    [BindProperty]
    public List<DraftItemForm> Items { get; set; } = [];

    [BindProperty]
    public string? Verdict { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public string NameOf(string memberId) => names.TryGetValue(memberId, out var name) ? name : "A former member";

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Statement = Draft!.Statement;
        Items = [.. Draft.Items.Select(i => new DraftItemForm { Id = i.Id, Kind = i.Kind.ToString(), ParentId = i.ParentId, Text = i.Text })];
        AddEmptyRows();
    }

    /// <summary>The statement's findings as the user types (the same check as the saved draft's).</summary>
    public JsonResult OnGetFindings()
    {
        var statement = Request.Query["statement"].FirstOrDefault();
        var report = VisionQualityCheck.Evaluate((statement ?? "").Length > VisionDocumentValidator.MaxStatementLength ? statement![..VisionDocumentValidator.MaxStatementLength] : statement ?? "");
        return new JsonResult(new
        {
            meetsAllCriteria = report.MeetsAllCriteria,
            findings = report.Findings.Select(f => new { criterion = f.Criterion.ToString(), code = f.Code, message = f.Message }),
        });
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        Require(MemberRole.Leader);
        // Rows left empty are not items; errors name the items as sent, so map them back to rows.
        var rows = Items.Select((row, index) => (row, index)).Where(r => !string.IsNullOrWhiteSpace(r.row.Text) || !string.IsNullOrWhiteSpace(r.row.Id)).ToList();
        var input = rows.Select(r => (VisionItemInput?)new VisionItemInput(
            string.IsNullOrWhiteSpace(r.row.Id) ? null : r.row.Id,
            r.row.Kind,
            string.IsNullOrWhiteSpace(r.row.ParentId) ? null : r.row.ParentId,
            r.row.Text ?? "",
            null)).ToList();
        try
        {
            await Vision.UpdateDraft(Id, new VisionDraftInput(Statement ?? "", input, null), Me.MemberId, Revision);
            Notice = "Draft saved.";
            return Redirect(Request.Path);
        }
        catch (ValidationFailedException e)
        {
            var remapped = e.Errors.Select(error => error with
            {
                Field = ItemIndex().Replace(error.Field, m => $"items[{rows[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].index}]", 1),
            }).ToList();
            AddErrors(new ValidationFailedException(remapped));
        }
        catch (ApiException e) when (e is ConflictException or PreconditionFailedException)
        {
            AddErrors(e);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostReviewAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAndStayAsync(
            async () =>
            {
                ValidationFailedException.ThrowIfAny(VisionWorkshopRules.ValidateReview(Verdict, Comment, out var verdict));
                await Vision.AddReview(Id, new NewVisionReview(verdict, string.IsNullOrWhiteSpace(Comment) ? null : Comment), Me.MemberId, Revision);
                return "Review sent.";
            },
            LoadForRedisplayAsync);
    }

    public async Task<IActionResult> OnPostPublishAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAsync(
            async () =>
            {
                var outcome = await Vision.Publish(Id, Me.MemberId, Revision);
                if (outcome.Version is not { } version)
                {
                    throw new ConflictException("The draft can't be published yet: " + string.Join("; ", outcome.Reasons) + ".");
                }

                await audit.RecordAsync(Me, AuditKind.VisionPublished, Id, $"Draft published as vision version {version.Number}.");
                Notice = $"Published as version {version.Number}.";
                return Redirect("/app/vision");
            },
            LoadForRedisplayAsync);
    }

    private async Task LoadForRedisplayAsync()
    {
        await LoadAsync();
        Statement = Draft!.Statement;
        Items = [.. Draft.Items.Select(i => new DraftItemForm { Id = i.Id, Kind = i.Kind.ToString(), ParentId = i.ParentId, Text = i.Text })];
        AddEmptyRows();
    }

    private async Task LoadAsync()
    {
        Draft = await Vision.GetDraft(Id);
        Quality = Draft.Quality;
        names = (await Organization.ListMembers()).ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        if (Statement is not null && Statement != Draft.Statement)
        {
            // Show the findings of what the user typed, not of the saved statement.
            var report = VisionQualityCheck.Evaluate(Statement.Length > VisionDocumentValidator.MaxStatementLength ? Statement[..VisionDocumentValidator.MaxStatementLength] : Statement);
            Quality = new VisionQualityView(
                report.MeetsAllCriteria,
                [.. report.Criteria.Select(c => new VisionCriterionView(c.Criterion, c.Passed))],
                [.. report.Findings.Select(f => new VisionFindingView(f.Criterion, f.Code, f.Message, null))]);
        }
    }

    private void AddEmptyRows()
    {
        for (var i = 0; i < EmptyRows; i++)
        {
            Items.Add(new DraftItemForm { Kind = nameof(VisionItemKind.Pillar) });
        }
    }

    [GeneratedRegex(@"^items\[(\d+)\]")]
    private static partial Regex ItemIndex();
}
