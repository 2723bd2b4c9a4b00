using ServiceVision.Domain.Locations;

namespace ServiceVision.Domain.Tests.Locations;

public sealed class LocationCsvTests
{
    private static IEnumerable<(int Row, string Field)> Rejections(LocationCsvFile file) => file.Rejected.Select(r => (r.Row, r.Field));

    [Fact]
    public void Every_row_of_a_well_formed_file_becomes_a_location_numbered_from_the_first_data_row()
    {
        var file = LocationCsv.Read("name,region,code\r\nHarbour Street,North,0042\r\nAirport,,\r\n");

        Assert.Empty(file.Errors);
        Assert.Empty(file.Rejected);
        Assert.Equal([new LocationCsvRow(1, "Harbour Street", "North", "0042"), new LocationCsvRow(2, "Airport", "", "")], file.Rows);
    }

    [Fact]
    public void Columns_come_in_any_order_and_case_and_only_name_is_required()
    {
        var reordered = LocationCsv.Read(" CODE ,Name,Region\n7,Quay,West");
        var nameOnly = LocationCsv.Read("NAME\nQuay");

        Assert.Equal([new LocationCsvRow(1, "Quay", "West", "7")], reordered.Rows);
        Assert.Equal([new LocationCsvRow(1, "Quay", null, null)], nameOnly.Rows);
    }

    [Fact]
    public void Quoted_fields_hold_commas_and_doubled_quotes()
    {
        var file = LocationCsv.Read("name,region\n\"Smith, \"\"The Quay\"\"\",\" North \"\n");

        Assert.Equal([new LocationCsvRow(1, "Smith, \"The Quay\"", " North ", null)], file.Rows);
    }

    [Fact]
    public void A_quoted_line_break_is_one_value_and_a_location_refuses_it_on_that_column()
    {
        Assert.Equal([["A", "North\nEast"], ["B", ""]], LocationCsv.Records("A,\"North\nEast\"\r\nB,").Select(r => r.Cells));

        var file = LocationCsv.Read("name,region\nA,\"North\nEast\"\nB,South");

        Assert.Equal([(1, "region")], Rejections(file));
        Assert.Equal(["B"], file.Rows.Select(r => r.Name));
    }

    [Fact]
    public void A_byte_order_mark_and_any_line_end_are_accepted()
    {
        var file = LocationCsv.Read("\uFEFFname\rA\nB\r\nC");

        Assert.Empty(file.Errors);
        Assert.Equal(["A", "B", "C"], file.Rows.Select(r => r.Name));
    }

    [Fact]
    public void Each_invalid_row_is_reported_with_its_row_number_and_the_field_at_fault_and_the_others_still_import()
    {
        var file = LocationCsv.Read(string.Join('\n',
            "name,region,code",
            "Good one,North,1",
            ",North,2",
            "Too long code,North," + new string('c', 33),
            "Also good,,",
            $"{new string('n', 101)},{new string('r', 101)},"));

        Assert.Equal(["Good one", "Also good"], file.Rows.Select(r => r.Name));
        Assert.Equal([(2, "name"), (3, "code"), (5, "name"), (5, "region")], Rejections(file));
        Assert.All(file.Rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
    }

    [Fact]
    public void A_name_repeated_in_the_file_ignoring_case_and_spaces_is_rejected_after_its_first_row()
    {
        var file = LocationCsv.Read("name\nQuay\n quay \nQUAY\nDock");

        Assert.Equal(["Quay", "Dock"], file.Rows.Select(r => r.Name));
        Assert.Equal([(2, "name"), (3, "name")], Rejections(file));
        Assert.Contains("Row 1", file.Rejected[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_rows_are_skipped_but_counted_so_row_numbers_match_the_file()
    {
        var file = LocationCsv.Read("name,region\nA,North\n\n,\nB,South\n");

        Assert.Equal([(1, "A"), (4, "B")], file.Rows.Select(r => (r.Row, r.Name)));
        Assert.Empty(file.Rejected);
    }

    [Fact]
    public void A_row_with_more_cells_than_columns_is_rejected_as_a_row_and_fewer_cells_are_empty()
    {
        var file = LocationCsv.Read("name,region,code\nSmith, Quay,North,1\nShort");

        Assert.Equal([(1, "row")], Rejections(file));
        Assert.Equal([new LocationCsvRow(2, "Short", null, null)], file.Rows);
    }

    [Fact]
    public void A_quote_that_never_closes_rejects_its_row_on_its_column()
    {
        var file = LocationCsv.Read("name,region\nA,North\nB,\"South\nC,East\n");

        Assert.Equal(["A"], file.Rows.Select(r => r.Name));
        Assert.Equal([(2, "region")], Rejections(file));
    }

    [Fact]
    public void A_quote_inside_an_unquoted_value_is_kept_as_text() =>
        Assert.Equal("O\"Brien's", Assert.Single(LocationCsv.Read("name\nO\"Brien's").Rows).Name);

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("region,code\nNorth,1")]
    [InlineData("name,city\nA,B")]
    [InlineData("name,Name\nA,B")]
    [InlineData("\"name\nA")]
    public void A_file_without_a_usable_header_is_refused_as_a_whole(string text)
    {
        var file = LocationCsv.Read(text);

        Assert.Equal(["header"], file.Errors.Select(e => e.Field).Distinct());
        Assert.Empty(file.Rows);
        Assert.Empty(file.Rejected);
    }

    [Fact]
    public void At_most_5000_data_rows_are_read_and_a_longer_file_is_refused_as_a_whole()
    {
        var most = "name\n" + string.Join('\n', Enumerable.Range(1, LocationCsv.MaxRows).Select(i => "Location " + i));
        var tooMany = most + "\nOne more";

        Assert.Equal(5000, LocationCsv.Read(most).Rows.Count);
        var refused = LocationCsv.Read(tooMany);
        Assert.Equal(["rows"], refused.Errors.Select(e => e.Field));
        Assert.Empty(refused.Rows);
    }

    [Fact]
    public void Records_end_at_the_last_line_break_without_an_empty_record_after_it()
    {
        Assert.Equal(2, LocationCsv.Records("a,b\r\nc,d\r\n").Count);
        Assert.Equal(2, LocationCsv.Records("a,b\r\nc,d").Count);
        Assert.Equal([["a", "b"], ["", ""]], LocationCsv.Records("a,b\n,\n").Select(r => r.Cells));
        Assert.Empty(LocationCsv.Records(""));
    }
}
