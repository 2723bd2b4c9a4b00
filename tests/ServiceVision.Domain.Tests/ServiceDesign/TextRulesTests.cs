using ServiceVision.Domain.ServiceDesign;
using Xunit;

namespace ServiceVision.Domain.Tests.ServiceDesign;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("dep_1a2b", true)]
    [InlineData("pillar-itm.3", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("dep 1", false)]
    [InlineData("dep/1", false)]
    [InlineData("dép", false)]
    public void Ids_are_letters_digits_and_a_few_separators(string? id, bool expected)
    {
        Assert.Equal(expected, TextRules.IsWellFormedId(id));
    }

    [Fact]
    public void Ids_longer_than_100_characters_are_not_well_formed()
    {
        Assert.True(TextRules.IsWellFormedId(new string('a', 100)));
        Assert.False(TextRules.IsWellFormedId(new string('a', 101)));
    }

    [Fact]
    public void Lengths_count_the_trimmed_text()
    {
        var errors = new List<ValidationError>();

        Assert.True(TextRules.RequireLine(errors, "name", "  abc  ", 3));
        Assert.False(TextRules.RequireLine(errors, "name", "abcd", 3));
        Assert.Equal("name", Assert.Single(errors).Field);
    }

    [Fact]
    public void A_line_refuses_line_breaks_that_paragraphs_accept()
    {
        var errors = new List<ValidationError>();

        Assert.False(TextRules.RequireLine(errors, "name", "a\nb", 10));
        Assert.True(TextRules.RequireParagraphs(errors, "text", "a\r\nb\tc", 10));
        Assert.True(TextRules.OptionalParagraphs(errors, "text", null, 10));
        Assert.Single(errors);
    }
}
