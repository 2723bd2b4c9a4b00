using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using ServiceVision.Testing;
using static ServiceVision.Reliability.Tests.Api;

namespace ServiceVision.Reliability.Tests;

/// <summary>Messages no consumer can process are parked where operators see them (issue #10, item 2).</summary>
[Collection(OneAtATime.Name)]
public sealed class PoisonMessageTests
{
    private const string Queue = "training-assign-training";

    [Fact(Timeout = 300_000)]
    public async Task Poison_messages_end_in_the_error_queue_visible_to_operators_and_the_consumer_keeps_working()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var host = cluster[0];
        using var owner = await SignUpAsync(host);
        var members = await AddEmployeesAsync(owner, cluster.Hosts, 3);
        await PublishVisionAsync(owner.On(host));

        // (1) not JSON at all; (2) a well-formed AssignTraining whose tenant header names another organization (forged).
        var forged = new
        {
            messageId = Guid.NewGuid(),
            messageType = (string[])["urn:message:ServiceVision.Contracts.Organizations.V1:AssignTraining"],
            headers = new Dictionary<string, object> { ["sv-organization-id"] = "org-someone-else" },
            message = new { organizationId = owner.OrganizationId, rolloutId = "rol-forged", courseId = "vision", memberIds = members, dueAt = DateTimeOffset.UtcNow.AddDays(7) },
        };
        await SendRawAsync(cluster, Encoding.UTF8.GetBytes("{ this is not json"));
        await SendRawAsync(cluster, JsonSerializer.SerializeToUtf8Bytes(forged, Json));

        using var management = Management();
        var path = $"api/queues/{Uri.EscapeDataString(cluster.Broker.Name)}/{Queue}_error";
        var parked = await WaitForAsync(
            async () => await QueueDepthAsync(management, path),
            n => n >= 2,
            TimeSpan.FromSeconds(60),
            "both poison messages are in the error queue");

        // What an operator sees through the management API: the messages and why they failed.
        using var peek = await management.PostAsJsonAsync($"{path}/get", new { count = 10, ackmode = "ack_requeue_true", encoding = "auto" }, Cancel);
        peek.EnsureSuccessStatusCode();
        var peeked = await peek.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var reasons = peeked.EnumerateArray().Select(m => m.GetProperty("properties").GetProperty("headers").TryGetProperty("MT-Fault-ExceptionType", out var t) ? t.GetString() : null).ToList();
        Log($"error queue {Queue}_error holds {parked}: {string.Join(", ", reasons)}");

        // The consumer still works: a real rollout after the poison is assigned in full.
        var rolloutId = await StartRolloutToEmployeesAsync(owner.On(host), "After the poison");
        var progress = await WaitForAsync(() => ProgressAsync(owner.On(host), rolloutId), p => Count(p, "assigned") == members.Count, TimeSpan.FromSeconds(60), "the rollout after the poison is assigned");
        var stored = await StoredAssignmentsAsync(cluster, owner.OrganizationId, rolloutId);
        var forgedStored = await StoredAssignmentsAsync(cluster, owner.OrganizationId, "rol-forged");
        Report(nameof(Poison_messages_end_in_the_error_queue_visible_to_operators_and_the_consumer_keeps_working), 2 + members.Count, 2, stored.Count + parked, members.Count(m => !stored.ContainsKey(m)), stored.Values.Sum(n => n - 1));

        Assert.Equal(2, parked);
        Assert.All(reasons, Assert.NotNull);
        Assert.Empty(forgedStored);
        Assert.Equal(members.Order(), stored.Keys.Order());
        Assert.All(stored.Values, n => Assert.Equal(1, n));
        Assert.Equal(members.Count, Count(progress, "assigned"));
    }

    private static async Task SendRawAsync(Cluster cluster, byte[] body)
    {
        var factory = new ConnectionFactory { Uri = cluster.Broker.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync(Cancel);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync(string.Empty, Queue, mandatory: true, properties, body, Cancel);
    }

    private static async Task<long> QueueDepthAsync(HttpClient management, string path)
    {
        using var response = await management.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return 0;
        }

        response.EnsureSuccessStatusCode();
        var queue = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        return queue.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
    }

    private static HttpClient Management()
    {
        var uri = new Uri(Environment.GetEnvironmentVariable(RabbitMqTestVirtualHost.ManagementVariable) ?? throw new InvalidOperationException($"{RabbitMqTestVirtualHost.ManagementVariable} is not set"));
        var client = new HttpClient { BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority)) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
        return client;
    }
}
