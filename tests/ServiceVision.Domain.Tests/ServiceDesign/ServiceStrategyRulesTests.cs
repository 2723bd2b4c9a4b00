using ServiceVision.Domain.ServiceDesign;
using Xunit;

namespace ServiceVision.Domain.Tests.ServiceDesign;

public sealed class ServiceStrategyRulesTests
{
    private static readonly ServiceStrategyInput Valid = new(
        "Hot coffee, made right, in under three minutes.",
        "Guests feel known: we use their name and remember their order.",
        "If we get it wrong, we remake it at once and the next one is on us.",
        [new("Sales", "Never promise a delivery time operations has not confirmed."), new("Support", "Answer within one business day.")]);

    [Fact]
    public void A_complete_strategy_is_valid_and_normalizes_trimmed()
    {
        var input = Valid with { CoreService = "  Hot coffee.  ", Functions = [new(" Sales ", " Confirm times. ")] };

        Assert.Empty(ServiceStrategyRules.Validate(input));
        var strategy = ServiceStrategyRules.Normalize(input);
        Assert.Equal("Hot coffee.", strategy.CoreService);
        Assert.Equal(new FunctionCommitment("Sales", "Confirm times."), Assert.Single(strategy.Functions));
    }

    [Fact]
    public void Each_missing_text_is_named()
    {
        var errors = ServiceStrategyRules.Validate(new ServiceStrategyInput(null, " ", null, null));

        Assert.Equal(["coreService", "serviceExperience", "recoveryPromise"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Missing_functions_mean_none()
    {
        Assert.Empty(ServiceStrategyRules.Validate(Valid with { Functions = null }));
        Assert.Empty(ServiceStrategyRules.Normalize(Valid with { Functions = null }).Functions);
    }

    [Fact]
    public void Texts_over_2000_characters_are_errors()
    {
        var errors = ServiceStrategyRules.Validate(Valid with { RecoveryPromise = new string('a', 2001), Functions = [new("Sales", new string('b', 2001))] });

        Assert.Equal(["recoveryPromise", "functions[0].commitment"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Function_names_are_unique_ignoring_case_and_spaces()
    {
        var errors = ServiceStrategyRules.Validate(Valid with { Functions = [new("Sales", "A."), new("Support", "B."), new(" sales ", "C.")] });

        var error = Assert.Single(errors);
        Assert.Equal("functions[2].function", error.Field);
        Assert.Contains("functions[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_50_functions_is_an_error_on_functions()
    {
        var functions = Enumerable.Range(0, 51).Select(i => (FunctionCommitmentInput?)new FunctionCommitmentInput($"F{i}", "C.")).ToList();

        Assert.Equal("functions", Assert.Single(ServiceStrategyRules.Validate(Valid with { Functions = functions })).Field);
        Assert.Empty(ServiceStrategyRules.Validate(Valid with { Functions = functions[..50] }));
    }

    [Fact]
    public void A_function_needs_a_one_line_name_and_a_commitment()
    {
        var errors = ServiceStrategyRules.Validate(Valid with { Functions = [new("Sales\nand more", null), null] });

        Assert.Equal(["functions[0].function", "functions[0].commitment", "functions[1]"], errors.Select(e => e.Field));
    }
}
