using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Grains.Runtime;

/// <summary>
/// Starts the runtime with the host: creates the store's tables before anything is served,
/// collects idle activations on a timer, and runs every activation's last turn on shutdown.
/// </summary>
public sealed class GrainRuntimeService(
    GrainRuntime runtime,
    IEnumerable<IStorageInitializer> initializers,
    IOptions<GrainRuntimeOptions> options,
    ILogger<GrainRuntimeService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in initializers)
        {
            await initializer.InitializeAsync(cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionInterval, runtime.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                runtime.CollectIdleActivations();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await runtime.DeactivateAllAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // A grain stuck in a call must not hold the host: its state is as last written.
            logger.LogWarning("{Count} activations did not finish their last turn before shutdown", runtime.ActivationCount);
        }
    }
}
