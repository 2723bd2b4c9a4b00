using ServiceVision.Domain.Networks;

namespace ServiceVision.Domain.Tests.Networks;

public sealed class NetworkDashboardCsvTests
{
    private static readonly DateTimeOffset Audited = new(2030, 4, 2, 9, 30, 0, TimeSpan.FromHours(2));

    private static readonly IReadOnlyList<DashboardPillar> Pillars = [new("pil_care", "Care, always"), new("pil_speed", "Speed")];

    [Fact]
    public void The_header_names_the_fixed_columns_and_one_column_per_pillar_in_order()
    {
        var csv = NetworkDashboardCsv.Write([], Pillars);

        var header = csv.Split("\r\n")[0];
        Assert.StartsWith("locationId,name,region,adoptionState,", header, StringComparison.Ordinal);
        Assert.Contains(",pulsePercent,\"recognitions: Care, always\",recognitions: Speed,latestRecognitionAt,", header, StringComparison.Ordinal);
        Assert.EndsWith(",alignment", header, StringComparison.Ordinal);
        Assert.Equal("\r\n", csv[^2..]);
    }

    [Fact]
    public void A_row_writes_numbers_as_numbers_dates_in_utc_and_empty_cells_for_what_was_not_measured()
    {
        var row = NetworkDashboard.Row(
            NetworkDashboardTests.Input(
                "loc_1",
                region: "North",
                adoption: new NetworkAdoptionCell(NetworkAdoptionCell.Pending, 2, 1, null),
                training: NetworkDashboardTests.Training(3, 2, overdue: 1),
                nps: -40m,
                recognitions: new() { ["pil_speed"] = 3 },
                audit: new NetworkAuditCell(72.5m, Audited)),
            Pillars);

        var lines = NetworkDashboardCsv.Write([row], Pillars).Split("\r\n");
        var header = lines[0].Replace("\"recognitions: Care, always\"", "care", StringComparison.Ordinal).Split(',');
        var cells = lines[1].Split(',');
        string Cell(string column) => cells[Array.IndexOf(header, column)];

        Assert.Equal(header.Length, cells.Length);
        Assert.Equal("Location loc_1", Cell("name"));
        Assert.Equal("Pending", Cell("adoptionState"));
        Assert.Equal("2", Cell("offeredVersion"));
        Assert.Equal("1", Cell("adoptedVersion"));
        Assert.Equal("", Cell("adoptedAt"));
        Assert.Equal("rol_1", Cell("trainingRolloutId"));
        Assert.Equal("3", Cell("trainingMembers"));
        Assert.Equal("1", Cell("trainingOverdue"));
        Assert.Equal("66.6", Cell("trainingPercentComplete"));
        Assert.Equal("-40", Cell("nps"));
        Assert.Equal("", Cell("csatPercent"));
        Assert.Equal("0", Cell("care"));
        Assert.Equal("3", Cell("recognitions: Speed"));
        Assert.Equal("72.5", Cell("auditScore"));
        Assert.Equal("2030-04-02T07:30:00Z", Cell("auditedAt"));
        Assert.Equal("30", Cell("customerPercent"));
        Assert.Equal(row.Alignment!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Cell("alignment"));
    }

    [Fact]
    public void Location_names_are_quoted_and_defused_against_formula_injection()
    {
        var input = NetworkDashboardTests.Input("loc_2") with { Name = "=HYPERLINK(\"x\")", Region = "North, \"old\" town" };

        var line = NetworkDashboardCsv.Write([NetworkDashboard.Row(input, [])], []).Split("\r\n")[1];

        Assert.StartsWith("loc_2,\"'=HYPERLINK(\"\"x\"\")\",\"North, \"\"old\"\" town\",NotOffered,", line, StringComparison.Ordinal);
    }
}
