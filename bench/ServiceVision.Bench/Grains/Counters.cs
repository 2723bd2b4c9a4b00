using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceVision.Grains;
using ServiceVision.Grains.Runtime;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Bench.Grains;

/// <summary>The work every design does: read a counter, or add to it and return the new value.</summary>
public interface ICounterGrain : IGrain
{
    [ReadOnly]
    Task<int> Current();

    Task<int> Add(int amount);
}

/// <summary>A grain with in-memory state only: what is measured is the runtime, not a store.</summary>
public sealed class CounterGrain : Grain, ICounterGrain
{
    private int value;

    public Task<int> Current() => Task.FromResult(value);

    public Task<int> Add(int amount) => Task.FromResult(value += amount);
}

/// <summary>One of the three designs compared: counters addressed by key.</summary>
internal interface ICounters : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Makes the counters for these keys ready to call (the runtime: references; the others: objects).</summary>
    void Prepare(IReadOnlyList<string> keys);

    Task<int> Read(int index);

    Task<int> Write(int index);

    /// <summary>Creates the counter of <paramref name="key"/> and makes one call to it, so it is live and idle afterwards.</summary>
    Task Touch(string key);
}

/// <summary>Baseline 1, the whole cost of the runtime: the same work done directly under a lock, found by key.</summary>
internal sealed class LockedCounters : ICounters
{
    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);
    private string[] keys = [];

    public string Name => "direct + lock";

    public void Prepare(IReadOnlyList<string> keys) => this.keys = [.. keys];

    public Task<int> Read(int index) => Task.FromResult(Find(keys[index]).Get());

    public Task<int> Write(int index) => Task.FromResult(Find(keys[index]).Add(1));

    public Task Touch(string key)
    {
        Find(key).Get();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        counters.Clear();
        return ValueTask.CompletedTask;
    }

    private Counter Find(string key) => counters.GetOrAdd(key, static _ => new Counter());

    private sealed class Counter
    {
        private readonly Lock gate = new();
        private int value;

        public int Get()
        {
            lock (gate)
            {
                return value;
            }
        }

        public int Add(int amount)
        {
            lock (gate)
            {
                return value += amount;
            }
        }
    }
}

/// <summary>
/// Baseline 2, the least any turn-based design pays: per key a Channel read by one loop, and a
/// TaskCompletionSource per call. No activation, no read-only interleaving, no timeouts, no filters.
/// </summary>
internal sealed class MailboxCounters : ICounters
{
    private readonly ConcurrentDictionary<string, Mailbox> mailboxes = new(StringComparer.Ordinal);
    private string[] keys = [];

    public string Name => "bare mailbox";

    public void Prepare(IReadOnlyList<string> keys) => this.keys = [.. keys];

    public Task<int> Read(int index) => Find(keys[index]).Call(write: false);

    public Task<int> Write(int index) => Find(keys[index]).Call(write: true);

    public Task Touch(string key) => Find(key).Call(write: false);

    public async ValueTask DisposeAsync()
    {
        foreach (var mailbox in mailboxes.Values)
        {
            mailbox.Complete();
        }

        await Task.WhenAll(mailboxes.Values.Select(m => m.Pump));
        mailboxes.Clear();
    }

    private Mailbox Find(string key) => mailboxes.GetOrAdd(key, static _ => new Mailbox());

    private sealed class Mailbox
    {
        private readonly Channel<Call> queue = Channel.CreateUnbounded<Call>(new UnboundedChannelOptions { SingleReader = true });
        private int value;

        public Mailbox() => Pump = Task.Run(PumpAsync);

        public Task Pump { get; }

        public Task<int> Call(bool write)
        {
            var call = new Call(write);
            queue.Writer.TryWrite(call);
            return call.Completion.Task;
        }

        public void Complete() => queue.Writer.TryComplete();

        private async Task PumpAsync()
        {
            var reader = queue.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var call))
                {
                    call.Completion.TrySetResult(call.Write ? ++value : value);
                }
            }
        }
    }

    private sealed class Call(bool write)
    {
        public bool Write { get; } = write;

        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The grain runtime as the host composes it (not started: no idle collection, no reminders), with <see cref="CounterGrain"/>.</summary>
internal sealed class RuntimeCounters : ICounters
{
    private readonly IHost host;
    private readonly GrainRuntime runtime;
    private ICounterGrain[] references = [];

    public RuntimeCounters()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddGrainRuntime();
        builder.Services.AddGrain<ICounterGrain, CounterGrain>("counter");

        // Registered because the runtime needs a store; stateless grains never touch it.
        builder.Services.AddSqliteGrainStorage("Data Source=:memory:");
        host = builder.Build();
        runtime = host.Services.GetRequiredService<GrainRuntime>();
    }

    public string Name => "grain runtime";

    public GrainRuntime Runtime => runtime;

    /// <summary>Callers hold references, as grains and endpoints do between calls.</summary>
    public void Prepare(IReadOnlyList<string> keys) => references = [.. keys.Select(runtime.GetGrain<ICounterGrain>)];

    public Task<int> Read(int index) => references[index].Current();

    public Task<int> Write(int index) => references[index].Add(1);

    public Task Touch(string key) => runtime.GetGrain<ICounterGrain>(key).Current();

    public async ValueTask DisposeAsync()
    {
        await runtime.DeactivateAllAsync(CancellationToken.None);
        host.Dispose();
    }
}
