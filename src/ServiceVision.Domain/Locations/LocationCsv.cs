using System.Text;

namespace ServiceVision.Domain.Locations;

/// <summary>One record of a CSV text: its cells, and whether its last cell opened a quote that never closed.</summary>
public sealed record CsvRecord(IReadOnlyList<string> Cells, bool Unterminated);

/// <summary>A data row that passed every check of the file itself (<see cref="LocationRules"/>, names unique within the file).</summary>
/// <param name="Row">1-based number of the data row (the first row after the header is 1).</param>
public sealed record LocationCsvRow(int Row, string Name, string? Region, string? Code);

/// <summary>A data row that is not imported, with the column at fault ("row" when the row as a whole is).</summary>
public sealed record LocationCsvRejection(int Row, string Field, string Message);

/// <summary>
/// What a locations file holds: the rows to create, the rows rejected, and the problems of the file as
/// a whole (<see cref="Errors"/>: a missing or unknown column, too many rows), which reject it entirely.
/// </summary>
public sealed record LocationCsvFile(IReadOnlyList<LocationCsvRow> Rows, IReadOnlyList<LocationCsvRejection> Rejected, IReadOnlyList<ValidationError> Errors);

/// <summary>
/// Reads a CSV file of locations: a header row naming the columns (<c>name</c> required, <c>region</c> and
/// <c>code</c> optional; any order, any case, surrounding spaces ignored), then one location per row.
/// CSV as in RFC 4180 (the format <see cref="Surveys.SurveyCsv"/> writes): comma separated, CRLF, LF or CR
/// line ends, a field in double quotes may hold commas, line breaks and doubled quotes. The reader is
/// lenient where a spreadsheet is sloppy: a quote inside an unquoted field is kept as text, a row with
/// fewer cells than the header has the missing cells empty, and a row whose cells are all blank is
/// skipped (it still counts, so row numbers match the file). A leading byte order mark is ignored.
/// </summary>
public static class LocationCsv
{
    /// <summary>The most data rows one file may hold (as many as an organization may have locations).</summary>
    public const int MaxRows = LocationRules.MaxLocations;

    public const string NameColumn = "name";
    public const string RegionColumn = "region";
    public const string CodeColumn = "code";

    private static readonly string[] columns = [NameColumn, RegionColumn, CodeColumn];

    /// <summary>
    /// The file's locations. Each data row is checked with <see cref="LocationRules.Validate"/> (one rejection
    /// per field at fault); a name that an earlier row of the file has already (ignoring case) is rejected on
    /// <c>name</c>. Whether a name exists in the organization, and the location cap, are the organization's to say.
    /// </summary>
    public static LocationCsvFile Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = Records(text);
        if (records.Count == 0)
        {
            return Refused("header", "The file is empty: its first row names the columns (name, region, code).");
        }

        var (positions, headerErrors) = Header(records[0]);
        if (headerErrors.Count > 0)
        {
            return new LocationCsvFile([], [], headerErrors);
        }

        if (records.Count - 1 > MaxRows)
        {
            return Refused("rows", $"The file has {records.Count - 1} data rows; at most {MaxRows} can be imported at once.");
        }

        var rows = new List<LocationCsvRow>();
        var rejected = new List<LocationCsvRejection>();
        var firstRowOfName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < records.Count; i++)
        {
            var record = records[i];
            var row = i;
            if (record.Cells.All(string.IsNullOrWhiteSpace) && !record.Unterminated)
            {
                continue;
            }

            if (record.Cells.Count > positions.Count)
            {
                rejected.Add(new LocationCsvRejection(row, "row", $"This row has {record.Cells.Count} cells but the header names {positions.Count} columns (a comma in a value needs the value in double quotes)."));
                continue;
            }

            if (record.Unterminated)
            {
                var column = positions.First(p => p.Value == record.Cells.Count - 1).Key;
                rejected.Add(new LocationCsvRejection(row, column, "A double quote opens this value and is never closed, so the rest of the file was read into it."));
                continue;
            }

            string? Cell(string column) => positions.TryGetValue(column, out var index) && index < record.Cells.Count ? record.Cells[index] : null;
            var name = Cell(NameColumn);
            var region = Cell(RegionColumn);
            var code = Cell(CodeColumn);
            var errors = LocationRules.Validate(name, region, code);
            if (errors.Count > 0)
            {
                rejected.AddRange(errors.Select(e => new LocationCsvRejection(row, e.Field, e.Message)));
                continue;
            }

            var key = name!.Trim();
            if (firstRowOfName.TryGetValue(key, out var first))
            {
                rejected.Add(new LocationCsvRejection(row, "name", $"Row {first} of the file has this name already; location names are unique (ignoring case)."));
                continue;
            }

            firstRowOfName[key] = row;
            rows.Add(new LocationCsvRow(row, name, region, code));
        }

        return new LocationCsvFile(rows, rejected, []);
    }

    /// <summary>
    /// The records of a CSV text (RFC 4180, leniently: see <see cref="LocationCsv"/>). A line break ends a
    /// record unless it is inside quotes; the text's last line break ends the last record (no empty one follows).
    /// </summary>
    public static IReadOnlyList<CsvRecord> Records(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<CsvRecord>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var inQuotes = false;
        var cellQuoted = false;
        var inRecord = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            inRecord = true;
            if (inQuotes)
            {
                if (c != '"')
                {
                    cell.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0 && !cellQuoted:
                    inQuotes = true;
                    cellQuoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    cellQuoted = false;
                    break;
                case '\r' or '\n':
                    cells.Add(cell.ToString());
                    records.Add(new CsvRecord([.. cells], Unterminated: false));
                    cells.Clear();
                    cell.Clear();
                    cellQuoted = false;
                    inRecord = false;
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        if (inRecord)
        {
            cells.Add(cell.ToString());
            records.Add(new CsvRecord([.. cells], Unterminated: inQuotes));
        }

        return records;
    }

    private static (Dictionary<string, int> Positions, List<ValidationError> Errors) Header(CsvRecord header)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<ValidationError>();
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var name = header.Cells[i].Trim().ToLowerInvariant();
            if (!columns.Contains(name))
            {
                var shown = header.Cells[i].Length > 40 ? header.Cells[i][..40] + "…" : header.Cells[i];
                errors.Add(new ValidationError("header", $"Column {i + 1} ('{shown}') is not one of name, region, code; the first row must name the columns."));
            }
            else if (!positions.TryAdd(name, i))
            {
                errors.Add(new ValidationError("header", $"The column '{name}' appears twice."));
            }
        }

        if (header.Unterminated)
        {
            errors.Add(new ValidationError("header", "A double quote in the header row is never closed."));
        }
        else if (errors.Count == 0 && !positions.ContainsKey(NameColumn))
        {
            errors.Add(new ValidationError("header", "The header has no 'name' column; the first row must name the columns (name, region, code)."));
        }

        return (positions, errors);
    }

    private static LocationCsvFile Refused(string field, string message) => new([], [], [new ValidationError(field, message)]);
}
