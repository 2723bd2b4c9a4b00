namespace ServiceVision.Domain.ServiceDesign;

/// <summary>Shared checks for what people type into service design and hiring forms.</summary>
public static class TextRules
{
    /// <summary>Longest identifier (department id, touchpoint id, vision item id) accepted as input.</summary>
    public const int MaxIdLength = 100;

    /// <summary>
    /// A required one-line text: not blank, at most <paramref name="maxLength"/> characters once
    /// trimmed, no control characters. Returns whether it passed.
    /// </summary>
    public static bool RequireLine(List<ValidationError> errors, string field, string? value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "This is required."));
            return false;
        }

        return CheckLength(errors, field, value, maxLength, allowLineBreaks: false);
    }

    /// <summary>A required text that may span several lines (paragraphs of a strategy, a statement).</summary>
    public static bool RequireParagraphs(List<ValidationError> errors, string field, string? value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "This is required."));
            return false;
        }

        return CheckLength(errors, field, value, maxLength, allowLineBreaks: true);
    }

    /// <summary>An optional text that may span several lines; null and blank are fine.</summary>
    public static bool OptionalParagraphs(List<ValidationError> errors, string field, string? value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return string.IsNullOrWhiteSpace(value) || CheckLength(errors, field, value, maxLength, allowLineBreaks: true);
    }

    /// <summary>
    /// An identifier from a client: 1 to <see cref="MaxIdLength"/> letters, digits, '-', '_' or '.',
    /// so a malformed id reads as a mistake rather than as "not found".
    /// </summary>
    public static bool IsWellFormedId(string? id) =>
        !string.IsNullOrEmpty(id)
        && id.Length <= MaxIdLength
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Trimmed text, or null for null or blank.</summary>
    public static string? TrimToNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool CheckLength(List<ValidationError> errors, string field, string value, int maxLength, bool allowLineBreaks)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            errors.Add(new(field, $"This is {trimmed.Length} characters; the limit is {maxLength}."));
            return false;
        }

        if (trimmed.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
        {
            errors.Add(new(field, allowLineBreaks ? "Control characters other than line breaks and tabs are not allowed." : "Control characters (such as line breaks) are not allowed."));
            return false;
        }

        return true;
    }
}
