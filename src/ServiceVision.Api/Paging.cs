using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using ServiceVision.Domain;

namespace ServiceVision.Api;

/// <summary>Which page of a list to return: <c>?page=1&amp;pageSize=20</c> (page size 1 to 100).</summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static PageRequest First { get; } = new(1, DefaultPageSize);

    public static ValueTask<PageRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var errors = new List<ValidationError>();
        var page = Parse(context, "page", 1, 1, int.MaxValue, errors);
        var size = Parse(context, "pageSize", DefaultPageSize, 1, MaxPageSize, errors);
        ValidationFailedException.ThrowIfAny(errors);
        return ValueTask.FromResult<PageRequest?>(new PageRequest(page, size));
    }

    private static int Parse(HttpContext context, string name, int fallback, int min, int max, List<ValidationError> errors)
    {
        var raw = context.Request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new ValidationError(name, $"{name} must be a whole number from {min} to {max}."));
        return fallback;
    }
}

/// <summary>One page of a list, with the total so a client can show "page 2 of 7".</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public static class PagedList
{
    /// <summary>The requested page of <paramref name="all"/>.</summary>
    public static PagedList<T> Of<T>(IEnumerable<T> all, PageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var list = all as IReadOnlyList<T> ?? [.. all];
        var items = list.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToList();
        return new PagedList<T>(items, request.Page, request.PageSize, list.Count);
    }
}
