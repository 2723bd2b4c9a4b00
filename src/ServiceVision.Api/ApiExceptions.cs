using ServiceVision.Domain;

namespace ServiceVision.Api;

/// <summary>
/// Failures a request can end with; grains and endpoints throw them and
/// <see cref="ApiExceptionHandler"/> turns each into problem details. Nothing is changed when one is thrown.
/// </summary>
public abstract class ApiException(string message) : Exception(message)
{
    public abstract int StatusCode { get; }

    public abstract string Title { get; }
}

/// <summary>400: the request is invalid; <see cref="Errors"/> names each field at fault.</summary>
public sealed class ValidationFailedException(IReadOnlyList<ValidationError> errors)
    : ApiException("The request is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public ValidationFailedException(string field, string message) : this([new ValidationError(field, message)]) { }

    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    public override int StatusCode => 400;

    public override string Title => "The request is invalid.";

    /// <summary>Throws when <paramref name="errors"/> is not empty.</summary>
    public static void ThrowIfAny(IReadOnlyList<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }
}

/// <summary>404: no such resource in the caller's organization (also what another tenant's resource looks like).</summary>
public sealed class NotFoundException(string what) : ApiException($"{what} was not found.")
{
    public override int StatusCode => 404;

    public override string Title => "Not found.";
}

/// <summary>409: the request conflicts with the resource's current state (a taken slug, a draft already published).</summary>
public sealed class ConflictException(string message, string? field = null) : ApiException(message)
{
    public string? Field { get; } = field;

    public override int StatusCode => 409;

    public override string Title => "Conflict.";
}

/// <summary>412: If-Match named another revision than the current one: someone else changed it first.</summary>
public sealed class PreconditionFailedException(string what, long currentRevision)
    : ApiException($"{what} was changed by someone else (now at revision {currentRevision}); reload and apply your change again.")
{
    public long CurrentRevision { get; } = currentRevision;

    public override int StatusCode => 412;

    public override string Title => "The resource changed.";
}

/// <summary>403: the caller's role may not do this.</summary>
public sealed class ForbiddenException(string message) : ApiException(message)
{
    public override int StatusCode => 403;

    public override string Title => "Forbidden.";
}
