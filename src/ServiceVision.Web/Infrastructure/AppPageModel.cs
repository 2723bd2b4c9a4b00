using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Api;
using ServiceVision.Domain.Members;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Web.Infrastructure;

/// <summary>
/// A page of the app: the caller (organization only from the session), the grains, and the way a
/// form reports what the grain refused next to the fields it names.
/// </summary>
public abstract class AppPageModel : PageModel
{
    public Caller Me => Caller.From(User) ?? throw new ForbiddenException("This page needs a signed-in member.");

    protected IGrainFactory Grains => HttpContext.RequestServices.GetRequiredService<IGrainFactory>();

    protected IOrganizationGrain Organization => Grains.GetGrain<IOrganizationGrain>(Me.OrganizationId);

    protected IVisionGrain Vision => Grains.GetGrain<IVisionGrain>(Me.OrganizationId + "/vision");

    public bool IsLeader => Me.IsAtLeast(MemberRole.Leader);

    public bool IsOwner => Me.IsAtLeast(MemberRole.Owner);

    /// <summary>A one-time message shown after a redirect ("Draft saved.").</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>
    /// Runs a form's change. A refusal becomes messages in ModelState under the field names the
    /// API uses (model state keys ignore case, so "items[0].text" shows next to Items[0].Text); then
    /// <paramref name="reload"/> fetches what the page shows and the page renders again.
    /// </summary>
    protected async Task<IActionResult> SubmitAsync(Func<Task<IActionResult>> change, Func<Task> reload)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(reload);
        if (!ModelState.IsValid)
        {
            await reload();
            return Page();
        }

        try
        {
            return await change();
        }
        catch (ApiException e) when (e is ValidationFailedException or ConflictException or PreconditionFailedException)
        {
            AddErrors(e);
        }

        await reload();
        return Page();
    }

    /// <summary>
    /// <see cref="SubmitAsync"/> for a change that stays on this page: its notice (what <paramref name="change"/>
    /// answers) is shown on the page reached by a redirect to itself, so a reload does not post again.
    /// </summary>
    protected Task<IActionResult> SubmitAndStayAsync(Func<Task<string>> change, Func<Task> reload)
    {
        ArgumentNullException.ThrowIfNull(change);
        return SubmitAsync(
            async () =>
            {
                Notice = await change();
                return Redirect(Request.Path);
            },
            reload);
    }

    /// <summary>Puts a refusal's messages into ModelState under the API's field names.</summary>
    protected void AddErrors(ApiException refusal)
    {
        switch (refusal)
        {
            case ValidationFailedException validation:
                foreach (var error in validation.Errors)
                {
                    ModelState.AddModelError(error.Field, error.Message);
                }

                break;
            case ConflictException conflict:
                ModelState.AddModelError(conflict.Field ?? string.Empty, conflict.Message);
                break;
            case PreconditionFailedException:
                ModelState.AddModelError(string.Empty, "Someone changed this meanwhile. Reload the page to see their change, then try again.");
                break;
            default:
                ModelState.AddModelError(string.Empty, refusal.Message);
                break;
        }
    }

    /// <summary>Forbids (403) unless the caller has at least <paramref name="role"/>; for handlers of pages others may read.</summary>
    protected void Require(MemberRole role)
    {
        if (!Me.IsAtLeast(role))
        {
            throw new ForbiddenException($"This needs the {role} role.");
        }
    }
}
