using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using ServiceVision.Api;
using ServiceVision.Domain.Locations;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;

namespace ServiceVision.Organizations.Http;

/// <param name="Created">How many locations the import created.</param>
/// <param name="Rejected">Every row not imported, by row number (the first row after the header is 1) and column; a row may appear once per field at fault.</param>
/// <param name="Locations">The created locations with the rows they came from.</param>
public sealed record LocationImportResult(int Created, IReadOnlyList<LocationImportRowError> Rejected, IReadOnlyList<ImportedLocation> Locations);

public sealed record LocationImportRowError(int Row, string Field, string Message);

public sealed record ImportedLocation(int Row, string Id, string Name);

/// <summary>
/// Importing locations from a CSV file (POST /api/v1/locations/import, text/csv): every valid row is
/// created in one write to the organization, every other row is reported and changes nothing.
/// </summary>
public static class LocationImportEndpoints
{
    public const string CsvMediaType = "text/csv";

    private static readonly UTF8Encoding strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <remarks>
    /// The body is read by the handler, not declared with Accepts: routing would answer any other content type
    /// with a bare 415, where the handler's 415 says what to send.
    /// </remarks>
    public static IEndpointRouteBuilder MapLocationImportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/locations/import", ImportAsync)
            .WithTags("Locations")
            .WithSummary("Imports locations from a CSV file (text/csv, UTF-8; header row naming name, region, code; at most 5,000 rows): valid rows are created, the others reported by row and field.")
            .WithIdempotency()
            .RequireAuthorization(Policies.Owner);
        return routes;
    }

    private static async Task<Results<Ok<LocationImportResult>, ProblemHttpResult>> ImportAsync(HttpRequest request, Caller caller, IGrainFactory grains)
    {
        if (!IsUtf8Csv(request.ContentType))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type.",
                detail: "Send the file itself as the body with Content-Type: text/csv (UTF-8; charset=utf-8 or none).");
        }

        string text;
        try
        {
            using var reader = new StreamReader(request.Body, strictUtf8, detectEncodingFromByteOrderMarks: false);
            text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        catch (DecoderFallbackException)
        {
            throw new ValidationFailedException("body", "The file is not UTF-8 text; save it as \"CSV UTF-8\".");
        }

        var file = LocationCsv.Read(text);
        ValidationFailedException.ThrowIfAny(file.Errors);

        var rows = file.Rows;
        var locations = rows.Select(r => new NewLocation(Ids.New("loc"), r.Name, r.Region, r.Code, caller.MemberId)).ToList();
        var outcome = locations.Count == 0
            ? new LocationImportOutcome([], [])
            : await grains.GetGrain<IOrganizationGrain>(caller.OrganizationId).ImportLocations(locations);

        var rowOf = locations.Select((l, i) => (l.Id, rows[i].Row)).ToDictionary(p => p.Id, p => p.Row, StringComparer.Ordinal);
        var rejected = file.Rejected.Select(r => new LocationImportRowError(r.Row, r.Field, r.Message))
            .Concat(outcome.Rejected.Select(r => new LocationImportRowError(rows[r.Index].Row, r.Field, r.Message)))
            .OrderBy(r => r.Row)
            .ToList();
        var created = outcome.Created.Select(l => new ImportedLocation(rowOf[l.Id], l.Id, l.Name)).OrderBy(l => l.Row).ToList();
        return TypedResults.Ok(new LocationImportResult(created.Count, rejected, created));
    }

    private static bool IsUtf8Csv(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase)
        && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
}
