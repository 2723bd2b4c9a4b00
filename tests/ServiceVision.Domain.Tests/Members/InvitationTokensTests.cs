using ServiceVision.Domain.Members;

namespace ServiceVision.Domain.Tests.Members;

public sealed class InvitationTokensTests
{
    private const string Organization = "org_0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_generated_token_names_its_organization_and_parses_back_to_a_secret_matching_the_stored_hash()
    {
        var (token, hash) = InvitationTokens.Generate(Organization);

        Assert.True(InvitationTokens.TryParse(token, out var organizationId, out var secret));
        Assert.Equal(Organization, organizationId);
        Assert.Equal(hash, InvitationTokens.Hash(secret));
        Assert.DoesNotContain(hash, token, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_token_has_a_fresh_256_bit_secret()
    {
        var first = InvitationTokens.Generate(Organization);
        var second = InvitationTokens.Generate(Organization);

        Assert.NotEqual(first.Token, second.Token);
        Assert.True(InvitationTokens.TryParse(first.Token, out _, out var secret));
        Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot-at-all")]
    [InlineData("org_0123456789abcdef0123456789abcdef.")]
    [InlineData("org_0123456789abcdef0123456789abcdef.short")]
    [InlineData("ORG_0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("org_0123.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("org_0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.extra")]
    [InlineData("../etc.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_that_is_not_exactly_a_token_does_not_parse(string? token) =>
        Assert.False(InvitationTokens.TryParse(token, out _, out _));
}
