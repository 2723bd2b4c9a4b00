using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Organizations.Tests.Http;

/// <summary>Importing locations from CSV: valid rows are created in one write, every other row is reported by row and field.</summary>
public sealed class LocationImportTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Import = "/api/v1/locations/import";

    private static CancellationToken Cancel => MemberApi.Cancel;

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv, string contentType = "text/csv", string? idempotencyKey = null, byte[]? bytes = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Import) { Content = new ByteArrayContent(bytes ?? Encoding.UTF8.GetBytes(csv)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return await client.SendAsync(request, Cancel);
    }

    private static async Task<JsonElement> ImportedAsync(HttpClient client, string csv, string? idempotencyKey = null)
    {
        var response = await ImportAsync(client, csv, idempotencyKey: idempotencyKey);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return await MemberApi.JsonAsync(response);
    }

    private static List<(int Row, string Field)> Rejected(JsonElement result) =>
        [.. result.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("field").GetString()!))];

    private static async Task<JsonElement> AllLocationsAsync(ApiSession session) =>
        await MemberApi.GetJsonAsync(session.Client, "/api/v1/locations?pageSize=100");

    private static async Task<int> LocationCountAsync(ApiSession session) => (await AllLocationsAsync(session)).GetProperty("total").GetInt32();

    [Fact]
    public async Task A_mixed_file_creates_every_valid_row_and_reports_each_bad_row_with_its_row_number_and_field()
    {
        var owner = await platform.SignUpAsync();
        await LocationApi.CreateLocationAsync(owner.Client, "Airport");

        var result = await ImportedAsync(owner.Client, string.Join("\r\n",
            "name,region,code",
            "Harbour Street, North ,0042",
            ",North,1",
            "airport,South,2",
            "Old Town,," + new string('c', 33),
            "HARBOUR STREET,North,3",
            "",
            "Quay,West,",
            "Market,\"North\nEast\",4",
            "Dock,South,5,extra",
            ""));

        Assert.Equal(2, result.GetProperty("created").GetInt32());
        Assert.Equal([(2, "name"), (3, "name"), (4, "code"), (5, "name"), (8, "region"), (9, "row")], Rejected(result));
        Assert.All(result.GetProperty("rejected").EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("message").GetString())));
        var created = result.GetProperty("locations").EnumerateArray().ToList();
        Assert.Equal([(1, "Harbour Street"), (7, "Quay")], created.Select(l => (l.GetProperty("row").GetInt32(), l.GetProperty("name").GetString()!)));
        var harbour = await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/locations/{created[0].GetProperty("id").GetString()}");
        Assert.Equal("North", harbour.GetProperty("region").GetString());
        Assert.Equal("0042", harbour.GetProperty("code").GetString());
        var quay = await MemberApi.GetJsonAsync(owner.Client, $"/api/v1/locations/{created[1].GetProperty("id").GetString()}");
        Assert.Equal(JsonValueKind.Null, quay.GetProperty("code").ValueKind);
        Assert.Equal(["Airport", "Harbour Street", "Quay"], LocationApi.Names(await AllLocationsAsync(owner)));
    }

    [Fact]
    public async Task Columns_come_in_any_order_and_case_and_quoted_values_keep_commas_and_quotes()
    {
        var owner = await platform.SignUpAsync();

        var result = await ImportedAsync(owner.Client, "\uFEFFCode, NAME ,Region\n7,\"Smith, \"\"The Quay\"\"\",West\n");

        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.Empty(result.GetProperty("rejected").EnumerateArray());
        var location = Assert.Single((await AllLocationsAsync(owner)).GetProperty("items").EnumerateArray());
        Assert.Equal("Smith, \"The Quay\"", location.GetProperty("name").GetString());
        Assert.Equal("West", location.GetProperty("region").GetString());
        Assert.Equal("7", location.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_retried_import_with_the_same_key_is_replayed_and_a_repeated_file_creates_nothing_new()
    {
        var owner = await platform.SignUpAsync();
        const string csv = "name,region\nNorth Gate,North\nSouth Gate,South\n";
        var first = await ImportedAsync(owner.Client, csv, "import-1");

        var replay = await ImportAsync(owner.Client, csv, idempotencyKey: "import-1");
        await ApiSessions.EnsureAsync(replay, HttpStatusCode.OK);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetRawText(), (await MemberApi.JsonAsync(replay)).GetRawText());
        Assert.Equal(2, await LocationCountAsync(owner));

        var again = await ImportedAsync(owner.Client, csv);
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal([(1, "name"), (2, "name")], Rejected(again));
        Assert.Equal(2, await LocationCountAsync(owner));
    }

    [Fact]
    public async Task Rows_past_the_5000_location_cap_are_rejected_and_the_rows_before_them_created()
    {
        var owner = await platform.SignUpAsync();
        var filled = await ImportedAsync(owner.Client, "name\n" + string.Join('\n', Enumerable.Range(1, 4_999).Select(i => $"Store {i}")));
        Assert.Equal(4_999, filled.GetProperty("created").GetInt32());

        var result = await ImportedAsync(owner.Client, "name\nStore 5000\nStore 5001\nStore 5002");

        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.Equal("Store 5000", result.GetProperty("locations")[0].GetProperty("name").GetString());
        Assert.Equal([(2, "row"), (3, "row")], Rejected(result));
        Assert.Equal(5_000, await LocationCountAsync(owner));
    }

    [Fact]
    public async Task A_file_with_more_than_5000_rows_is_refused_as_a_whole_and_creates_nothing()
    {
        var owner = await platform.SignUpAsync();

        var response = await ImportAsync(owner.Client, "name\n" + string.Join('\n', Enumerable.Range(1, 5_001).Select(i => $"S{i}")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["rows"], await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(0, await LocationCountAsync(owner));
    }

    [Theory]
    [InlineData("")]
    [InlineData("region,code\nNorth,1")]
    [InlineData("name,city\nQuay,Paris")]
    public async Task A_file_without_a_usable_header_is_a_400_on_header_and_creates_nothing(string csv)
    {
        var owner = await platform.SignUpAsync();

        var response = await ImportAsync(owner.Client, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["header"], await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(0, await LocationCountAsync(owner));
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_a_400_on_body()
    {
        var owner = await platform.SignUpAsync();

        var response = await ImportAsync(owner.Client, "", bytes: Encoding.Latin1.GetBytes("name\nMünster"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["body"], await MemberApi.ErrorFieldsAsync(response));
        Assert.Equal(0, await LocationCountAsync(owner));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/vnd.ms-excel+json")]
    [InlineData("text/csv; charset=iso-8859-1")]
    public async Task Another_content_type_is_a_415_problem_and_creates_nothing(string contentType)
    {
        var owner = await platform.SignUpAsync();

        var response = await ImportAsync(owner.Client, "name\nQuay", contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("text/csv", (await MemberApi.JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await LocationCountAsync(owner));
    }

    [Theory]
    [InlineData("Leader")]
    [InlineData("Employee")]
    public async Task Only_an_owner_imports_and_a_leader_or_employee_gets_403_and_creates_nothing(string role)
    {
        var owner = await platform.SignUpAsync();
        var member = await platform.InviteMemberAsync(owner, role);

        var response = await ImportAsync(member.Client, "name\nQuay");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await LocationCountAsync(owner));
    }

    [Fact]
    public async Task A_csv_post_with_the_session_cookie_from_another_site_is_refused()
    {
        var owner = await platform.SignUpAsync();

        var response = await ImportAsync(owner.Client, "name\nQuay", origin: "https://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await LocationCountAsync(owner));
    }
}
