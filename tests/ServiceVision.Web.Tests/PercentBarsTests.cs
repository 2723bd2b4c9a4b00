using ServiceVision.Web.Infrastructure;

namespace ServiceVision.Web.Tests;

/// <summary>The 0–100 bars of the alignment page (<see cref="Charts.PercentBars"/>).</summary>
public sealed class PercentBarsTests
{
    [Fact]
    public void Bars_share_one_scale_and_a_missing_value_is_said_rather_than_drawn_as_zero()
    {
        var svg = Charts.PercentBars("Alignment", [("Kitchen", 50m), ("Reception", null), ("Bar", 140m)]).ToString()!;

        Assert.Contains("width=\"90\" height=\"16\" rx=\"3\" fill=\"#0b5cad\"", svg, StringComparison.Ordinal);
        Assert.Contains("width=\"180\" height=\"16\" rx=\"3\" fill=\"#0b5cad\"", svg, StringComparison.Ordinal);
        Assert.Equal(2, svg.Split("fill=\"#0b5cad\"", StringSplitOptions.None).Length - 1);
        Assert.Contains("not measured", svg, StringComparison.Ordinal);
        Assert.Contains(">100</text>", svg, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Alignment\"", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_are_encoded()
    {
        var svg = Charts.PercentBars("Per <group>", [("<script>", 10m)]).ToString()!;

        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", svg, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Per &lt;group&gt;\"", svg, StringComparison.Ordinal);
    }
}
