using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceVision.Testing;
using static ServiceVision.Reliability.Tests.Api;

namespace ServiceVision.Reliability.Tests;

/// <summary>Two hosts on one store and one broker, edited at the same time (issue #10, item 1).</summary>
[Collection(OneAtATime.Name)]
public sealed class SeveralHostsTests
{
    [Fact(Timeout = 300_000)]
    public async Task Concurrent_edits_of_the_same_organizations_through_two_hosts_lose_no_update()
    {
        const int Organizations = 3, WritersPerHost = 3, UpdatesPerWriter = 12;
        await using var cluster = await Cluster.StartAsync(2);
        var requests = 0L;
        var retries = 0L;
        var outcomes = new ConcurrentBag<(string Organization, long Revision, string Name)>();
        var owners = new List<(Person Owner, string DepartmentId, long CreatedRevision)>();
        for (var o = 0; o < Organizations; o++)
        {
            var owner = await SignUpAsync(cluster[o % 2]);
            var created = await owner.On(cluster[0]).PostAsJsonAsync("/api/v1/departments", new { name = "Front desk", description = "start" }, Cancel);
            await ApiSessions.EnsureAsync(created, HttpStatusCode.Created);
            var department = await created.Content.ReadFromJsonAsync<JsonElement>(Json, Cancel);
            owners.Add((owner, department.GetProperty("id").GetString()!, department.GetProperty("revision").GetInt64()));
        }

        // Every writer renames the organization's one department again and again through its host,
        // reading the ETag first and retrying on 412 (someone else was faster), as a client should.
        var writers = from o in Enumerable.Range(0, Organizations)
                      from h in Enumerable.Range(0, 2)
                      from w in Enumerable.Range(0, WritersPerHost)
                      select (o, h, w);
        await Task.WhenAll(writers.Select(x => Task.Run(async () =>
        {
            var (owner, departmentId, _) = owners[x.o];
            var client = owner.On(cluster[x.h]);
            for (var u = 0; u < UpdatesPerWriter; u++)
            {
                var name = $"Desk h{x.h} w{x.w} u{u}";
                while (true)
                {
                    var read = await client.GetAsync(new Uri($"/api/v1/departments/{departmentId}", UriKind.Relative), Cancel);
                    Interlocked.Increment(ref requests);
                    await ApiSessions.EnsureAsync(read, HttpStatusCode.OK);
                    var put = await ApiSessions.SendAsync(client, HttpMethod.Put, $"/api/v1/departments/{departmentId}", new { name, description = "renamed" }, read.Headers.ETag!.Tag);
                    Interlocked.Increment(ref requests);
                    if (put.StatusCode == HttpStatusCode.PreconditionFailed)
                    {
                        Interlocked.Increment(ref retries);
                        continue;
                    }

                    await ApiSessions.EnsureAsync(put, HttpStatusCode.OK);
                    var written = await put.Content.ReadFromJsonAsync<JsonElement>(Json, Cancel);
                    outcomes.Add((owner.OrganizationId, written.GetProperty("revision").GetInt64(), name));
                    break;
                }
            }
        }, Cancel)));

        // Each accepted update made its own revision; the last one is what both hosts show.
        var lost = 0L;
        var duplicated = 0L;
        var checkedRecords = 0L;
        foreach (var (owner, departmentId, createdRevision) in owners)
        {
            var mine = outcomes.Where(x => x.Organization == owner.OrganizationId).OrderBy(x => x.Revision).ToList();
            duplicated += mine.Count - mine.Select(x => x.Revision).Distinct().Count();
            var expected = createdRevision + mine.Count;
            foreach (var host in cluster.Hosts)
            {
                var shown = await WaitForAsync(
                    async () => (await owner.On(host).GetFromJsonAsync<JsonElement>($"/api/v1/departments/{departmentId}", Json, Cancel)),
                    d => d.GetProperty("revision").GetInt64() >= expected,
                    TimeSpan.FromSeconds(5),
                    $"{host.Name} shows revision {expected}");
                checkedRecords++;
                lost += expected - shown.GetProperty("revision").GetInt64();
                Assert.Equal(expected, shown.GetProperty("revision").GetInt64());
                Assert.Equal(mine[^1].Name, shown.GetProperty("name").GetString());
            }

            Assert.Equal(Enumerable.Range(1, mine.Count).Select(i => createdRevision + i), mine.Select(x => x.Revision));
        }

        Log($"accepted updates: {outcomes.Count} ({Organizations * 2 * WritersPerHost * UpdatesPerWriter} intended), retries after 412: {retries}");
        Report(nameof(Concurrent_edits_of_the_same_organizations_through_two_hosts_lose_no_update), requests, 0, checkedRecords + outcomes.Count, lost, duplicated);
        Assert.Equal(Organizations * 2 * WritersPerHost * UpdatesPerWriter, outcomes.Count);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
    }

    [Fact(Timeout = 300_000)]
    public async Task A_change_made_on_one_host_is_visible_on_the_other_within_a_second()
    {
        const int Samples = 20;
        await using var cluster = await Cluster.StartAsync(2);
        var owner = await SignUpAsync(cluster[0]);

        // Both hosts hold the organization's grain (cookie checks and reads activate it on each).
        foreach (var host in cluster.Hosts)
        {
            await ApiSessions.EnsureAsync(await owner.On(host).GetAsync(new Uri("/api/v1/organization", UriKind.Relative), Cancel), HttpStatusCode.OK);
        }

        var requests = 0L;
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < Samples; i++)
        {
            var writer = owner.On(cluster[i % 2]);
            var reader = owner.On(cluster[(i + 1) % 2]);
            var current = await writer.GetAsync(new Uri("/api/v1/organization", UriKind.Relative), Cancel);
            var name = $"Renamed {i}";
            var put = await ApiSessions.SendAsync(writer, HttpMethod.Put, "/api/v1/organization", new { name, description = $"sample {i}" }, current.Headers.ETag!.Tag);
            requests += 2;
            await ApiSessions.EnsureAsync(put, HttpStatusCode.OK);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var seen = await reader.GetFromJsonAsync<JsonElement>("/api/v1/organization", Json, Cancel);
                requests++;
                if (seen.GetProperty("name").GetString() == name)
                {
                    break;
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"sample {i}: the other host still shows '{seen.GetProperty("name").GetString()}' after a second");
                await Task.Delay(5, Cancel);
            }

            latencies.Add(clock.Elapsed);
        }

        Log($"write on one host to read on the other: median {latencies.Order().ElementAt(Samples / 2).TotalMilliseconds:F0} ms, max {latencies.Max().TotalMilliseconds:F0} ms");
        Report(nameof(A_change_made_on_one_host_is_visible_on_the_other_within_a_second), requests, 0, Samples, 0, 0);
    }
}
