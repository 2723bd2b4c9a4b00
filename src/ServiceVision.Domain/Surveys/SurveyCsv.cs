using System.Globalization;
using System.Text;

namespace ServiceVision.Domain.Surveys;

/// <summary>
/// CSV (RFC 4180: comma separated, CRLF line ends, a field with a comma, quote or line break in
/// double quotes, quotes doubled). Text cells that a spreadsheet would run as a formula (starting with
/// =, +, -, @, tab or carriage return) get a leading apostrophe; numbers are written as numbers.
/// </summary>
public static class SurveyCsv
{
    /// <summary>A text cell, safe against formula injection and quoted when needed.</summary>
    public static string Text(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 || (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '))
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }

    /// <summary>A number cell (invariant culture); empty for null.</summary>
    public static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// The results as a table: one row for the whole view and one per shown group, with the response
    /// count, the scores and the average of every scale question (header: the question texts).
    /// A suppressed view gives the header only.
    /// </summary>
    public static string Export(IReadOnlyList<SurveyQuestion> questions, SurveyResultsView results)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(results);
        var scales = questions.Where(q => q.Type == QuestionType.Scale).ToList();
        var csv = new StringBuilder();
        var header = new List<string> { "dimension", "group", "responses", "nps", "csatAverage", "csatPercent", "pulsePercent" };
        header.AddRange(scales.Select(q => q.Text));
        Line(csv, header.Select(Text));
        if (results.Suppressed)
        {
            return csv.ToString();
        }

        Row(csv, "Organization", "", results.Responses ?? 0, results.Scores!, results.Questions, scales);
        foreach (var group in results.Breakdown)
        {
            Row(csv, results.BreakdownBy?.ToString() ?? "", group.GroupId, group.Responses, group.Scores, group.Questions, scales);
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, string dimension, string group, int responses, ScoreSummary scores, IReadOnlyList<QuestionResult> questions, List<SurveyQuestion> scales)
    {
        var cells = new List<string>
        {
            Text(dimension),
            Text(group),
            responses.ToString(CultureInfo.InvariantCulture),
            Number(scores.Nps),
            Number(scores.CsatAverage),
            Number(scores.CsatPercent),
            Number(scores.PulsePercent),
        };
        cells.AddRange(scales.Select(q => Number(questions.FirstOrDefault(r => r.QuestionId == q.Id)?.Average)));
        Line(csv, cells);
    }

    private static void Line(StringBuilder csv, IEnumerable<string> cells) => csv.Append(string.Join(',', cells)).Append("\r\n");
}
