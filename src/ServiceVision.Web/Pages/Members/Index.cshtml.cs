using Microsoft.AspNetCore.Mvc;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Pages.Members;

/// <summary>Members, and for owners the invitations (as POST /api/v1/invitations: same rules, token shown once).</summary>
public sealed class IndexModel(IAuditLog audit) : AppPageModel
{
    public PagedList<MemberView>? Members { get; private set; }

    public PagedList<InvitationView>? Invitations { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    public string? InvitationLink { get; private set; }

    public string? InvitedName { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        Require(MemberRole.Owner);
        return await SubmitAsync(
            async () =>
            {
                var caller = Me;
                ValidationFailedException.ThrowIfAny(MemberRules.ValidateInvitation(Email, Name, Role, null));
                var (token, secretHash) = InvitationTokens.Generate(caller.OrganizationId);
                var invitation = await Organization.CreateInvitation(
                    new NewInvitation(Ids.New("inv"), Email!, Name!, MemberRules.ParseRole(Role), null, secretHash, caller.MemberId));
                await audit.RecordAsync(caller, AuditKind.InvitationCreated, invitation.Id, $"Invitation sent with role {invitation.Role}.");
                InvitationLink = $"{Request.Scheme}://{Request.Host}/app/invitations/accept?token={Uri.EscapeDataString(token)}";
                InvitedName = invitation.Name;
                Name = Email = Role = null;
                ModelState.Clear();
                await LoadAsync();
                return Page();
            },
            LoadAsync);
    }

    private async Task LoadAsync()
    {
        Members = await Organization.QueryMembers(new MemberFilter(null, null), new PageRequest(1, PageRequest.MaxPageSize));
        Invitations = IsOwner ? await Organization.ListInvitations(new PageRequest(1, PageRequest.MaxPageSize)) : new PagedList<InvitationView>([], 1, PageRequest.MaxPageSize, 0);
    }
}
