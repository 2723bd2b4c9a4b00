using ServiceVision.Domain.Members;
using ServiceVision.Domain.Networks;
using ServiceVision.Domain.Visions;

namespace ServiceVision.Domain.Tests.Networks;

public sealed class AuditRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static AuditChecklistItemInput Item(string id, string text = "Greet every guest", int? weight = null, bool? critical = null) => new(text, id, weight, critical);

    private static string[] Fields(IReadOnlyList<ValidationError> errors) => [.. errors.Select(e => e.Field)];

    [Fact]
    public void A_checklist_is_trimmed_and_gets_weight_1_and_not_critical_by_default()
    {
        var (checklist, errors) = AuditRules.ValidateChecklist(new(" Opening audit ", [Item("s-greet", " Greet every guest "), Item("n-phone", "No phones at the desk", 5, true)]));

        Assert.Empty(errors);
        Assert.Equal("Opening audit", checklist!.Name);
        Assert.Equal([new AuditChecklistItem("s-greet", "Greet every guest", 1, false), new AuditChecklistItem("n-phone", "No phones at the desk", 5, true)], checklist.Items);
    }

    [Fact]
    public void Name_and_items_are_required_and_items_are_1_to_100()
    {
        Assert.Equal(["name", "items"], Fields(AuditRules.ValidateChecklist(new(null, null)).Errors));
        Assert.Equal(["items"], Fields(AuditRules.ValidateChecklist(new("Audit", [])).Errors));
        var many = Enumerable.Range(0, 101).Select(i => (AuditChecklistItemInput?)Item("s-" + i)).ToList();
        Assert.Equal(["items"], Fields(AuditRules.ValidateChecklist(new("Audit", many)).Errors));
        Assert.Empty(AuditRules.ValidateChecklist(new("Audit", many[..100])).Errors);
    }

    [Fact]
    public void Each_item_field_at_fault_is_named_by_its_index()
    {
        var (checklist, errors) = AuditRules.ValidateChecklist(new("Audit",
        [
            Item("s-1"),
            null,
            new AuditChecklistItemInput(" ", null, 0, null),
            Item("s-4", new string('t', 301), weight: 6),
            Item("bad id!"),
            Item("s-1"),
        ]));

        Assert.Null(checklist);
        Assert.Equal(
            ["items[1]", "items[2].text", "items[2].visionItemId", "items[2].weight", "items[3].text", "items[3].weight", "items[4].visionItemId", "items[5].visionItemId"],
            Fields(errors));
        Assert.Contains("items[0]", errors[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checklist_items_must_point_at_standards_nevers_or_alwayses_of_the_published_vision()
    {
        var kinds = new Dictionary<string, VisionItemKind> { ["p"] = VisionItemKind.Pillar, ["sp"] = VisionItemKind.SubPillar, ["s"] = VisionItemKind.Standard, ["n"] = VisionItemKind.Never, ["a"] = VisionItemKind.Always };
        var (checklist, _) = AuditRules.ValidateChecklist(new("Audit", [Item("s"), Item("p"), Item("n"), Item("gone"), Item("a"), Item("sp")]));

        var errors = AuditRules.CheckVisionItems(checklist!, id => kinds.TryGetValue(id, out var kind) ? kind : null);

        Assert.Equal(["items[1].visionItemId", "items[3].visionItemId", "items[5].visionItemId"], Fields(errors));
    }

    [Fact]
    public void A_visit_needs_a_checklist_and_a_result_per_item_with_passed_said_explicitly()
    {
        Assert.Equal(["checklistId", "results"], Fields(AuditRules.ValidateVisit(new(null, null, null), Now).Errors));
        var (_, errors) = AuditRules.ValidateVisit(new("chk_1", null, [null, new AuditResultInput("s-1", null, null), new AuditResultInput(null, true, new string('n', 501)), new AuditResultInput("s-2", false, "Line one\nline two")]), Now);

        Assert.Equal(["results[0]", "results[1].passed", "results[2].itemId", "results[2].note"], Fields(errors));
    }

    [Fact]
    public void A_visit_is_now_by_default_never_in_the_future_and_at_most_90_days_back()
    {
        var input = new AuditVisitInput("chk_1", null, [new AuditResultInput("s-1", true, "  ")]);

        var (visit, _) = AuditRules.ValidateVisit(input, Now);
        Assert.Equal(Now, visit!.VisitedAt);
        Assert.Null(visit.Results[0].Note);
        Assert.Empty(AuditRules.ValidateVisit(input with { VisitedAt = Now.AddMinutes(4) }, Now).Errors);
        Assert.Equal(["visitedAt"], Fields(AuditRules.ValidateVisit(input with { VisitedAt = Now.AddHours(1) }, Now).Errors));
        Assert.Empty(AuditRules.ValidateVisit(input with { VisitedAt = Now.AddDays(-90) }, Now).Errors);
        Assert.Equal(["visitedAt"], Fields(AuditRules.ValidateVisit(input with { VisitedAt = Now.AddDays(-91) }, Now).Errors));
    }

    [Fact]
    public void Every_checklist_item_is_answered_exactly_once()
    {
        AuditChecklistItem[] items = [new("s-1", "One", 1, false), new("s-2", "Two", 1, false), new("s-3", "Three", 1, true)];

        Assert.Empty(AuditRules.MatchResults(items, [new("s-3", true, null), new("s-1", false, null), new("s-2", true, null)]));
        var errors = AuditRules.MatchResults(items, [new("s-1", true, null), new("s-9", true, null), new("s-1", false, null)]);

        Assert.Equal(["results[1].itemId", "results[2].itemId", "results"], Fields(errors));
        Assert.Contains("s-2, s-3", errors[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outcomes_follow_the_checklist_order_with_its_weights()
    {
        AuditChecklistItem[] items = [new("s-1", "One", 3, false), new("s-2", "Two", 1, true)];

        Assert.Equal([new AuditItemOutcome(3, false, false), new AuditItemOutcome(1, true, true)], AuditRules.Outcomes(items, [new("s-2", true, null), new("s-1", false, null)]));
    }

    [Fact]
    public void A_refresher_is_for_every_failed_item_and_role_unless_named()
    {
        Assert.Equal(new AuditRefresherDraft(null, null), AuditRules.ValidateRefresher(null).Refresher);
        var (refresher, errors) = AuditRules.ValidateRefresher(new(["s-1", "s-1", "n-2"], "employee"));

        Assert.Empty(errors);
        Assert.Equal(["s-1", "n-2"], refresher!.ItemIds);
        Assert.Equal(MemberRole.Employee, refresher.Role);
    }

    [Theory]
    [InlineData("Owner")]
    [InlineData("Manager")]
    [InlineData("1")]
    public void A_refresher_is_for_employees_or_leaders_only(string role) =>
        Assert.Equal(["role"], Fields(AuditRules.ValidateRefresher(new(null, role)).Errors));

    [Fact]
    public void Refresher_item_ids_are_1_to_100_well_formed_ids()
    {
        Assert.Equal(["itemIds"], Fields(AuditRules.ValidateRefresher(new([], null)).Errors));
        Assert.Equal(["itemIds[1]"], Fields(AuditRules.ValidateRefresher(new(["s-1", "<bad>"], null)).Errors));
        Assert.Equal(["itemIds"], Fields(AuditRules.ValidateRefresher(new([.. Enumerable.Range(0, 101).Select(i => (string?)("s-" + i))], null)).Errors));
    }

    [Fact]
    public void The_refresher_reason_names_the_location_and_is_at_most_200_characters()
    {
        Assert.Equal("An audit at Harbour Street found these parts of our vision not lived", AuditRules.RefresherReason(" Harbour Street "));
        Assert.Equal(AuditRules.MaxReasonLength, AuditRules.RefresherReason(new string('x', 300)).Length);
    }
}
