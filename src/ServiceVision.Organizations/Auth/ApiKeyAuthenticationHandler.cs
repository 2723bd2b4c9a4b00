using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceVision.Api;
using ServiceVision.Organizations.Directory;

namespace ServiceVision.Organizations.Auth;

/// <summary>Signs programs in with an API key sent as <c>Authorization: ApiKey svk....</c> or <c>X-Api-Key</c>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PlatformDirectory directory) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";
    private const string AuthorizationPrefix = "ApiKey ";

    /// <summary>Whether the request carries an API key (then this scheme, not the cookie, authenticates it).</summary>
    public static bool HasKey(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderName)
        || request.Headers.Authorization.ToString().StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Headers[HeaderName].ToString();
        var authorization = Request.Headers.Authorization.ToString();
        if (token.Length == 0 && authorization.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase))
        {
            token = authorization[AuthorizationPrefix.Length..].Trim();
        }

        if (token.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeys.TryParse(token, out var keyId, out var secret)
            || await directory.FindApiKeyAsync(keyId, Context.RequestAborted) is not { } key
            || !ApiKeys.Matches(secret, key.SecretHash))
        {
            return AuthenticateResult.Fail("The API key is not valid or was revoked.");
        }

        var principal = MemberPrincipal.Create(key.OrganizationId, "key-" + key.KeyId, key.Role, "API key " + key.KeyId, ApiClaims.ApiKeyScheme);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiClaims.ApiKeyScheme));
    }
}
