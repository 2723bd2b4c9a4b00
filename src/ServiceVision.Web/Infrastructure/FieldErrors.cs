using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace ServiceVision.Web.Infrastructure;

/// <summary>
/// Validation messages next to a field, from the same field names the API's errors use
/// (<c>items[2].text</c>, <c>audience.ids[0]</c>): model state keys ignore case, and a message on a
/// nested field also shows at its prefix when asked with <c>includeNested</c>.
/// </summary>
public static class FieldErrors
{
    public static IHtmlContent FieldError(this IHtmlHelper html, string field, bool includeNested = false)
    {
        ArgumentNullException.ThrowIfNull(html);
        var messages = html.ViewData.ModelState
            .Where(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)
                || (includeNested && (e.Key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase) || e.Key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase))))
            .SelectMany(e => e.Value?.Errors.Select(x => x.ErrorMessage) ?? [])
            .Where(m => m.Length > 0)
            .Distinct()
            .ToList();
        if (messages.Count == 0)
        {
            return HtmlString.Empty;
        }

        var id = ErrorId(field);
        var text = string.Join(" ", messages.Select(m => HtmlEncoder.Default.Encode(m)));
        return new HtmlString($"<span class=\"field-error\" id=\"{id}\" role=\"alert\">{text}</span>");
    }

    /// <summary>Messages not tied to one field (a conflict, a stale revision).</summary>
    public static IHtmlContent FormErrors(this IHtmlHelper html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var messages = html.ViewData.ModelState.TryGetValue(string.Empty, out var entry)
            ? entry.Errors.Select(e => e.ErrorMessage).ToList()
            : [];
        if (messages.Count == 0)
        {
            return HtmlString.Empty;
        }

        var items = string.Concat(messages.Select(m => "<li>" + HtmlEncoder.Default.Encode(m) + "</li>"));
        return new HtmlString($"<div class=\"form-errors\" role=\"alert\"><ul>{items}</ul></div>");
    }

    public static string ErrorId(string field) =>
        "err-" + new string([.. field.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
}
