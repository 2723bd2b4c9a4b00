using System.Globalization;
using System.Security;
using System.Text;

namespace ServiceVision.Bench.Reporting;

/// <summary>Self-made SVG charts (no script, no CDN): bars for the ratios, a line for the scale curve.</summary>
internal static class Svg
{
    private const string Font = "font-family=\"system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif\"";

    /// <summary>Horizontal bars, one per ratio, grouped; a dashed mark where a ratio has a goal.</summary>
    public static string Bars(IReadOnlyList<RatioFigure> ratios, string title)
    {
        const int width = 980;
        const int labelWidth = 470;
        const int barLeft = labelWidth + 10;
        const int barWidth = width - barLeft - 70;
        const int row = 24;
        const int top = 70;
        var max = Math.Max(1.0, Math.Ceiling(ratios.Select(r => Math.Max(r.Ratio, r.Goal ?? 0)).DefaultIfEmpty(1).Max() * 4) / 4);
        var groups = ratios.GroupBy(r => r.Group).ToList();
        var height = top + ((ratios.Count + groups.Count) * row) + 40;
        var svg = Start(width, height, title);

        // Grid and axis labels.
        for (var tick = 0.0; tick <= max + 1e-9; tick += max > 2 ? 0.5 : 0.25)
        {
            var x = barLeft + (tick / max * barWidth);
            svg.AppendLine(Invariant($"<line x1=\"{x:0.#}\" y1=\"{top - 8}\" x2=\"{x:0.#}\" y2=\"{height - 30}\" stroke=\"#ddd\" />"));
            svg.AppendLine(Invariant($"<text x=\"{x:0.#}\" y=\"{height - 14}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\" {Font}>{tick:0.##}</text>"));
        }

        var y = top;
        foreach (var group in groups)
        {
            svg.AppendLine(Invariant($"<text x=\"8\" y=\"{y + 16}\" font-size=\"13\" font-weight=\"bold\" fill=\"#222\" {Font}>{Escape(group.Key)}</text>"));
            y += row;
            foreach (var ratio in group)
            {
                var length = Math.Max(1, Math.Min(ratio.Ratio, max) / max * barWidth);
                var color = ratio.Goal is { } goal ? (ratio.Ratio >= goal ? "#2e8b57" : "#d2691e") : "#4682b4";
                svg.AppendLine(Invariant($"<text x=\"{labelWidth}\" y=\"{y + 16}\" font-size=\"12\" text-anchor=\"end\" fill=\"#222\" {Font}>{Escape(ratio.Label)}</text>"));
                svg.AppendLine(Invariant($"<rect x=\"{barLeft}\" y=\"{y + 4}\" width=\"{length:0.#}\" height=\"{row - 8}\" fill=\"{color}\" />"));
                var labelAt = barLeft + Math.Max(length, ratio.Goal is { } mark ? Math.Min(mark, max) / max * barWidth : 0) + 5;
                svg.AppendLine(Invariant($"<text x=\"{labelAt:0.#}\" y=\"{y + 16}\" font-size=\"12\" fill=\"#222\" {Font}>{Figures.Ratio(ratio.Ratio)}</text>"));
                if (ratio.Goal is { } g)
                {
                    var gx = barLeft + (Math.Min(g, max) / max * barWidth);
                    svg.AppendLine(Invariant($"<line x1=\"{gx:0.#}\" y1=\"{y + 1}\" x2=\"{gx:0.#}\" y2=\"{y + row - 1}\" stroke=\"#b22222\" stroke-width=\"2\" stroke-dasharray=\"3,2\" />"));
                }

                y += row;
            }
        }

        svg.AppendLine(Invariant($"<text x=\"8\" y=\"42\" font-size=\"11\" fill=\"#555\" {Font}>measured ÷ baseline · green: goal met · orange: below its goal (dashed red mark) · blue: no goal set</text>"));
        return End(svg);
    }

    /// <summary>Time against size, with the straight line the first segment predicts.</summary>
    public static string Curve(IReadOnlyList<CurvePoint> points, string title, string xLabel, string yLabel)
    {
        const int width = 720;
        const int height = 420;
        const int left = 70;
        const int right = 30;
        const int top = 50;
        const int bottom = 60;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var maxX = points.Max(p => p.Size);
        var first = points.FirstOrDefault(p => p.Size > 0);
        var linearAtEnd = first is null ? 0 : first.Seconds / first.Size * maxX;
        var maxY = NiceCeiling(Math.Max(points.Max(p => p.Seconds), linearAtEnd));
        var svg = Start(width, height, title);

        double X(double size) => left + (size / maxX * plotWidth);
        double Y(double seconds) => top + plotHeight - (seconds / maxY * plotHeight);

        foreach (var tick in Ticks(maxY))
        {
            svg.AppendLine(Invariant($"<line x1=\"{left}\" y1=\"{Y(tick):0.#}\" x2=\"{width - right}\" y2=\"{Y(tick):0.#}\" stroke=\"#e5e5e5\" />"));
            svg.AppendLine(Invariant($"<text x=\"{left - 6}\" y=\"{Y(tick) + 4:0.#}\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\" {Font}>{tick:0.##}</text>"));
        }

        foreach (var tick in Ticks(maxX))
        {
            svg.AppendLine(Invariant($"<text x=\"{X(tick):0.#}\" y=\"{top + plotHeight + 18}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\" {Font}>{tick:N0}</text>"));
        }

        svg.AppendLine(Invariant($"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{width - right}\" y2=\"{top + plotHeight}\" stroke=\"#333\" />"));
        svg.AppendLine(Invariant($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" stroke=\"#333\" />"));
        svg.AppendLine(Invariant($"<text x=\"{left + (plotWidth / 2)}\" y=\"{height - 18}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222\" {Font}>{Escape(xLabel)}</text>"));
        svg.AppendLine(Invariant($"<text x=\"16\" y=\"{top + (plotHeight / 2)}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222\" transform=\"rotate(-90 16 {top + (plotHeight / 2)})\" {Font}>{Escape(yLabel)}</text>"));

        if (first is not null)
        {
            svg.AppendLine(Invariant($"<line x1=\"{X(0):0.#}\" y1=\"{Y(0):0.#}\" x2=\"{X(maxX):0.#}\" y2=\"{Y(linearAtEnd):0.#}\" stroke=\"#999\" stroke-dasharray=\"5,4\" />"));
            svg.AppendLine(Invariant($"<text x=\"{X(maxX) - 4:0.#}\" y=\"{Y(linearAtEnd) - 6:0.#}\" font-size=\"11\" text-anchor=\"end\" fill=\"#777\" {Font}>linear from the first {first.Size:N0}</text>"));
        }

        var line = string.Join(' ', points.Select(p => Invariant($"{X(p.Size):0.#},{Y(p.Seconds):0.#}")));
        svg.AppendLine(Invariant($"<polyline points=\"{line}\" fill=\"none\" stroke=\"#4682b4\" stroke-width=\"2.5\" />"));
        foreach (var p in points)
        {
            svg.AppendLine(Invariant($"<circle cx=\"{X(p.Size):0.#}\" cy=\"{Y(p.Seconds):0.#}\" r=\"3.5\" fill=\"#4682b4\"><title>{p.Size:N0}: {p.Seconds:0.0} s</title></circle>"));
        }

        return End(svg);
    }

    private static StringBuilder Start(int width, int height, string title)
    {
        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Escape(title)}\">"));
        svg.AppendLine(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\" />"));
        svg.AppendLine(Invariant($"<text x=\"8\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#111\" {Font}>{Escape(title)}</text>"));
        return svg;
    }

    private static string End(StringBuilder svg) => svg.AppendLine("</svg>").ToString();

    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static IEnumerable<double> Ticks(double max)
    {
        var step = NiceCeiling(max / 5);
        for (var tick = 0.0; tick <= max + 1e-9; tick += step)
        {
            yield return tick;
        }
    }

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
