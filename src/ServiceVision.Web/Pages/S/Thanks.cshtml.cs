using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ServiceVision.Web.Pages.S;

/// <summary>Where a customer lands after answering a public survey link; it reads nothing, so it needs no rate limit.</summary>
[AllowAnonymous]
public sealed class ThanksModel : PageModel
{
    /// <summary>True when the browser had answered the link already (the API's replay): nothing new was counted.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Again { get; set; }
}
