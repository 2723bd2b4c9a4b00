using System.Diagnostics;

namespace ServiceVision.Grains.Storage;

/// <summary>
/// One span per state read, write and clear (activity source "ServiceVision.Grains", kind Client),
/// whichever store is behind, so a trace shows where a grain call waited for its store. Costs a
/// null check when nobody listens.
/// </summary>
public sealed class TracedGrainStorage(IGrainStorage inner) : IGrainStorage
{
    /// <summary>The runtime's activity source name; storage spans are part of the grain traces.</summary>
    public const string SourceName = "ServiceVision.Grains";

    private static readonly ActivitySource Tracing = new(SourceName);

    private readonly IGrainStorage inner = inner ?? throw new ArgumentNullException(nameof(inner));

    public async Task<StoredState?> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default)
    {
        using var activity = Start("read", grainType);
        var state = await Traced(activity, inner.ReadAsync(grainType, grainKey, cancellationToken));
        activity?.SetTag("grain.state.version", state?.Version ?? 0);
        return state;
    }

    public Task<long> WriteAsync(string grainType, string grainKey, string json, long expectedVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(grainType, grainKey, json, expectedVersion, outbox: null, cancellationToken);

    public async Task<long> WriteAsync(string grainType, string grainKey, string json, long expectedVersion, IReadOnlyList<OutboxMessage>? outbox, CancellationToken cancellationToken = default)
    {
        using var activity = Start("write", grainType);
        activity?.SetTag("grain.state.expected_version", expectedVersion);
        activity?.SetTag("servicevision.outbox.messages", outbox?.Count ?? 0);
        return await Traced(activity, inner.WriteAsync(grainType, grainKey, json, expectedVersion, outbox, cancellationToken));
    }

    public async Task ClearAsync(string grainType, string grainKey, long expectedVersion, CancellationToken cancellationToken = default)
    {
        using var activity = Start("clear", grainType);
        try
        {
            await inner.ClearAsync(grainType, grainKey, expectedVersion, cancellationToken);
        }
        catch (Exception error) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            throw;
        }
    }

    private static Activity? Start(string operation, string grainType)
    {
        var activity = Tracing.StartActivity("grain storage " + operation, ActivityKind.Client);
        activity?.SetTag("db.operation.name", operation);
        activity?.SetTag("grain.type", grainType);
        return activity;
    }

    private static async Task<T> Traced<T>(Activity? activity, Task<T> operation)
    {
        try
        {
            return await operation;
        }
        catch (Exception error) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            throw;
        }
    }
}
