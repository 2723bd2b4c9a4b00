using Microsoft.AspNetCore.Identity;
using ServiceVision.Api;
using ServiceVision.Domain.Organizations;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Directory;
using ServiceVision.Organizations.Http;

namespace ServiceVision.Organizations;

/// <summary>
/// Self-service sign-up: claims the slug and the owner's e-mail address, then creates the
/// organization grain with its owner. A failed step releases what the earlier steps claimed.
/// </summary>
public sealed class SignUpService(PlatformDirectory directory, IGrainFactory grains, IPasswordHasher<Account> hasher, TimeProvider time)
{
    public async Task<SignedIn> SignUpAsync(SignUpRequest request, CancellationToken cancellationToken)
    {
        ValidationFailedException.ThrowIfAny(OrganizationRules.ValidateSignUp(request.OrganizationName, request.Slug, request.OwnerName, request.Email, request.Password));

        var organizationId = Ids.New("org");
        var ownerId = Ids.New("mem");
        var email = OrganizationRules.NormalizeEmail(request.Email!);
        var account = new Account(organizationId, ownerId, "", time.GetUtcNow());
        account = account with { PasswordHash = hasher.HashPassword(account, request.Password!) };

        await directory.ClaimSlugAsync(request.Slug!, organizationId, OrganizationExistsAsync, cancellationToken);
        try
        {
            await directory.ClaimEmailAsync(email, account, OrganizationExistsAsync, cancellationToken);
        }
        catch
        {
            await directory.ReleaseSlugAsync(request.Slug!, CancellationToken.None);
            throw;
        }

        try
        {
            await grains.GetGrain<IOrganizationGrain>(organizationId)
                .Create(new NewOrganization(request.OrganizationName!.Trim(), request.Slug!, ownerId, request.OwnerName!.Trim(), email));
        }
        catch
        {
            await directory.ReleaseEmailAsync(email, CancellationToken.None);
            await directory.ReleaseSlugAsync(request.Slug!, CancellationToken.None);
            throw;
        }

        return new SignedIn(organizationId, ownerId, request.OwnerName!.Trim(), nameof(Domain.Members.MemberRole.Owner));
    }

    private async Task<bool> OrganizationExistsAsync(string organizationId)
    {
        try
        {
            await grains.GetGrain<IOrganizationGrain>(organizationId).GetProfile();
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
