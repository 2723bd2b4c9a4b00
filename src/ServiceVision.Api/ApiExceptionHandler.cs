using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ServiceVision.Grains;

namespace ServiceVision.Api;

/// <summary>Writes problem details for <see cref="ApiException"/>s, bad request bodies and tenant violations.</summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationFailedException invalid => Validation(invalid),
            ConflictException conflict => WithField(Problem(conflict), conflict.Field, conflict.Message),
            ApiException api => Problem(api),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message },

            // Another tenant's grain looks exactly like a missing one.
            TenantIsolationException => new ProblemDetails { Status = 404, Title = "Not found." },
            GrainCallTimeoutException => new ProblemDetails { Status = 503, Title = "Busy; try again." },

            // Another host stored a newer version first; nothing was written and the next request reloads.
            InconsistentStateException => httpContext.Request.Headers.IfMatch.Count > 0
                ? new ProblemDetails { Status = 412, Title = "Changed meanwhile; read it again and retry." }
                : new ProblemDetails { Status = 409, Title = "Changed meanwhile; try again." },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(ApiException error) =>
        new() { Status = error.StatusCode, Title = error.Title, Detail = error.Message };

    private static HttpValidationProblemDetails Validation(ValidationFailedException invalid) =>
        new(invalid.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
        {
            Status = 400,
            Title = invalid.Title,
            Detail = invalid.Errors.Count == 1 ? invalid.Errors[0].Message : $"{invalid.Errors.Count} fields are invalid.",
        };

    private static ProblemDetails WithField(ProblemDetails problem, string? field, string message)
    {
        if (field is null)
        {
            return problem;
        }

        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = problem.Status,
            Title = problem.Title,
            Detail = problem.Detail,
        };
    }
}
