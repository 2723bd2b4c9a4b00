using ServiceVision.Grains.Storage;
using Xunit;

namespace ServiceVision.Grains.Tests.Storage;

/// <summary>The services of one store, as one host sees them.</summary>
public sealed record StoreUnderTest(
    IGrainStorage Grains,
    IReminderTable Reminders,
    IStorageInitializer Initializer,
    IOutboxStore Outbox,
    IProcessedMessages Processed);

/// <summary>
/// Gives each test an empty, initialized store of its own (a location: a file or a schema), so tests
/// never see each other's rows. Connecting to the same location again stands for another host.
/// </summary>
public abstract class StorageContract : IAsyncLifetime
{
    private readonly string location = NewLocation();
    private StoreUnderTest? store;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected StoreUnderTest Store => store ?? throw new InvalidOperationException("The store is connected in InitializeAsync.");

    /// <summary>Services over the store at <paramref name="location"/>, which may not be initialized yet.</summary>
    protected abstract StoreUnderTest Connect(string location);

    /// <summary>A location no one has used (valid as a file name and as a PostgreSQL schema name).</summary>
    protected static string NewLocation() => "t_" + Guid.NewGuid().ToString("N");

    /// <summary>Where this test's store is (a file name or a schema).</summary>
    protected string Location => location;

    /// <summary>Another host on this test's store.</summary>
    protected StoreUnderTest ConnectAnotherHost() => Connect(location);

    public virtual async ValueTask InitializeAsync()
    {
        store = Connect(location);
        await store.Initializer.InitializeAsync(Ct);
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Starts <paramref name="count"/> calls as close to together as the thread pool allows.</summary>
    protected static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, count)
            .Select(i => Task.Run(
                async () =>
                {
                    await start.Task;
                    return await call(i);
                },
                Ct))
            .ToArray();
        start.SetResult();
        return await Task.WhenAll(calls);
    }
}
