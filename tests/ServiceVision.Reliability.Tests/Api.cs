using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;

namespace ServiceVision.Reliability.Tests;

/// <summary>What the tests do through the public HTTP API of any host, as people and operators would.</summary>
internal static class Api
{
    public const string Rollouts = "/api/v1/training/rollouts";
    private const string MemberPassword = "member password 1234";

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static JsonSerializerOptions Json => ApiSessions.Json;

    public static void Log(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }

    /// <summary>The counts every fault test prints (CI logs show them).</summary>
    public static void Report(string test, long requests, long faults, long records, long lost, long duplicated) =>
        Log($"[reliability] {test}: requests tried: {requests}, faults injected: {faults}, records checked: {records}, lost: {lost}, duplicated: {duplicated}");

    public static async Task<Person> SignUpAsync(HostProcess host)
    {
        var person = new Person("", "");
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        var response = await person.On(host).PostAsJsonAsync(
            "/api/v1/signup",
            new { organizationName = "Reliability " + Guid.NewGuid().ToString("N")[..6], slug = "org-" + Guid.NewGuid().ToString("N")[..12], ownerName = "Olivia Owner", email, password = "correct horse battery staple" },
            Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        var owner = await response.Content.ReadFromJsonAsync<JsonElement>(Json, Cancel);
        person.OrganizationId = owner.GetProperty("organizationId").GetString()!;
        person.MemberId = owner.GetProperty("memberId").GetString()!;
        return person;
    }

    /// <summary>
    /// <paramref name="count"/> employees invited by the owner and accepting, <paramref name="concurrency"/>
    /// at a time, round-robin over <paramref name="hosts"/>; returns their member ids.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AddEmployeesAsync(Person owner, IReadOnlyList<HostProcess> hosts, int count, int concurrency = 8)
    {
        var clock = Stopwatch.StartNew();
        var ids = new string[count];
        using var anonymous = new AnonymousClients();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = Cancel }, async (i, ct) =>
        {
            var host = hosts[i % hosts.Count];
            var email = $"member-{i:D4}-{Guid.NewGuid():N}@example.com";
            var invited = await RetryChangedMeanwhileAsync(() => owner.On(host).PostAsJsonAsync("/api/v1/invitations", new { email, name = $"Member {i:D4}", role = "Employee" }, ct));
            await ApiSessions.EnsureAsync(invited, HttpStatusCode.Created);
            var token = (await invited.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("token").GetString();

            // Accepted on the next host: it must see the invitation the first one stored.
            var accepted = await RetryChangedMeanwhileAsync(() => anonymous.On(hosts[(i + 1) % hosts.Count]).PostAsJsonAsync("/api/v1/invitations/accept", new { token, password = MemberPassword }, ct));
            await ApiSessions.EnsureAsync(accepted, HttpStatusCode.OK);
            ids[i] = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("memberId").GetString()!;
        });
        Log($"members: {count} invited and accepted across {hosts.Count} hosts in {clock.Elapsed.TotalSeconds:F1} s");
        return ids;
    }

    /// <summary>
    /// Sends again while the answer is 409 "Changed meanwhile" (another host wrote the same grain first;
    /// nothing was stored), as a client should.
    /// </summary>
    public static async Task<HttpResponseMessage> RetryChangedMeanwhileAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 20
                || !(await response.Content.ReadAsStringAsync(Cancel)).Contains("Changed meanwhile", StringComparison.Ordinal))
            {
                return response;
            }

            await Task.Delay(20 * attempt, Cancel);
        }
    }

    /// <summary>Publishes a vision the quick way (no approvals, no rest period), as VisionSessions does in-process.</summary>
    public static async Task PublishVisionAsync(HttpClient owner)
    {
        var rule = await owner.GetAsync(new Uri("/api/v1/vision/publish-rule", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(rule, HttpStatusCode.OK);
        var put = await ApiSessions.SendAsync(owner, HttpMethod.Put, "/api/v1/vision/publish-rule", new { requiredApprovals = 0, restPeriodHours = 0, blockOnChangesRequested = true }, rule.Headers.ETag!.Tag);
        await ApiSessions.EnsureAsync(put, HttpStatusCode.OK);
        var created = await owner.PostAsJsonAsync(
            "/api/v1/vision/drafts",
            new { statement = "We greet every guest by name and make each visit feel personal.", items = new[] { new { kind = "Pillar", text = "Personal touch", order = 0 } } },
            Cancel);
        await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
        var draftId = (await created.Content.ReadFromJsonAsync<JsonElement>(Json, Cancel)).GetProperty("id").GetString();
        var published = await owner.PostAsync(new Uri($"/api/v1/vision/drafts/{draftId}/publish", UriKind.Relative), null, Cancel);
        await ApiSessions.EnsureAsync(published, HttpStatusCode.Created);
    }

    public static async Task<string> StartRolloutToEmployeesAsync(HttpClient leader, string title)
    {
        var response = await leader.PostAsJsonAsync(
            Rollouts,
            new { title, dueAt = DateTimeOffset.UtcNow.AddDays(14), audience = new { kind = "Roles", ids = (string[])["Employee"] } },
            Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json, Cancel)).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> ProgressAsync(HttpClient leader, string rolloutId)
    {
        var response = await leader.GetAsync(new Uri($"{Rollouts}/{rolloutId}", UriKind.Relative), Cancel);
        await ApiSessions.EnsureAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json, Cancel)).GetProperty("progress");
    }

    public static int Count(JsonElement progress, string name) => progress.GetProperty(name).GetInt32();

    /// <summary>
    /// The training service's own records of <paramref name="rolloutId"/>, read from the shared store:
    /// how many assignments each member holds (members without one are absent).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> StoredAssignmentsAsync(Cluster cluster, string organizationId, string rolloutId)
    {
        await using var command = cluster.Database.DataSource.CreateCommand(
            """
            SELECT s.grain_key, count(*)
            FROM grains.grain_state s CROSS JOIN LATERAL jsonb_array_elements(s.json -> 'assignments') a
            WHERE s.grain_type = 'training-member' AND s.grain_key LIKE @prefix AND a ->> 'rolloutId' = @rollout
            GROUP BY s.grain_key
            """);
        command.Parameters.AddWithValue("prefix", organizationId + "/%");
        command.Parameters.AddWithValue("rollout", rolloutId);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var perMember = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Cancel))
        {
            var key = reader.GetString(0);
            perMember[key[(key.LastIndexOf('/') + 1)..]] = (int)reader.GetInt64(1);
        }

        return perMember;
    }

    /// <summary>Reads until <paramref name="condition"/> holds or <paramref name="within"/> passes (then fails with the last value).</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan within, string because)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            T value;
            try
            {
                value = await read();
            }
            catch (HttpRequestException) when (deadline.Elapsed < within)
            {
                await Task.Delay(200, Cancel);
                continue;
            }

            if (condition(value))
            {
                return value;
            }

            Assert.True(deadline.Elapsed < within, $"Not true within {within.TotalSeconds:F0} s: {because}. Last: {value}");
            await Task.Delay(100, Cancel);
        }
    }

    /// <summary>Clients without cookies, one per host (invitees accepting).</summary>
    private sealed class AnonymousClients : IDisposable
    {
        private readonly Dictionary<Uri, HttpClient> clients = [];

        public HttpClient On(HostProcess host)
        {
            lock (clients)
            {
                if (!clients.TryGetValue(host.BaseAddress, out var client))
                {
                    client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
                    clients[host.BaseAddress] = client;
                }

                return client;
            }
        }

        public void Dispose()
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>
/// These tests start processes, kill them and restart the shared PostgreSQL and RabbitMQ: they run one
/// at a time and never next to another test class of this assembly.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OneAtATime
{
    public const string Name = "Reliability (processes and faults)";
}
