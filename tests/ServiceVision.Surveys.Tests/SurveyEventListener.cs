using System.Collections.Concurrent;
using MassTransit;
using ServiceVision.Contracts.Surveys.V1;

namespace ServiceVision.Surveys.Tests;

/// <summary>A bus of our own on the test's virtual host, bound to every survey event: what organizations, recognition or a partner would receive.</summary>
public sealed class SurveyEventListener : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<object> received = new();
    private IBusControl? bus;

    /// <summary>How long a test waits to be sure something does NOT arrive.</summary>
    public static TimeSpan Quiet { get; } = TimeSpan.FromSeconds(1);

    public static async Task<SurveyEventListener> StartAsync(Uri broker)
    {
        var listener = new SurveyEventListener();
        listener.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.ReceiveEndpoint("test-survey-listener-" + Guid.NewGuid().ToString("N"), e =>
            {
                e.AutoDelete = true;
                e.Handler<SurveyScoresPublished>(listener.Record);
                e.Handler<CustomerFeedbackReceived>(listener.Record);
                e.Handler<ServiceRecoveryNeeded>(listener.Record);
                e.Handler<ServiceRecoveryOverdue>(listener.Record);
                e.Handler<ComplaintMapped>(listener.Record);
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
