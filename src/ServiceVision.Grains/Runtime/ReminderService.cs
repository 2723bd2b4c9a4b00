using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceVision.Grains.Storage;

namespace ServiceVision.Grains.Runtime;

/// <summary>
/// Fires durable reminders. Each due reminder is first claimed with a conditional update that
/// pushes its due time out by a lease, so only one host fires it; after the grain handled it the
/// reminder moves to its next period (or is removed). If the host dies in between, the lease
/// expires and another poll fires it again: reminders are delivered at least once.
/// </summary>
public sealed class ReminderService(
    GrainRuntime runtime,
    IReminderTable table,
    IOptions<GrainRuntimeOptions> options,
    ILogger<ReminderService> logger) : BackgroundService
{
    private readonly GrainRuntimeOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FireDueRemindersAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Polling the reminder table failed; retrying");
            }

            try
            {
                await Task.Delay(settings.ReminderPollInterval, runtime.Time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Fires every reminder due now; returns how many this host fired. Grains get theirs concurrently,
    /// but one grain gets its reminders one after another in the order they were due, so reminders
    /// that came due while no host was running arrive as they would have (the day-before reminder
    /// before the overdue one).
    /// </summary>
    public async Task<int> FireDueRemindersAsync(CancellationToken cancellationToken)
    {
        var now = runtime.Time.GetUtcNow();
        var due = await table.ReadDueAsync(now, settings.ReminderBatchSize, runtime.GrainTypeNames, cancellationToken);
        var fired = await Task.WhenAll(due
            .GroupBy(entry => (entry.GrainType, entry.GrainKey))
            .Select(async ofGrain =>
            {
                var count = 0;
                foreach (var entry in ofGrain.OrderBy(e => e.DueAt))
                {
                    count += await FireAsync(entry, now, cancellationToken) ? 1 : 0;
                }

                return count;
            }));
        return fired.Sum();
    }

    private async Task<bool> FireAsync(ReminderEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimed = await table.TryRescheduleAsync(entry, now + settings.ReminderLease, cancellationToken);
        if (claimed is null)
        {
            return false;
        }

        try
        {
            await runtime.FireReminderAsync(entry, new ReminderTick(entry.DueAt, now));
        }
        catch (Exception error)
        {
            // Left claimed: it fires again when the lease ends.
            logger.LogWarning(error, "Reminder {Reminder} of {GrainType}/{GrainKey} failed", entry.Name, entry.GrainType, entry.GrainKey);
            return false;
        }

        // A stale ETag here means the grain re-registered the reminder while handling it: keep that.
        if (entry.Period is { } period)
        {
            await table.TryRescheduleAsync(claimed, NextDue(entry.DueAt, period, now), cancellationToken);
        }
        else
        {
            await table.TryRemoveAsync(claimed, cancellationToken);
        }

        return true;
    }

    /// <summary>The first tick after <paramref name="now"/>; ticks missed while no host ran are skipped, not replayed.</summary>
    internal static DateTimeOffset NextDue(DateTimeOffset dueAt, TimeSpan period, DateTimeOffset now)
    {
        var missed = Math.Max(0, (now - dueAt).Ticks / period.Ticks);
        return dueAt + (period * (missed + 1));
    }
}
