using System.Collections.Concurrent;
using MassTransit;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Messaging;

namespace ServiceVision.Integration.Tests;

/// <summary>
/// Everything the rollout sends and the training service answers, as a partner with its own queue on
/// the test's virtual host would see it: each message with its MessageId, so a test can redeliver it.
/// </summary>
internal sealed class BusRecorder : IAsyncDisposable
{
    private readonly ConcurrentQueue<(Guid MessageId, object Message)> received = new();
    private IBusControl? bus;

    public static async Task<BusRecorder> StartAsync(Uri broker)
    {
        var recorder = new BusRecorder();
        recorder.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.AcceptRelayedMessages();
            cfg.ReceiveEndpoint("test-recorder-" + Guid.NewGuid().ToString("N"), e =>
            {
                e.AutoDelete = true;
                e.PrefetchCount = 500;
                e.Handler<AssignTraining>(recorder.RecordAsync);
                e.Handler<TrainingAssigned>(recorder.RecordAsync);
                e.Handler<TrainingStarted>(recorder.RecordAsync);
                e.Handler<TrainingCompleted>(recorder.RecordAsync);
            });
        });
        await recorder.bus.StartAsync(TestContext.Current.CancellationToken);
        return recorder;
    }

    /// <summary>Every delivery of <typeparamref name="T"/>, repeats included.</summary>
    public IReadOnlyList<(Guid MessageId, T Message)> All<T>() =>
        [.. received.Where(r => r.Message is T).Select(r => (r.MessageId, (T)r.Message))];

    /// <summary>One entry per MessageId: what was sent, however often it arrived.</summary>
    public IReadOnlyList<(Guid MessageId, T Message)> Distinct<T>() =>
        [.. All<T>().DistinctBy(r => r.MessageId)];

    public int DistinctCount<T>(Func<T, bool> match) => Distinct<T>().Count(r => match(r.Message));

    private Task RecordAsync<T>(ConsumeContext<T> context)
        where T : class
    {
        received.Enqueue((context.MessageId ?? throw new InvalidOperationException("A message without MessageId."), context.Message));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (bus is not null)
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
