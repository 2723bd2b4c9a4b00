using System.Net;
using ServiceVision.Testing;
using static ServiceVision.Organizations.Tests.Http.VisionHttp;

namespace ServiceVision.Organizations.Tests.Http;

public sealed class VisionPurposeAndObservationTests(PlatformFactory platform) : IClassFixture<PlatformFactory>
{
    private const string Purpose = "/api/v1/vision/purpose";
    private const string Observations = "/api/v1/vision/observations";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_purpose_starts_empty_and_an_edit_round_trips()
    {
        var owner = await platform.SignUpAsync();
        var empty = await owner.Client.GetAsync(new Uri(Purpose, UriKind.Relative), Cancel);
        Assert.Equal("\"0\"", empty.Headers.ETag!.Tag);
        Assert.Equal("", (await JsonAsync(empty)).GetProperty("commonPurpose").GetString());

        var response = await SendAsync(owner.Client, HttpMethod.Put, Purpose, new { aspirationalPurpose = "  Make every stay a story worth telling. ", commonPurpose = "Guests first." }, "\"0\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        var purpose = await GetJsonAsync(owner, Purpose);
        Assert.Equal("Make every stay a story worth telling.", purpose.GetProperty("aspirationalPurpose").GetString());
        Assert.Equal("Guests first.", purpose.GetProperty("commonPurpose").GetString());
        Assert.Equal(owner.MemberId, purpose.GetProperty("updatedBy").GetString());
    }

    [Fact]
    public async Task A_stale_missing_or_invalid_purpose_edit_changes_nothing()
    {
        var owner = await platform.SignUpAsync();
        await SendAsync(owner.Client, HttpMethod.Put, Purpose, new { aspirationalPurpose = "Kept.", commonPurpose = "Kept too." }, "\"0\"");

        var stale = await SendAsync(owner.Client, HttpMethod.Put, Purpose, new { aspirationalPurpose = "Lost.", commonPurpose = "Lost." }, "\"0\"");
        var missing = await SendAsync(owner.Client, HttpMethod.Put, Purpose, new { aspirationalPurpose = "Lost.", commonPurpose = "Lost." });
        var invalid = await SendAsync(owner.Client, HttpMethod.Put, Purpose, new { aspirationalPurpose = new string('a', 1001) }, "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["aspirationalPurpose", "commonPurpose"], (await ErrorFieldsAsync(invalid)).Order(StringComparer.Ordinal));
        var purpose = await GetJsonAsync(owner, Purpose);
        Assert.Equal("Kept.", purpose.GetProperty("aspirationalPurpose").GetString());
        Assert.Equal(1, purpose.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Observations_are_recorded_with_author_and_time_and_listed_newest_first()
    {
        var owner = await platform.SignUpAsync();

        var created = await SendAsync(owner.Client, HttpMethod.Post, Observations, new { text = "Guests wait at the desk while we finish phone calls.", area = "Front desk" });
        await SendAsync(owner.Client, HttpMethod.Post, Observations, new { text = "Housekeeping greets guests in the corridor." });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var observation = await JsonAsync(created);
        Assert.Equal($"{Observations}/{Id(observation)}", created.Headers.Location!.OriginalString);
        Assert.Equal(owner.MemberId, observation.GetProperty("authorId").GetString());
        Assert.Equal("Front desk", observation.GetProperty("area").GetString());
        Assert.True(observation.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        var list = await GetJsonAsync(owner, $"{Observations}?pageSize=1");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal("Housekeeping greets guests in the corridor.", list.GetProperty("items")[0].GetProperty("text").GetString());
        Assert.Equal("Front desk", (await GetJsonAsync(owner, $"{Observations}/{Id(observation)}")).GetProperty("area").GetString());
    }

    [Fact]
    public async Task An_invalid_observation_is_a_400_naming_the_field_and_records_nothing()
    {
        var owner = await platform.SignUpAsync();

        var noText = await SendAsync(owner.Client, HttpMethod.Post, Observations, new { area = "Front desk" });
        var longText = await SendAsync(owner.Client, HttpMethod.Post, Observations, new { text = new string('a', 2001) });
        var longArea = await SendAsync(owner.Client, HttpMethod.Post, Observations, new { text = "Fine.", area = new string('a', 101) });

        Assert.Equal(["text"], await ErrorFieldsAsync(noText));
        Assert.Equal(["text"], await ErrorFieldsAsync(longText));
        Assert.Equal(["area"], await ErrorFieldsAsync(longArea));
        Assert.Equal(0, (await GetJsonAsync(owner, Observations)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_employee_records_observations_and_deletes_only_their_own_while_a_leader_deletes_any()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");
        var colleague = await platform.InviteMemberAsync(owner, "Employee");
        var leader = await platform.InviteMemberAsync(owner, "Leader");
        var own = await JsonAsync(await SendAsync(employee.Client, HttpMethod.Post, Observations, new { text = "We say 'no problem' a lot." }));
        var others = await JsonAsync(await SendAsync(colleague.Client, HttpMethod.Post, Observations, new { text = "Calls ring out at lunch." }));

        var forbidden = await SendAsync(employee.Client, HttpMethod.Delete, $"{Observations}/{Id(others)}");
        var deletedOwn = await SendAsync(employee.Client, HttpMethod.Delete, $"{Observations}/{Id(own)}");
        var deletedByLeader = await SendAsync(leader.Client, HttpMethod.Delete, $"{Observations}/{Id(others)}");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deletedOwn.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deletedByLeader.StatusCode);
        Assert.Equal(0, (await GetJsonAsync(owner, Observations)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_employee_may_not_edit_the_purpose()
    {
        var owner = await platform.SignUpAsync();
        var employee = await platform.InviteMemberAsync(owner, "Employee");

        var response = await SendAsync(employee.Client, HttpMethod.Put, Purpose, new { aspirationalPurpose = "Mine.", commonPurpose = "Mine." }, "\"0\"");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, (await GetJsonAsync(employee, Purpose)).GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Unknown_observations_are_404()
    {
        var owner = await platform.SignUpAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Get, $"{Observations}/obs_unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner.Client, HttpMethod.Delete, $"{Observations}/obs_unknown")).StatusCode);
    }

    [Fact]
    public async Task A_retried_observation_with_the_same_idempotency_key_is_recorded_once()
    {
        var owner = await platform.SignUpAsync();
        var body = new { text = "Guests ask twice where breakfast is." };

        await SendAsync(owner.Client, HttpMethod.Post, Observations, body, idempotencyKey: "obs-1");
        var retry = await SendAsync(owner.Client, HttpMethod.Post, Observations, body, idempotencyKey: "obs-1");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(1, (await GetJsonAsync(owner, Observations)).GetProperty("total").GetInt32());
    }
}
