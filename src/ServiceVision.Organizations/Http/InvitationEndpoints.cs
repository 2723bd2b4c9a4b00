using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Auth;
using ServiceVision.Organizations.Directory;

namespace ServiceVision.Organizations.Http;

public sealed record InvitationRequest(string? Email, string? Name, string? Role, string? DepartmentId, string? LocationId = null);

/// <summary>A new invitation with its token, which is shown only here.</summary>
public sealed record InvitationCreated(string Id, string Email, string Name, MemberRole Role, string? DepartmentId, DateTimeOffset ExpiresAt, string Token, long Revision, string? LocationId = null);

public sealed record AcceptInvitationRequest(string? Token, string? Password, string? Name);

/// <summary>Invitations (/api/v1/invitations): owners invite by e-mail; invitees accept with the token and a password of their own.</summary>
public static class InvitationEndpoints
{
    public static IEndpointRouteBuilder MapInvitationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/invitations").WithTags("Invitations");
        group.MapPost("/", CreateAsync)
            .WithSummary("Invites a person by e-mail; the answer carries the token (shown once) to pass on to them.")
            .WithIdempotency(responseHoldsSecret: true)
            .RequireAuthorization(Policies.Owner);
        group.MapGet("/", ListAsync).WithSummary("Pending invitations, newest first.").RequireAuthorization(Policies.Owner);
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revokes a pending invitation: its token stops working.").RequireAuthorization(Policies.Owner);
        group.MapPost("/accept", AcceptAsync)
            .WithSummary("Accepts an invitation with its token and a new password; creates the member and signs them in.")
            .AllowAnonymous();
        return routes;
    }

    private static async Task<Created<InvitationCreated>> CreateAsync(InvitationRequest request, Caller caller, IGrainFactory grains, IAuditLog audit)
    {
        ValidationFailedException.ThrowIfAny(
            [.. MemberRules.ValidateInvitation(request.Email, request.Name, request.Role, request.DepartmentId), .. LocationRules.ValidateOptionalLocationId(request.LocationId)]);
        var role = MemberRules.ParseRole(request.Role);
        var (token, secretHash) = InvitationTokens.Generate(caller.OrganizationId);
        var invitation = await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId)
            .CreateInvitation(new NewInvitation(Ids.New("inv"), request.Email!, request.Name!, role, request.DepartmentId, secretHash, caller.MemberId, request.LocationId));
        await audit.RecordAsync(caller, AuditKind.InvitationCreated, invitation.Id, $"Invitation sent with role {invitation.Role}.");
        return TypedResults.Created(
            "/api/v1/invitations",
            new InvitationCreated(invitation.Id, invitation.Email, invitation.Name, invitation.Role, invitation.DepartmentId, invitation.ExpiresAt, token, invitation.Revision, invitation.LocationId));
    }

    private static async Task<Ok<PagedList<InvitationView>>> ListAsync(Caller caller, PageRequest page, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).ListInvitations(page));

    // Invitations never change once sent, so revoking one needs no If-Match.
    private static async Task<NoContent> RevokeAsync(string id, Caller caller, IGrainFactory grains, IAuditLog audit)
    {
        await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).RevokeInvitation(id);
        await audit.RecordAsync(caller, AuditKind.InvitationRevoked, id, "Invitation revoked.");
        return TypedResults.NoContent();
    }

    /// <summary>Accepts the invitation (<see cref="InvitationAcceptance"/>) and signs the new member in.</summary>
    private static async Task<Ok<SignedIn>> AcceptAsync(AcceptInvitationRequest request, InvitationAcceptance acceptance, HttpContext context)
    {
        var (organizationId, member) = await acceptance.AcceptAsync(request.Token, request.Password, request.Name, context.RequestAborted);
        await context.SignInAsync(
            AuthenticationSetup.CookieScheme,
            MemberPrincipal.Create(organizationId, member.Id, member.Role, member.Name, AuthenticationSetup.CookieScheme));
        return TypedResults.Ok(new SignedIn(organizationId, member.Id, member.Name, member.Role.ToString()));
    }
}
