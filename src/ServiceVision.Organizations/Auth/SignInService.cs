using Microsoft.AspNetCore.Identity;
using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.Organizations;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Directory;
using ServiceVision.Organizations.Http;

namespace ServiceVision.Organizations.Auth;

/// <summary>What a sign-in attempt came to: the member, a lockout to wait out, or neither (wrong address or password).</summary>
public sealed record SignInOutcome(string? OrganizationId, MemberView? Member, TimeSpan? RetryAfter);

/// <summary>
/// Checks an e-mail address and password under the sign-in throttle. The API's sign-in endpoint and
/// the web app's sign-in page both call it, so they lock out (and count failures) exactly alike.
/// Setting the session cookie is the caller's job.
/// </summary>
public sealed class SignInService(PlatformDirectory directory, IGrainFactory grains, IPasswordHasher<Account> hasher, SignInThrottle throttle)
{
    /// <summary>Validates the request (400 naming email / password), then verifies it unless the address or IP is locked out.</summary>
    public async Task<SignInOutcome> SignInAsync(SignInRequest request, string ip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ValidationError>();
        OrganizationRules.RequireText(errors, "email", request.Email, OrganizationRules.MaxEmailLength);
        OrganizationRules.RequireText(errors, "password", request.Password, OrganizationRules.MaxPasswordLength);
        ValidationFailedException.ThrowIfAny(errors);

        var email = OrganizationRules.NormalizeEmail(request.Email!);
        if (await throttle.RetryAfterAsync(email, ip, cancellationToken) is { } wait)
        {
            return new SignInOutcome(null, null, wait);
        }

        var account = await directory.FindAccountAsync(email, cancellationToken);
        var verified = account is not null && hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password!) != PasswordVerificationResult.Failed;
        var member = verified ? await grains.GetGrain<IOrganizationGrain>(account!.OrganizationId).FindMember(account.MemberId) : null;
        if (member is null)
        {
            // Unknown addresses count and lock exactly like known ones: no account enumeration.
            return new SignInOutcome(null, null, await throttle.RecordFailureAsync(email, ip, cancellationToken));
        }

        await throttle.RecordSuccessAsync(email, cancellationToken);
        return new SignInOutcome(account!.OrganizationId, member, null);
    }
}
