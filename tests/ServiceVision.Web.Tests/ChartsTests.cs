using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Tests;

/// <summary>The server-side SVG pictures.</summary>
public sealed class ChartsTests
{
    [Theory]
    [InlineData(0, "0", "Complete: 0 %")]
    [InlineData(50, "150", "Complete: 50 %")]
    [InlineData(100, "300", "Complete: 100 %")]
    [InlineData(140, "300", "Complete: 100 %")]
    public void A_progress_bar_fills_in_proportion_and_names_its_value(int percent, string width, string name)
    {
        var svg = Charts.ProgressBar(percent, "Complete").ToString()!;

        Assert.Contains($"aria-label=\"{name}\"", svg, StringComparison.Ordinal);
        Assert.Contains($"width=\"{width}\" height=\"16\" rx=\"4\" fill=\"#1f6f43\"", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trend_line_leaves_a_gap_where_a_round_has_no_value()
    {
        var svg = Charts.LineChart("NPS", [("R1", 10m), ("R2", 20m), ("R3", null), ("R4", -30m), ("R5", 40m)], -100, 100).ToString()!;

        Assert.Equal(2, svg.Split("<polyline", StringSplitOptions.None).Length - 1);
        Assert.Equal(4, svg.Split("<circle", StringSplitOptions.None).Length - 1);
    }

    [Fact]
    public void Bar_labels_are_encoded()
    {
        var svg = Charts.BarChart("Per pillar", [("<script>", 3), ("Care", 1)]).ToString()!;

        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", svg, StringComparison.Ordinal);
    }
}
