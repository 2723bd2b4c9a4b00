using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Auth;
using ServiceVision.Organizations.Directory;

namespace ServiceVision.Organizations.Http;

public sealed record ApiKeyRequest(string? Name, string? Role);

/// <summary>A new API key with its token, which is shown only here.</summary>
public sealed record ApiKeyCreated(string Id, string Name, MemberRole Role, DateTimeOffset CreatedAt, string CreatedBy, string Token);

/// <summary>API keys of the caller's organization (/api/v1/api-keys): programs sign in with them.</summary>
public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/api-keys").WithTags("API keys");
        group.MapPost("/", CreateAsync)
            .WithSummary("Creates an API key with the Employee or Leader role; the answer carries the token, shown once.")
            .WithIdempotency(responseHoldsSecret: true)
            .RequireAuthorization(Policies.Owner);
        group.MapGet("/", ListAsync).WithSummary("Active API keys, newest first (never their secrets).").RequireAuthorization(Policies.Owner);
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revokes an API key; it stops working at once.").RequireAuthorization(Policies.Owner);
        return routes;
    }

    private static async Task<Created<ApiKeyCreated>> CreateAsync(ApiKeyRequest request, Caller caller, IGrainFactory grains, PlatformDirectory directory, TimeProvider time, IAuditLog audit)
    {
        ValidationFailedException.ThrowIfAny(MemberRules.ValidateApiKey(request.Name, request.Role));
        var role = MemberRules.ParseRole(request.Role);
        var (keyId, secret, token) = ApiKeys.Generate();
        var organization = grains.GetGrain<IOrganizationGrain>(caller.OrganizationId);

        // The grain first (it enforces the limit); the key only works once the directory knows it.
        var key = await organization.CreateApiKey(new NewApiKey(keyId, request.Name!, role, caller.MemberId));
        try
        {
            await directory.RegisterApiKeyAsync(new ApiKeyAccount(caller.OrganizationId, keyId, ApiKeys.Hash(secret), role, time.GetUtcNow()), CancellationToken.None);
        }
        catch
        {
            await organization.RevokeApiKey(keyId);
            throw;
        }

        await audit.RecordAsync(caller, AuditKind.ApiKeyCreated, key.Id, $"API key '{key.Name}' created with role {key.Role}.");
        return TypedResults.Created("/api/v1/api-keys", new ApiKeyCreated(key.Id, key.Name, key.Role, key.CreatedAt, key.CreatedBy, token));
    }

    private static async Task<Ok<PagedList<ApiKeyView>>> ListAsync(Caller caller, PageRequest page, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).ListApiKeys(page));

    private static async Task<NoContent> RevokeAsync(string id, Caller caller, IGrainFactory grains, PlatformDirectory directory, IAuditLog audit)
    {
        var organization = grains.GetGrain<IOrganizationGrain>(caller.OrganizationId);
        if (await organization.FindApiKey(id) is null)
        {
            throw new NotFoundException("The API key");
        }

        // The directory first: that is what signs the key in, so it stops working even if the grain step fails (a retry finishes it).
        if ((await directory.FindApiKeyAsync(id, CancellationToken.None))?.OrganizationId == caller.OrganizationId)
        {
            await directory.RemoveApiKeyAsync(id, CancellationToken.None);
        }

        await organization.RevokeApiKey(id);
        await audit.RecordAsync(caller, AuditKind.ApiKeyRevoked, id, "API key revoked.");
        return TypedResults.NoContent();
    }
}
