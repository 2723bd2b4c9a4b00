using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.Plan;
using ServiceVision.Domain.Recognition;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Recognition;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Empowerment;

/// <summary>One example row of the guideline form.</summary>
public sealed class ExampleForm
{
    public string? PillarId { get; set; }

    public string? Text { get; set; }
}

/// <summary>
/// Step 6 of the plan, empowerment: what each role may do on its own (GET /api/v1/empowerment/guidelines),
/// recording a recovery (POST …/recoveries, as the caller's role), and for leaders a role's guideline
/// (PUT …/guidelines/{role} with the revision the page was loaded with) and the recoveries awaiting
/// their approval (POST …/recoveries/{id}/decision). The empowerment grain checks everything
/// (<see cref="EmpowermentRules"/>).
/// </summary>
public sealed partial class IndexModel : AppPageModel
{
    private const int ExampleRows = 2;
    private const int AwaitingShown = 50;

    public IReadOnlyList<GuidelineView> Guidelines { get; private set; } = [];

    public IReadOnlyList<PillarRef> Pillars { get; private set; } = [];

    public IReadOnlyList<RecoveryView> Awaiting { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    // ---- recording a recovery ----

    [BindProperty]
    public string? WhatHappened { get; set; }

    [BindProperty]
    public string? WhatWasDone { get; set; }

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Currency { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? Touchpoint { get; set; }

    // ---- a role's guideline (leaders) ----

    /// <summary>The role whose guideline the form edits.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    [BindProperty]
    public long Revision { get; set; }

    [BindProperty]
    public string? RefundAmount { get; set; }

    [BindProperty]
    public string? RefundCurrency { get; set; }

    /// <summary>One gesture per line.</summary>
    [BindProperty]
    public string? Gestures { get; set; }

    [BindProperty]
    public List<ExampleForm> Examples { get; set; } = [];

    [BindProperty]
    public string? Notes { get; set; }

    // ---- a decision (leaders) ----

    [BindProperty]
    public string? RecoveryRecordId { get; set; }

    [BindProperty]
    public string? Decision { get; set; }

    public MemberRole EditedRole => MemberRules.TryParseRole(Role, out var role) ? role : MemberRole.Employee;

    public async Task OnGetAsync()
    {
        await LoadAsync();
        FillGuidelineForm();
    }

    public async Task<IActionResult> OnPostRecoveryAsync() =>
        await SubmitAndStayAsync(
            async () =>
            {
                var input = new RecoveryInput(WhatHappened, WhatWasDone, Money(Amount, Currency), Outcome, Touchpoint, null);
                var recovery = await Empowerment.RecordRecovery(input, Me.MemberId, Me.Role);
                return recovery.Status == RecoveryStatus.AwaitingApproval
                    ? "Recovery recorded; the amount is above what your role may spend alone, so it awaits a leader's approval."
                    : "Recovery recorded. Thank you for putting it right.";
            },
            async () =>
            {
                await LoadAsync();
                FillGuidelineForm();
            });

    public async Task<IActionResult> OnPostGuidelineAsync()
    {
        Require(MemberRole.Leader);
        if (!MemberRules.TryParseRole(Role, out var role))
        {
            return NotFound();
        }

        return await SubmitAsync(
            async () =>
            {
                // Rows left empty are not examples; the rules name examples as sent, so map them back to rows.
                var rows = Examples.Select((row, index) => (row, index)).Where(r => !string.IsNullOrWhiteSpace(r.row.Text) || !string.IsNullOrWhiteSpace(r.row.PillarId)).ToList();
                var gestures = (Gestures ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var input = new GuidelineInput(
                    Money(RefundAmount, RefundCurrency),
                    [.. gestures],
                    [.. rows.Select(r => (GuidelineExampleInput?)new GuidelineExampleInput(r.row.PillarId, r.row.Text))],
                    Notes);
                try
                {
                    await Empowerment.SetGuideline(role, input, Revision, Me.MemberId);
                }
                catch (ValidationFailedException e)
                {
                    throw new ValidationFailedException([.. e.Errors.Select(error => error with
                    {
                        Field = ExampleIndex().Replace(error.Field, m => $"examples[{rows[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)].index}]", 1),
                    })]);
                }

                Notice = $"The {role} guideline is saved.";
                return Redirect(Request.Path + "?role=" + role);
            },
            async () =>
            {
                await LoadAsync();
                while (Examples.Count < ExampleRows)
                {
                    Examples.Add(new ExampleForm());
                }
            });
    }

    public async Task<IActionResult> OnPostDecideAsync()
    {
        Require(MemberRole.Leader);
        return await SubmitAndStayAsync(
            async () =>
            {
                var approve = Decision switch
                {
                    "Approve" => true,
                    "Decline" => false,
                    _ => throw new ValidationFailedException("decision", "The decision is Approve or Decline."),
                };
                await Empowerment.Decide(RecoveryRecordId ?? "", approve, null, Me.MemberId, Revision);
                return approve ? "Recovery approved." : "Recovery declined.";
            },
            async () =>
            {
                await LoadAsync();
                FillGuidelineForm();
            });
    }

    public string PillarName(string id) => Pillars.FirstOrDefault(p => p.Id == id)?.Text ?? "a former pillar";

    private IEmpowermentGrain Empowerment => Grains.GetGrain<IEmpowermentGrain>(PlanKeys.Empowerment(Me.OrganizationId));

    /// <summary>Money as the form sent it; both fields empty is no amount. A number that cannot be read reaches the rules as missing.</summary>
    private static MoneyInput? Money(string? amount, string? currency)
    {
        if (string.IsNullOrWhiteSpace(amount) && string.IsNullOrWhiteSpace(currency))
        {
            return null;
        }

        decimal? value = decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return new MoneyInput(value, string.IsNullOrWhiteSpace(currency) ? null : currency.Trim());
    }

    private void FillGuidelineForm()
    {
        var current = Guidelines.FirstOrDefault(g => g.Role == EditedRole);
        Role = EditedRole.ToString();
        Revision = current?.Revision ?? 0;
        RefundAmount = current?.RefundLimit?.Amount.ToString(CultureInfo.InvariantCulture);
        RefundCurrency = current?.RefundLimit?.Currency;
        Gestures = current is null ? null : string.Join("\n", current.Gestures);
        Notes = current?.Notes;
        Examples = [.. (current?.Examples ?? []).Select(e => new ExampleForm { PillarId = e.PillarId, Text = e.Text })];
        for (var i = 0; i < ExampleRows; i++)
        {
            Examples.Add(new ExampleForm());
        }
    }

    private async Task LoadAsync()
    {
        Guidelines = await Empowerment.ListGuidelines();
        Pillars = await RecognitionGiving.PillarsAsync(Grains, Me.OrganizationId);
        if (IsLeader)
        {
            Awaiting = (await Empowerment.ListRecoveries(RecoveryStatus.AwaitingApproval, new PageRequest(1, AwaitingShown))).Items;
            Names = (await Organization.ListMembers()).ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        }
    }

    [GeneratedRegex(@"^examples\[(\d+)\]")]
    private static partial Regex ExampleIndex();
}
