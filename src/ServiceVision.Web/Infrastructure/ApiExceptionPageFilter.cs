using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using ServiceVision.Api;

namespace ServiceVision.Web.Infrastructure;

/// <summary>
/// What a page does when a grain says "not found" or "not allowed": 404 or 403, as the API would
/// answer; another tenant's ids are simply not found. Validation and conflicts are handled by the
/// page itself (<see cref="AppPageModel.SubmitAsync"/>), next to the fields.
/// </summary>
public sealed class ApiExceptionPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        switch (executed.Exception)
        {
            case NotFoundException:
                executed.Result = new NotFoundResult();
                executed.ExceptionHandled = true;
                break;
            case ForbiddenException:
                executed.Result = new StatusCodeResult(403);
                executed.ExceptionHandled = true;
                break;
        }
    }
}
