using ServiceVision.Domain.Recognition;
using Xunit;

namespace ServiceVision.Domain.Tests.Recognition;

public sealed class MemberMentionsTests
{
    private static readonly NamedMember[] Members =
    [
        new("m1", "Ann Lee"),
        new("m2", "Bo"),
        new("m3", "Carla  Díaz"),
        new("m4", "Ann Leeds"),
    ];

    [Theory]
    [InlineData("Ann Lee was wonderful!", new[] { "m1" })]
    [InlineData("thanks to ANN LEE, and to carla díaz.", new[] { "m1", "m3" })]
    [InlineData("Carla\n Díaz saved our evening", new[] { "m3" })]
    [InlineData("Ann Leeds helped us", new[] { "m4" })]
    [InlineData("Joann Lee was there", new string[0])]
    [InlineData("Ann was nice", new string[0])]
    [InlineData("Bo was great", new string[0])]
    [InlineData("", new string[0])]
    public void A_member_is_named_by_their_full_name_as_whole_words_ignoring_case(string comment, string[] expected)
    {
        Assert.Equal(expected, MemberMentions.Find(comment, Members).Select(m => m.Id));
    }

    [Fact]
    public void Names_with_regex_characters_are_matched_literally()
    {
        Assert.Equal(["x"], MemberMentions.Find("Great job, J.R. Smith (the host)!", [new NamedMember("x", "J.R. Smith"), new NamedMember("y", "J.R.")]).Select(m => m.Id).Take(1));
        Assert.Empty(MemberMentions.Find("JaRa Smith", [new NamedMember("x", "J.R. Smith")]));
    }
}
