using ServiceVision.Domain.Plan;

namespace ServiceVision.Domain.Tests.Plan;

public sealed class EmpowermentRulesTests
{
    private static readonly HashSet<string> Pillars = ["pil_personal"];

    private static IReadOnlyList<string> GuidelineFields(GuidelineInput input) => [.. EmpowermentRules.ValidateGuideline(input, Pillars).Errors.Select(e => e.Field)];

    private static RecoveryInput ValidRecovery => new("Waited long.", "Apologized and offered dessert.", new MoneyInput(12.5m, "EUR"), "recovered", "Front door", null);

    [Fact]
    public void A_guideline_with_a_limit_gestures_and_examples_on_pillars_is_valid()
    {
        var (guideline, errors) = EmpowermentRules.ValidateGuideline(
            new GuidelineInput(new MoneyInput(50m, "EUR"), [" A free coffee "], [new GuidelineExampleInput("pil_personal", "Use the guest's name.")], null), Pillars);

        Assert.Empty(errors);
        Assert.Equal(new Money(50m, "EUR"), guideline!.RefundLimit);
        Assert.Equal(["A free coffee"], guideline.Gestures);
    }

    [Fact]
    public void A_guideline_says_what_the_role_may_do() =>
        Assert.Equal(["gestures"], GuidelineFields(new GuidelineInput(null, null, null, null)));

    [Fact]
    public void Examples_must_live_a_pillar_of_the_published_vision() =>
        Assert.Equal(["examples[0].pillarId", "examples[1].text"], GuidelineFields(new GuidelineInput(null, ["Coffee"], [new("pil_gone", "Text"), new("pil_personal", " ")], null)));

    [Theory]
    [InlineData(-1, "EUR", "refundLimit.amount")]
    [InlineData(1.005, "EUR", "refundLimit.amount")]
    [InlineData(10, "eur", "refundLimit.currency")]
    [InlineData(10, "EURO", "refundLimit.currency")]
    public void Money_is_a_non_negative_amount_with_cents_and_an_iso_currency(decimal amount, string currency, string field) =>
        Assert.Equal([field], GuidelineFields(new GuidelineInput(new MoneyInput(amount, currency), null, null, null)));

    [Fact]
    public void Lists_and_texts_are_bounded()
    {
        Assert.Equal(["gestures"], GuidelineFields(new GuidelineInput(null, [.. Enumerable.Repeat("Coffee", 21)], null, null)));
        Assert.Equal(["gestures[0]"], GuidelineFields(new GuidelineInput(null, [new string('a', 201)], null, null)));
        Assert.Equal(["notes"], GuidelineFields(new GuidelineInput(null, ["Coffee"], null, new string('a', 2_001))));
    }

    [Fact]
    public void A_valid_recovery_is_parsed()
    {
        var (recovery, errors) = EmpowermentRules.ValidateRecovery(ValidRecovery);

        Assert.Empty(errors);
        Assert.Equal(RecoveryOutcome.Recovered, recovery!.Outcome);
        Assert.Equal(new Money(12.5m, "EUR"), recovery.Amount);
    }

    [Fact]
    public void Every_missing_recovery_field_is_named() =>
        Assert.Equal(["whatHappened", "whatWasDone", "outcome", "touchpoint"], EmpowermentRules.ValidateRecovery(new RecoveryInput(null, null, null, null, null, null)).Errors.Select(e => e.Field));

    [Fact]
    public void A_recovery_id_is_bounded() =>
        Assert.Equal(["recoveryId"], EmpowermentRules.ValidateRecovery(ValidRecovery with { RecoveryId = new string('r', 101) }).Errors.Select(e => e.Field));

    [Theory]
    [InlineData(null, null, "50", "EUR", false)]
    [InlineData("0", "EUR", null, null, false)]
    [InlineData("50", "EUR", "50", "EUR", false)]
    [InlineData("50.01", "EUR", "50", "EUR", true)]
    [InlineData("10", "USD", "50", "EUR", true)]
    [InlineData("10", "EUR", null, null, true)]
    public void Spending_above_the_limit_in_another_currency_or_without_a_limit_needs_approval(string? amount, string? currency, string? limit, string? limitCurrency, bool expected)
    {
        var spent = amount is null ? null : new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency!);
        var allowed = limit is null ? null : new Money(decimal.Parse(limit, System.Globalization.CultureInfo.InvariantCulture), limitCurrency!);

        Assert.Equal(expected, EmpowermentRules.NeedsApproval(spent, allowed));
    }
}
