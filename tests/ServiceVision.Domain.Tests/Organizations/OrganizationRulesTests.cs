using ServiceVision.Domain.Organizations;

namespace ServiceVision.Domain.Tests.Organizations;

public sealed class OrganizationRulesTests
{
    private static IReadOnlyList<ValidationError> SignUp(string? name = "Acme Coffee", string? slug = "acme-coffee", string? owner = "Ana Ruiz", string? email = "ana@acme.example", string? password = "correct horse battery") =>
        OrganizationRules.ValidateSignUp(name, slug, owner, email, password);

    [Fact]
    public void A_complete_sign_up_is_valid() => Assert.Empty(SignUp());

    [Theory]
    [InlineData("ab")]
    [InlineData("Acme")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("ac--me")]
    [InlineData("acme coffee")]
    [InlineData("acmé")]
    [InlineData("api")]
    public void A_slug_that_is_not_a_clean_url_name_is_rejected(string slug)
    {
        var error = Assert.Single(SignUp(slug: slug));
        Assert.Equal("slug", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ana")]
    [InlineData("ana@localhost")]
    [InlineData("Ana <ana@acme.example>")]
    [InlineData("ana@@acme.example")]
    public void An_email_that_is_not_an_address_is_rejected(string email)
    {
        var error = Assert.Single(SignUp(email: email));
        Assert.Equal("email", error.Field);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaaaa")]
    public void A_short_or_trivial_password_is_rejected(string password)
    {
        var error = Assert.Single(SignUp(password: password));
        Assert.Equal("password", error.Field);
    }

    [Fact]
    public void Every_missing_field_is_named()
    {
        var fields = SignUp(null, null, null, null, null).Select(e => e.Field);

        Assert.Equal(["organizationName", "slug", "ownerName", "email", "password"], fields);
    }

    [Fact]
    public void A_name_over_the_limit_or_with_control_characters_is_rejected()
    {
        Assert.Equal("organizationName", Assert.Single(SignUp(name: new string('x', 101))).Field);
        Assert.Equal("ownerName", Assert.Single(SignUp(owner: "Ana\u0000")).Field);
    }

    [Fact]
    public void Emails_are_compared_trimmed_and_lower_case() =>
        Assert.Equal("ana@acme.example", OrganizationRules.NormalizeEmail("  Ana@ACME.example "));

    [Fact]
    public void A_profile_needs_a_name_and_a_description_within_the_limit()
    {
        Assert.Empty(OrganizationRules.ValidateProfile("Acme", null));
        Assert.Equal("name", Assert.Single(OrganizationRules.ValidateProfile(" ", null)).Field);
        Assert.Equal("description", Assert.Single(OrganizationRules.ValidateProfile("Acme", new string('x', 2001))).Field);
    }
}
