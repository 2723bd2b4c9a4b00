using System.Collections.Concurrent;
using MassTransit;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Training.V1;

namespace ServiceVision.Training.Tests;

/// <summary>
/// A bus of our own on the test's virtual host, bound to every training event: what the rollouts,
/// recognition or a partner would receive.
/// </summary>
public sealed class TrainingEventListener : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly ConcurrentQueue<object> received = new();
    private IBusControl? bus;

    /// <summary>How long a test waits to be sure something does NOT arrive (a second event).</summary>
    public static TimeSpan Quiet { get; } = TimeSpan.FromSeconds(1);

    public static async Task<TrainingEventListener> StartAsync(Uri broker)
    {
        var listener = new TrainingEventListener();
        listener.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.ReceiveEndpoint("test-training-listener-" + Guid.NewGuid().ToString("N"), e =>
            {
                e.AutoDelete = true;
                e.Handler<TrainingAssigned>(listener.Record);
                e.Handler<TrainingStarted>(listener.Record);
                e.Handler<TrainingCompleted>(listener.Record);
                e.Handler<RefresherAssigned>(listener.Record);
                e.Handler<TrainingReminderDue>(listener.Record);
                e.Handler<VisionPublished>(listener.Record);
            });
        });
        await listener.bus.StartAsync(TestContext.Current.CancellationToken);
        return listener;
    }

    /// <summary>Every <typeparamref name="T"/> received so far that matches.</summary>
    public IReadOnlyList<T> All<T>(Func<T, bool> match) => [.. received.OfType<T>().Where(match)];

    /// <summary>The first <typeparamref name="T"/> that matches, waiting for it.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (received.OfType<T>().FirstOrDefault(match) is { } message)
            {
                return message;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No matching {typeof(T).Name} arrived on the broker within {Patience.TotalSeconds} s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (bus is not null)
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private Task Record<T>(ConsumeContext<T> context)
        where T : class
    {
        received.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}
