using System.Globalization;
using System.Text;
using ServiceVision.Domain.Surveys;

namespace ServiceVision.Domain.Networks;

/// <summary>
/// The network dashboard as CSV, one row per location in the order given, with the escaping of
/// <see cref="SurveyCsv"/> (RFC 4180, CRLF, formula injection neutralized). One "recognitions: pillar"
/// column per pillar of the current vision, in its order; dates in UTC ISO 8601; empty cells for
/// what was not measured. The totals are not a row: a sheet sums the columns itself.
/// </summary>
public static class NetworkDashboardCsv
{
    /// <summary>The fixed columns before the pillars' columns.</summary>
    public static IReadOnlyList<string> LeadingColumns { get; } =
    [
        "locationId", "name", "region",
        "adoptionState", "offeredVersion", "adoptedVersion", "adoptedAt",
        "trainingRolloutId", "trainingMembers", "trainingCompleted", "trainingOverdue", "trainingPercentComplete",
        "nps", "csatPercent", "pulsePercent",
    ];

    /// <summary>The fixed columns after the pillars' columns.</summary>
    public static IReadOnlyList<string> TrailingColumns { get; } =
    [
        "latestRecognitionAt", "auditScore", "auditedAt",
        "adoptionPercent", "trainingPercent", "customerPercent", "recognitionCoveragePercent", "auditPercent",
        "alignment",
    ];

    public static string Write(IReadOnlyList<NetworkLocationRow> rows, IReadOnlyList<DashboardPillar> pillars)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(pillars);
        var csv = new StringBuilder();
        Line(csv, [.. LeadingColumns, .. pillars.Select(p => "recognitions: " + p.Text), .. TrailingColumns], text: true);
        foreach (var row in rows)
        {
            var counts = row.Recognitions.ToDictionary(r => r.PillarId, r => r.Count, StringComparer.Ordinal);
            var c = row.Components;
            Line(csv, [
                SurveyCsv.Text(row.LocationId), SurveyCsv.Text(row.Name), SurveyCsv.Text(row.Region),
                SurveyCsv.Text(row.Adoption.State), Whole(row.Adoption.OfferedVersion), Whole(row.Adoption.AdoptedVersion), Date(row.Adoption.AdoptedAt),
                SurveyCsv.Text(row.Training?.RolloutId), Whole(row.Training?.Members), Whole(row.Training?.Completed), Whole(row.Training?.Overdue), SurveyCsv.Number(row.Training?.PercentComplete),
                SurveyCsv.Number(row.Nps), SurveyCsv.Number(row.CsatPercent), SurveyCsv.Number(row.PulsePercent),
                .. pillars.Select(p => Whole(counts.GetValueOrDefault(p.Id))),
                Date(row.LatestRecognitionAt), SurveyCsv.Number(row.Audit?.Score), Date(row.Audit?.VisitedAt),
                SurveyCsv.Number(c.AdoptionPercent), SurveyCsv.Number(c.TrainingPercent), SurveyCsv.Number(c.CustomerPercent), SurveyCsv.Number(c.RecognitionCoveragePercent), SurveyCsv.Number(c.AuditPercent),
                SurveyCsv.Number(row.Alignment),
            ], text: false);
        }

        return csv.ToString();
    }

    private static string Whole(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Date(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    // Numbers are written as numbers (a negative NPS must stay a number, not become defused text); text cells are escaped by the caller, or here for the header.
    private static void Line(StringBuilder csv, IEnumerable<string> cells, bool text) =>
        csv.Append(string.Join(',', text ? cells.Select(SurveyCsv.Text) : cells)).Append("\r\n");
}
