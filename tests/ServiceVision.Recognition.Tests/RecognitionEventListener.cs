using System.Collections.Concurrent;
using MassTransit;
using ServiceVision.Contracts.Recognition.V1;

namespace ServiceVision.Recognition.Tests;

/// <summary>A bus of our own on the test's virtual host, bound to the recognition service's events: what a partner would receive.</summary>
public sealed class RecognitionEventListener : IAsyncDisposable
{
    // Generous: the whole suite shares two cores, and a restarted host first binds its queues and claims its reminders.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<object> received = new();
    private IBusControl? bus;

    /// <summary>How long a test waits to be sure something does NOT arrive (a second event).</summary>
    public static TimeSpan Quiet { get; } = TimeSpan.FromSeconds(2);

    public static async Task<RecognitionEventListener> StartAsync(Uri broker)
    {
        var listener = new RecognitionEventListener();
        listener.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.ReceiveEndpoint("test-recognition-listener-" + Guid.NewGuid().ToString("N"), e =>
            {
                e.AutoDelete = true;
                e.Handler<RecognitionGiven>(listener.Record);
                e.Handler<CelebrationHeld>(listener.Record);
                e.Handler<CelebrationReminderDue>(listener.Record);
            });
        });
        await listener.bus.StartAsync(TestContext.Current.CancellationToken);
        return listener;
    }

    public IReadOnlyList<T> All<T>(Func<T, bool> match) => [.. received.OfType<T>().Where(match)];

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
