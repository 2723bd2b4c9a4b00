using System.Globalization;

namespace ServiceVision.Web.Pages;

/// <summary>Date and time fields of the forms: a datetime-local value is read as UTC (the label says so).</summary>
public static class FormTimes
{
    /// <summary>"yyyy-MM-ddTHH:mm" (seconds optional) as UTC; null when it is not one, so the rules ask for a time.</summary>
    public static DateTimeOffset? ParseUtc(string? value) =>
        DateTime.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero)
            : null;

    public static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
