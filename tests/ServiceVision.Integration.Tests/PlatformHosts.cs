using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ServiceVision.Testing;

namespace ServiceVision.Integration.Tests;

/// <summary>
/// Sessions and requests on any host of the platform: the shared <see cref="PlatformFactory"/> or a
/// host derived from it with other roles (the helpers of ServiceVision.Testing.Platform take the
/// factory itself, which would start a host with every role).
/// </summary>
internal static class PlatformHosts
{
    public const string Rollouts = "/api/v1/training/rollouts";
    public const string Assignments = "/api/v1/training/assignments";
    public const string Statement = "We greet every guest by name and make each visit feel personal.";
    private const string MemberPassword = "member password 1234";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>
    /// Password hashing at 1,000 PBKDF2 iterations instead of ASP.NET Core's 100,000. Accepting an
    /// invitation hashes the new password; at the real cost 1,000 accepts spend a minute or two of this
    /// machine's two cores on hashing alone. Every request still goes through the real API.
    /// </summary>
    public static void WithCheapPasswordHashing(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));

    public static async Task<ApiSession> SignUpAsync(WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient();
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        var response = await client.PostAsJsonAsync(
            "/api/v1/signup",
            new { organizationName = "Acceptance", slug = "org-" + Guid.NewGuid().ToString("N")[..12], ownerName = "Olivia Owner", email, password },
            Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        var owner = await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
        return new ApiSession(client, owner.GetProperty("organizationId").GetString()!, owner.GetProperty("memberId").GetString()!, email, password);
    }

    /// <summary>
    /// <paramref name="count"/> employees, each invited by the owner and accepting on a client of their
    /// own (signed in), <paramref name="concurrency"/> at a time: the real invitation API, as people use it.
    /// </summary>
    public static async Task<IReadOnlyList<ApiSession>> InviteEmployeesAsync(WebApplicationFactory<Program> host, ApiSession owner, int count, int concurrency = 8)
    {
        var clock = Stopwatch.StartNew();
        var members = new ApiSession[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = Cancel }, async (i, ct) =>
        {
            var email = $"member-{i:D4}-{Guid.NewGuid():N}@example.com";
            var invited = await owner.Client.PostAsJsonAsync("/api/v1/invitations", new { email, name = $"Member {i:D4}", role = "Employee" }, ct);
            await ApiSessions.EnsureAsync(invited, HttpStatusCode.Created);
            var token = (await invited.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, ct)).GetProperty("token").GetString();

            var client = host.CreateClient();
            var accepted = await client.PostAsJsonAsync("/api/v1/invitations/accept", new { token, password = MemberPassword }, ct);
            await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
            var member = await accepted.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, ct);
            members[i] = new ApiSession(client, owner.OrganizationId, member.GetProperty("memberId").GetString()!, email, MemberPassword);
        });
        Log($"members: {count} invited and accepted in {clock.Elapsed.TotalSeconds:F1} s ({concurrency} at a time)");
        return members;
    }

    public static async Task<JsonElement> StartRolloutToEmployeesAsync(ApiSession leader, string title)
    {
        var response = await leader.Client.PostAsJsonAsync(
            Rollouts,
            new { title, dueAt = DateTimeOffset.UtcNow.AddDays(14), audience = new { kind = "Roles", ids = (string[])["Employee"] } },
            Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
    }

    public static async Task<JsonElement> ProgressAsync(ApiSession leader, string rolloutId)
    {
        var response = await leader.Client.GetAsync(new Uri($"{Rollouts}/{rolloutId}", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel)).GetProperty("progress");
    }

    public static int Count(JsonElement progress, string name) => progress.GetProperty(name).GetInt32();

    /// <summary>Reads the rollout's progress until <paramref name="condition"/> holds.</summary>
    public static async Task<JsonElement> WaitForProgressAsync(ApiSession leader, string rolloutId, Func<JsonElement, bool> condition, TimeSpan within, string because)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var progress = await ProgressAsync(leader, rolloutId);
            if (condition(progress))
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not true within {within.TotalSeconds:F0} s: {because}. Progress: {progress}");
            await Task.Delay(100, Cancel);
        }
    }

    /// <summary>A member's assignments of one rollout, as the member sees them in the training API.</summary>
    public static async Task<IReadOnlyList<JsonElement>> AssignmentsOfAsync(ApiSession member, string rolloutId)
    {
        var response = await member.Client.GetAsync(new Uri($"{Assignments}?pageSize=100", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
        return [.. page.GetProperty("items").EnumerateArray().Where(a => a.GetProperty("rolloutId").GetString() == rolloutId)];
    }

    /// <summary>
    /// Takes a course as a member would: opens the assignment and submits every module, so the training
    /// service completes it and publishes TrainingStarted and TrainingCompleted. Members do not know the
    /// right answers (the API never shows them): <paramref name="seed"/> picks which choice each one
    /// takes, so scores differ; fill-ins get a guess; attestations acknowledge every item.
    /// </summary>
    public static async Task TakeCourseAsync(ApiSession member, string assignmentId, int seed)
    {
        var response = await member.Client.GetAsync(new Uri($"{Assignments}/{assignmentId}", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        var assignment = await response.Content.ReadFromJsonAsync<JsonElement>(ApiSessions.Json, Cancel);
        foreach (var module in assignment.GetProperty("modules").EnumerateArray().Where(m => !m.GetProperty("completed").GetBoolean()))
        {
            object body = module.GetProperty("kind").GetString() == "Attestation"
                ? new { acknowledgedItemIds = module.GetProperty("acknowledgements").EnumerateArray().Select(a => a.GetProperty("itemId").GetString()).ToArray() }
                : new { answers = module.GetProperty("questions").EnumerateArray().Select((q, i) => Answer(q, seed + i)).ToArray() };
            var submitted = await member.Client.PostAsJsonAsync($"{Assignments}/{assignmentId}/modules/{module.GetProperty("id").GetString()}/answers", body, Cancel);
            await ApiSessions.EnsureAsync(submitted, HttpStatusCode.OK);
        }
    }

    private static object Answer(JsonElement question, int pick)
    {
        var id = question.GetProperty("id").GetString();
        if (question.GetProperty("kind").GetString() == "FillIn")
        {
            return new { questionId = id, text = pick % 2 == 0 ? "personal" : "guest" };
        }

        var choices = question.GetProperty("choices");
        return new { questionId = id, choiceIds = (string?[])[choices[pick % choices.GetArrayLength()].GetProperty("id").GetString()] };
    }

    /// <summary>Outbox rows that a relay claimed and has neither published nor released: they wait for the claim lease (30 s) to end.</summary>
    public static async Task<int> ClaimedOutboxRowsAsync(WebApplicationFactory<Program> host)
    {
        await using var connection = new NpgsqlConnection(host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Postgres"));
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM grains.outbox WHERE claimed_until > now()", connection);
        return (int)(long)(await command.ExecuteScalarAsync(Cancel))!;
    }

    /// <summary>
    /// The training service's own records: assignments of <paramref name="rolloutId"/> in its member
    /// grains, read from the shared store (how many, and how many members hold one or more).
    /// </summary>
    public static async Task<(int Assignments, int Members)> StoredAssignmentsAsync(WebApplicationFactory<Program> host, string organizationId, string rolloutId)
    {
        var connectionString = host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Postgres");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*), count(DISTINCT s.grain_key)
            FROM grains.grain_state s CROSS JOIN LATERAL jsonb_array_elements(s.json -> 'assignments') a
            WHERE s.grain_type = 'training-member' AND s.grain_key LIKE @prefix AND a ->> 'rolloutId' = @rollout
            """,
            connection);
        command.Parameters.AddWithValue("prefix", organizationId + "/%");
        command.Parameters.AddWithValue("rollout", rolloutId);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        await reader.ReadAsync(Cancel);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }
}
