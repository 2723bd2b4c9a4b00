using ServiceVision.Domain.Locations;

namespace ServiceVision.Domain.Tests.Locations;

public sealed class LocationRulesTests
{
    private static IEnumerable<string> Fields(string? name, string? region = null, string? code = null) =>
        LocationRules.Validate(name, region, code).Select(e => e.Field);

    [Fact]
    public void A_name_alone_is_a_valid_location() => Assert.Empty(Fields("Harbour Street"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Tab\there")]
    public void A_missing_blank_or_control_character_name_is_refused(string? name) => Assert.Equal(["name"], Fields(name));

    [Fact]
    public void Name_region_and_code_have_their_own_length_limits()
    {
        Assert.Empty(Fields(new string('n', 100), new string('r', 100), new string('c', 32)));
        Assert.Equal(["name", "region", "code"], Fields(new string('n', 101), new string('r', 101), new string('c', 33)));
    }

    [Fact]
    public void Surrounding_spaces_do_not_count_towards_the_limits() =>
        Assert.Empty(Fields(" " + new string('n', 100) + " ", "  " + new string('r', 100), new string('c', 32) + "  "));

    [Theory]
    [InlineData("North\nSouth", null, "region")]
    [InlineData("North", "A\u0000", "code")]
    public void Control_characters_are_refused_in_region_and_code(string region, string? code, string field) =>
        Assert.Equal([field], Fields("Ok", region, code));

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(" North ", "North")]
    public void Optional_texts_are_stored_trimmed_and_blank_ones_as_none(string? text, string? stored) =>
        Assert.Equal(stored, LocationRules.Normalize(text));

    [Theory]
    [InlineData("Old Town", " old town ", true)]
    [InlineData("Old Town", "Old Towne", false)]
    public void Names_are_compared_trimmed_and_ignoring_case(string a, string b, bool same) => Assert.Equal(same, LocationRules.SameName(a, b));

    [Theory]
    [InlineData("North", null, true)]
    [InlineData(null, null, true)]
    [InlineData(null, " ", true)]
    [InlineData("North", " NORTH ", true)]
    [InlineData("North", "South", false)]
    [InlineData(null, "North", false)]
    public void A_region_filter_matches_ignoring_case_and_no_filter_matches_all(string? locationRegion, string? filter, bool matches) =>
        Assert.Equal(matches, LocationRules.InRegion(locationRegion, filter));

    [Theory]
    [InlineData(null, true)]
    [InlineData("loc_0123456789abcdef0123456789abcdef", true)]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("loc\n1", false)]
    public void An_optional_location_id_is_absent_or_looks_like_an_id(string? id, bool valid) =>
        Assert.Equal(valid ? [] : ["locationId"], LocationRules.ValidateOptionalLocationId(id).Select(e => e.Field));

    [Fact]
    public void A_location_id_longer_than_any_of_ours_is_refused() =>
        Assert.Single(LocationRules.ValidateOptionalLocationId(new string('l', LocationRules.MaxIdLength + 1)));

    [Fact]
    public void The_region_filter_is_bounded_like_a_region() =>
        Assert.Equal(["region"], LocationRules.ValidateRegionFilter(new string('r', 101)).Select(e => e.Field));
}
