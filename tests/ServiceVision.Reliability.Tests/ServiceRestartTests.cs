using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static ServiceVision.Reliability.Tests.Api;

namespace ServiceVision.Reliability.Tests;

/// <summary>Restarts of the shared broker and database while the hosts work (issue #10, item 2).</summary>
[Collection(OneAtATime.Name)]
public sealed class ServiceRestartTests
{
    [Fact(Timeout = 600_000)]
    public async Task Restarting_RabbitMQ_during_a_burst_of_events_loses_and_duplicates_nothing()
    {
        const int Members = 300, Rollouts = 3;
        await using var cluster = await Cluster.StartAsync(2);
        using var owner = await SignUpAsync(cluster[0]);
        var members = await AddEmployeesAsync(owner, [cluster[0]], Members);
        await PublishVisionAsync(owner.On(cluster[0]));

        // The burst: rollouts through both hosts, each Members AssignTraining items and TrainingAssigned
        // events; the broker goes down right after the first, the others are started while it is away.
        var rollouts = new List<string> { await StartRolloutToEmployeesAsync(owner.On(cluster[0]), "Burst 0") };
        var restart = SharedServices.RestartBrokerAsync();
        try
        {
            for (var r = 1; r < Rollouts; r++)
            {
                rollouts.Add(await StartRolloutToEmployeesAsync(owner.On(cluster[r % 2]), $"Burst {r}"));
            }
        }
        finally
        {
            await SharedServices.SettleAsync(restart);
        }

        var lost = 0L;
        var duplicated = 0L;
        var records = 0L;
        foreach (var rolloutId in rollouts)
        {
            System.Text.Json.JsonElement progress;
            try
            {
                progress = await WaitForAsync(() => ProgressAsync(owner.On(cluster[1]), rolloutId), p => Count(p, "assigned") >= Members, TimeSpan.FromSeconds(180), $"rollout {rolloutId} is assigned in full after the broker restart");
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Where the missing ones are: in the training store (events lost) or not (commands lost), or parked.
                var held = await StoredAssignmentsAsync(cluster, owner.OrganizationId, rolloutId);
                throw new InvalidOperationException($"{error.Message}\ntraining store: {held.Count} members hold an assignment; queues: {await QueuesAsync(cluster)}", error);
            }

            await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
            var stored = await StoredAssignmentsAsync(cluster, owner.OrganizationId, rolloutId);
            lost += members.Count(m => !stored.ContainsKey(m));
            duplicated += stored.Values.Sum(n => n - 1);
            records += stored.Count;
            Assert.Equal(Members, Count(await ProgressAsync(owner.On(cluster[0]), rolloutId), "assigned"));
            Assert.Equal(Members, Count(progress, "members"));
        }

        Report(nameof(Restarting_RabbitMQ_during_a_burst_of_events_loses_and_duplicates_nothing), (2 * Members) + Rollouts, 1, records, lost, duplicated);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
        Assert.Equal(Members * Rollouts, records);
    }

    [Fact(Timeout = 600_000)]
    public async Task Restarting_PostgreSQL_during_writes_fails_them_cleanly_and_every_write_lands_exactly_once_after()
    {
        const int Writers = 4, CreatesPerWriter = 30;
        await using var cluster = await Cluster.StartAsync(2);
        using var owner = await SignUpAsync(cluster[0]);
        var requests = 0L;
        var failures = new ConcurrentBag<(HttpStatusCode Status, string? ContentType)>();
        var done = 0;
        var conflicts = 0L;

        // Each writer creates departments with an Idempotency-Key and retries the same request until it is
        // stored, as a client should after a 5xx.
        async Task WriteAsync(int writer)
        {
            var client = owner.On(cluster[writer % 2]);
            for (var i = 0; i < CreatesPerWriter; i++)
            {
                var key = Guid.NewGuid().ToString("N");
                var name = $"Dept {writer}-{i:D2}";
                while (true)
                {
                    HttpResponseMessage response;
                    try
                    {
                        Interlocked.Increment(ref requests);
                        response = await ServiceVision.Testing.ApiSessions.SendAsync(client, HttpMethod.Post, "/api/v1/departments", new { name, description = "created under fire" }, idempotencyKey: key);
                    }
                    catch (HttpRequestException)
                    {
                        failures.Add((0, null));
                        await Task.Delay(200, Cancel);
                        continue;
                    }

                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        break;
                    }

                    var problem = await response.Content.ReadAsStringAsync(Cancel);

                    // The other host wrote the organization first: nothing stored, the key is free again.
                    if (response.StatusCode == HttpStatusCode.Conflict && problem.Contains("Changed meanwhile", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref conflicts);
                        continue;
                    }

                    if ((int)response.StatusCode >= 500 || (response.StatusCode == HttpStatusCode.Conflict && problem.Contains("in progress", StringComparison.OrdinalIgnoreCase)))
                    {
                        failures.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType));
                        await Task.Delay(200, Cancel);
                        continue;
                    }

                    // An attempt that failed late (after the department was stored) left it there: done, once.
                    if (response.StatusCode == HttpStatusCode.Conflict && problem.Contains("\"name\"", StringComparison.Ordinal))
                    {
                        break;
                    }

                    Assert.Fail($"{name}: unexpected {(int)response.StatusCode}: {problem}");
                }

                Interlocked.Increment(ref done);
            }
        }

        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w), Cancel)));
        await WaitForAsync(() => Task.FromResult(Volatile.Read(ref done)), n => n >= Writers * 3, TimeSpan.FromSeconds(60), "the writers are under way");
        await SharedServices.SettleAsync(SharedServices.RestartPostgresAsync());
        await writing;

        // Every department once, on both hosts; every failure a problem response.
        var expected = Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, CreatesPerWriter).Select(i => $"Dept {w}-{i:D2}")).ToList();
        var lost = 0L;
        var duplicated = 0L;
        foreach (var host in cluster.Hosts)
        {
            // The other host's last writes reach this host's activation by state-change notice, within
            // a second (SeveralHostsTests): wait for them before counting what is missing.
            var clock = Stopwatch.StartNew();
            var names = await DepartmentNamesAsync(owner.On(host));
            while (expected.Except(names).Any() && clock.Elapsed < ServiceVision.Testing.Eventually.Patience)
            {
                await Task.Delay(50, Cancel);
                names = await DepartmentNamesAsync(owner.On(host));
            }

            Log($"{host.Name} showed {names.Count} departments after {clock.ElapsedMilliseconds} ms");

            lost += expected.Count(n => !names.Contains(n));
            duplicated += names.Count - names.Distinct().Count();
            Assert.Equal(expected.Order(), names.Order());
        }

        var failed = failures.ToList();
        Log($"conflicts between the hosts (409, retried): {conflicts}");
        Log($"failures during the restart: {failed.Count} ({string.Join(", ", failed.GroupBy(f => $"{(int)f.Status} {f.ContentType}").Select(g => $"{g.Key}: {g.Count()}"))})");
        Report(nameof(Restarting_PostgreSQL_during_writes_fails_them_cleanly_and_every_write_lands_exactly_once_after), requests, 1, expected.Count * cluster.Hosts.Count, lost, duplicated);
        Assert.NotEmpty(failed);
        Assert.All(failed.Where(f => (int)f.Status >= 500), f => Assert.Equal("application/problem+json", f.ContentType));
    }

    /// <summary>Every queue of the cluster's virtual host with messages in it (management API), for failure messages.</summary>
    private static async Task<string> QueuesAsync(Cluster cluster)
    {
        try
        {
            var uri = new Uri(Environment.GetEnvironmentVariable(ServiceVision.Testing.RabbitMqTestVirtualHost.ManagementVariable)!);
            using var management = new HttpClient { BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority)) };
            management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
            var queues = await management.GetFromJsonAsync<JsonElement>($"api/queues/{Uri.EscapeDataString(cluster.Broker.Name)}", Cancel);
            return string.Join(", ", queues.EnumerateArray()
                .Where(q => q.TryGetProperty("messages", out var m) && m.GetInt64() > 0)
                .Select(q => $"{q.GetProperty("name").GetString()}: {q.GetProperty("messages").GetInt64()}"));
        }
        catch (Exception error) when (error is HttpRequestException or InvalidOperationException or JsonException)
        {
            return $"(management API: {error.Message})";
        }
    }

    private static async Task<List<string>> DepartmentNamesAsync(HttpClient client)
    {
        var names = new List<string>();
        for (var page = 1; ; page++)
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/departments?page={page}&pageSize=100", Json, Cancel);
            var items = list.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToList();
            names.AddRange(items);
            if (items.Count < 100)
            {
                return names;
            }
        }
    }
}
