using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace ServiceVision.Web.Infrastructure;

/// <summary>
/// Pictures drawn on the server as inline SVG: no CDN, no script, and nothing the content security
/// policy forbids (geometry and colours are SVG attributes, not inline styles).
/// </summary>
public static class Charts
{
    /// <summary>A horizontal bar filled to <paramref name="percent"/> (clamped to 0–100) with the number as its accessible name.</summary>
    public static IHtmlContent ProgressBar(decimal percent, string label)
    {
        var clamped = Math.Clamp(percent, 0m, 100m);
        var width = (clamped * 3).ToString("0.##", CultureInfo.InvariantCulture);
        var text = clamped.ToString("0.#", CultureInfo.InvariantCulture) + " %";
        var name = HtmlEncoder.Default.Encode($"{label}: {text}");
        return new HtmlString(
            $"<svg class=\"progress\" role=\"img\" aria-label=\"{name}\" viewBox=\"0 0 340 24\" width=\"100%\" height=\"24\" preserveAspectRatio=\"xMinYMid meet\">" +
            "<rect x=\"0\" y=\"4\" width=\"300\" height=\"16\" rx=\"4\" fill=\"#e3e8ef\"/>" +
            $"<rect x=\"0\" y=\"4\" width=\"{width}\" height=\"16\" rx=\"4\" fill=\"#1f6f43\"/>" +
            $"<text x=\"306\" y=\"17\" font-size=\"12\" fill=\"#1b1f24\">{HtmlEncoder.Default.Encode(text)}</text></svg>");
    }

    /// <summary>Horizontal bars, one per row, longest first as given; a table-like list for screen readers.</summary>
    public static IHtmlContent BarChart(string title, IReadOnlyList<(string Label, int Value)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Value));
        var svg = StartBars(title, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value) = rows[i];
            var y = i * BarRowHeight;
            var width = (int)Math.Round(200.0 * value / max);
            AppendBarLabel(svg, label, y, 22);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"130\" y=\"{y + 6}\" width=\"{width}\" height=\"16\" rx=\"3\" fill=\"#0b5cad\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{136 + width}\" y=\"{y + 18}\" font-size=\"12\" fill=\"#1b1f24\">{value}</text>");
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>
    /// A line over rounds on a fixed scale (<paramref name="min"/> to <paramref name="max"/>, with a
    /// zero line when the scale crosses it); a round without a value (suppressed, no answers) leaves a gap.
    /// </summary>
    public static IHtmlContent LineChart(string title, IReadOnlyList<(string Label, decimal? Value)> points, decimal min, decimal max)
    {
        ArgumentNullException.ThrowIfNull(points);
        const int width = 340, height = 160, left = 34, top = 10, bottom = 24;
        var plotHeight = height - top - bottom;
        var step = points.Count > 1 ? (width - left - 10) / (double)(points.Count - 1) : 0;
        double Y(decimal value) => top + plotHeight * (double)((max - Math.Clamp(value, min, max)) / (max - min));
        double X(int index) => left + (points.Count > 1 ? index * step : (width - left) / 2.0);
        string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new System.Text.StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"trend\" role=\"img\" aria-label=\"{HtmlEncoder.Default.Encode(title)}\" viewBox=\"0 0 {width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">");
        foreach (var tick in new[] { max, min < 0 && max > 0 ? 0 : (min + max) / 2, min })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - 4}\" y1=\"{F(Y(tick))}\" y2=\"{F(Y(tick))}\" stroke=\"#dde2e8\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{F(Y(tick) + 4)}\" font-size=\"10\" fill=\"#55606e\">{tick:0}</text>");
        }

        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"2\" points=\"{string.Join(' ', segment)}\"/>");
            }

            segment.Clear();
        }

        for (var i = 0; i < points.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i) - 8)}\" y=\"{height - 6}\" font-size=\"10\" fill=\"#55606e\">{HtmlEncoder.Default.Encode(points[i].Label)}</text>");
            if (points[i].Value is { } value)
            {
                segment.Add($"{F(X(i))},{F(Y(value))}");
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(i))}\" cy=\"{F(Y(value))}\" r=\"3.5\" fill=\"#0b5cad\"/>");
            }
            else
            {
                Flush();
            }
        }

        Flush();
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>
    /// Horizontal bars on a fixed 0–100 scale (scores and percentages, so groups compare at a glance);
    /// a row without a value gets no bar and says "not measured" rather than pretending to be 0.
    /// </summary>
    public static IHtmlContent PercentBars(string title, IReadOnlyList<(string Label, decimal? Value)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var svg = StartBars(title, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value) = rows[i];
            var y = i * BarRowHeight;
            AppendBarLabel(svg, label, y, 19);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"130\" y=\"{y + 6}\" width=\"180\" height=\"16\" rx=\"3\" fill=\"#e3e8ef\"/>");
            if (value is { } v)
            {
                var clamped = Math.Clamp(v, 0m, 100m);
                var width = (clamped * 1.8m).ToString("0.##", CultureInfo.InvariantCulture);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"130\" y=\"{y + 6}\" width=\"{width}\" height=\"16\" rx=\"3\" fill=\"#0b5cad\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"316\" y=\"{y + 18}\" font-size=\"12\" fill=\"#1b1f24\">{clamped.ToString("0.#", CultureInfo.InvariantCulture)}</text>");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"136\" y=\"{y + 18}\" font-size=\"12\" fill=\"#55606e\">not measured</text>");
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private const int BarRowHeight = 28;

    /// <summary>The opening of a bar chart of <paramref name="rows"/> rows, named <paramref name="title"/> for screen readers.</summary>
    private static System.Text.StringBuilder StartBars(string title, int rows)
    {
        var svg = new System.Text.StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"bars\" role=\"img\" aria-label=\"{HtmlEncoder.Default.Encode(title)}\" viewBox=\"0 0 360 {Math.Max(1, rows) * BarRowHeight}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">");
        return svg;
    }

    /// <summary>A bar's label at row top <paramref name="y"/>, cut with an ellipsis beyond <paramref name="longest"/> characters.</summary>
    private static void AppendBarLabel(System.Text.StringBuilder svg, string label, int y, int longest) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 18}\" font-size=\"12\" fill=\"#1b1f24\">{HtmlEncoder.Default.Encode(label.Length > longest ? label[..(longest - 1)] + "…" : label)}</text>");
}
