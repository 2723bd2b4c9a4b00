using System.Collections.Concurrent;
using MassTransit;
using ServiceVision.Messaging;
using Xunit;

namespace ServiceVision.Testing;

/// <summary>
/// A bus of our own on a test's virtual host, bound to the events a test names: what another service
/// or a partner would receive. Each service's tests name their events in one place
/// (TrainingEventListener, SurveyEventListener, RecognitionEventListener).
/// </summary>
public sealed class BusEventListener : IAsyncDisposable
{
    private readonly ConcurrentQueue<object> received = new();
    private readonly TimeSpan patience;
    private IBusControl? bus;

    private BusEventListener(TimeSpan patience) => this.patience = patience;

    /// <summary>Starts listening on an auto-deleted queue "test-{name}-listener-{guid}" bound to the events <paramref name="subscribe"/> names.</summary>
    /// <param name="patience">How long <see cref="WaitForAsync{T}"/> waits.</param>
    public static async Task<BusEventListener> StartAsync(Uri broker, string name, TimeSpan patience, Action<Subscriptions> subscribe)
    {
        ArgumentNullException.ThrowIfNull(subscribe);
        var listener = new BusEventListener(patience);
        listener.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.AcceptRelayedMessages();
            cfg.ReceiveEndpoint($"test-{name}-listener-" + Guid.NewGuid().ToString("N"), e =>
            {
                e.AutoDelete = true;
                subscribe(new Subscriptions(e, listener));
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
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (received.OfType<T>().FirstOrDefault(match) is { } message)
            {
                return message;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No matching {typeof(T).Name} arrived on the broker within {patience.TotalSeconds} s.");
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

    /// <summary>The events a listener records.</summary>
    public sealed class Subscriptions
    {
        private readonly IReceiveEndpointConfigurator endpoint;
        private readonly BusEventListener listener;

        internal Subscriptions(IReceiveEndpointConfigurator endpoint, BusEventListener listener)
        {
            this.endpoint = endpoint;
            this.listener = listener;
        }

        public Subscriptions To<T>()
            where T : class
        {
            endpoint.Handler<T>(listener.Record);
            return this;
        }
    }
}
