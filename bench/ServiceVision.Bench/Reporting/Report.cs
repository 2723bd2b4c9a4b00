using System.Globalization;
using System.Text;

namespace ServiceVision.Bench.Reporting;

/// <summary>A table of figures: printed to the console and written to performance.md.</summary>
internal sealed class ReportTable(string title, params string[] headers)
{
    private readonly List<string[]> rows = [];

    public string Title { get; } = title;

    public IReadOnlyList<string> Headers { get; } = headers;

    public IReadOnlyList<string[]> Rows => rows;

    public void Add(params string[] cells)
    {
        if (cells.Length != Headers.Count)
        {
            throw new ArgumentException($"Table '{Title}' has {Headers.Count} columns, not {cells.Length}.");
        }

        rows.Add(cells);
    }

    /// <summary>Columns aligned with spaces, for the console.</summary>
    public string ToText()
    {
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Title);
        Line(Headers);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Line(row);
        }

        return text.ToString();

        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine(string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd());
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {string.Join(" | ", Headers)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| {string.Join(" | ", Headers.Select((_, i) => i == 0 ? "---" : "---:"))} |");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))} |");
        }

        return text.ToString();
    }
}

/// <summary>One ratio against its baseline, for the bar chart and the goals table.</summary>
/// <param name="Group">The section it belongs to (grain calls, HTTP, bus).</param>
/// <param name="Label">What is compared with what.</param>
/// <param name="Ratio">Measured ÷ baseline.</param>
/// <param name="Goal">The ratio we aim for, if there is one.</param>
internal sealed record RatioFigure(string Group, string Label, double Ratio, double? Goal = null);

/// <summary>A point of the scale curve: after <paramref name="Size"/> operations, <paramref name="Seconds"/> had passed.</summary>
internal sealed record CurvePoint(int Size, double Seconds);

/// <summary>What one section found: its tables, notes, ratios; or why it was skipped.</summary>
internal sealed class SectionResult(string key, string title)
{
    public string Key { get; } = key;

    public string Title { get; } = title;

    public List<ReportTable> Tables { get; } = [];

    /// <summary>Short findings, each a sentence (markdown).</summary>
    public List<string> Notes { get; } = [];

    public List<RatioFigure> Ratios { get; } = [];

    public List<CurvePoint> Curve { get; } = [];

    /// <summary>Facts about the set-up for the machine table (service versions, settings).</summary>
    public Dictionary<string, string> Facts { get; } = new(StringComparer.Ordinal);

    /// <summary>Set when the section did not run; says why.</summary>
    public string? Skipped { get; set; }

    public TimeSpan Elapsed { get; set; }
}

/// <summary>Formats figures the same way everywhere.</summary>
internal static class Figures
{
    public static string Rate(double perSecond) => perSecond switch
    {
        >= 100 => perSecond.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => perSecond.ToString("N1", CultureInfo.InvariantCulture),
        _ => perSecond.ToString("N2", CultureInfo.InvariantCulture),
    };

    public static string Ratio(double ratio) => ratio >= 10
        ? ratio.ToString("N1", CultureInfo.InvariantCulture)
        : ratio.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Bytes(double bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture);

    public static string Milliseconds(double ms) => ms >= 100
        ? ms.ToString("N0", CultureInfo.InvariantCulture)
        : ms.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
