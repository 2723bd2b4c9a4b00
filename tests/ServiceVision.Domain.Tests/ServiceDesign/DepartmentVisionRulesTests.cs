using ServiceVision.Domain.ServiceDesign;
using Xunit;

namespace ServiceVision.Domain.Tests.ServiceDesign;

public sealed class DepartmentVisionRulesTests
{
    [Fact]
    public void A_statement_is_valid()
    {
        Assert.Empty(DepartmentVisionRules.Validate("We answer every guest's question before they have to ask twice."));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void A_missing_statement_is_an_error_on_statement(string? statement)
    {
        Assert.Equal("statement", Assert.Single(DepartmentVisionRules.Validate(statement)).Field);
    }

    [Fact]
    public void A_statement_over_the_limit_is_an_error_but_line_breaks_are_fine()
    {
        Assert.Equal("statement", Assert.Single(DepartmentVisionRules.Validate(new string('a', DepartmentVisionRules.MaxStatementLength + 1))).Field);
        Assert.Empty(DepartmentVisionRules.Validate("Greet every guest.\nThank every guest."));
    }

    [Fact]
    public void Control_characters_other_than_line_breaks_are_an_error()
    {
        Assert.Equal("statement", Assert.Single(DepartmentVisionRules.Validate("Greet every guest.\u0007")).Field);
    }
}
