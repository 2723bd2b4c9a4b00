using ServiceVision.Contracts;
using ServiceVision.Grains;

namespace ServiceVision.Grains.Tests.Runtime;

/// <summary>A test-only message contract.</summary>
public sealed record CounterChanged(string OrganizationId, string GrainKey, int Count, int Index) : ITenantMessage;

public sealed class PublishingState
{
    public int Count { get; set; }
}

public interface IPublishingGrain : IGrain
{
    /// <summary>Counts one up, publishes <paramref name="messages"/> messages about it and writes.</summary>
    Task<int> IncrementAndPublish(int messages);

    /// <summary>Queues a message without writing.</summary>
    Task PublishWithoutWriting();

    /// <summary>Publishes a message of another organization.</summary>
    Task PublishFor(string organizationId);

    /// <summary>Writes twice in one call; the first write's messages must not be written again.</summary>
    Task PublishWriteThenWriteAgain();

    [ReadOnly]
    Task<int> GetCount();
}

public sealed class PublishingGrain : Grain<PublishingState>, IPublishingGrain
{
    public async Task<int> IncrementAndPublish(int messages)
    {
        State.Count++;
        for (var i = 0; i < messages; i++)
        {
            Publish(new CounterChanged(TenantId, GrainKey, State.Count, i));
        }

        await WriteStateAsync();
        return State.Count;
    }

    public Task PublishWithoutWriting()
    {
        Publish(new CounterChanged(TenantId, GrainKey, State.Count, -1));
        return Task.CompletedTask;
    }

    public Task PublishFor(string organizationId)
    {
        Publish(new CounterChanged(organizationId, GrainKey, State.Count, 0));
        return Task.CompletedTask;
    }

    public async Task PublishWriteThenWriteAgain()
    {
        State.Count++;
        Publish(new CounterChanged(TenantId, GrainKey, State.Count, 0));
        await WriteStateAsync();
        State.Count++;
        await WriteStateAsync();
    }

    public Task<int> GetCount() => Task.FromResult(State.Count);
}
