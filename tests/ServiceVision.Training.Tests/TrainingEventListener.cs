using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Testing;

namespace ServiceVision.Training.Tests;

/// <summary>Listens to every training event: what the rollouts, recognition or a partner would receive.</summary>
public static class TrainingEventListener
{
    /// <summary>How long a test waits to be sure something does NOT arrive (a second event).</summary>
    public static TimeSpan Quiet { get; } = TimeSpan.FromSeconds(1);

    public static Task<BusEventListener> StartAsync(Uri broker) =>
        BusEventListener.StartAsync(broker, "training", Eventually.Patience, events => events
            .To<TrainingAssigned>()
            .To<TrainingStarted>()
            .To<TrainingCompleted>()
            .To<RefresherAssigned>()
            .To<TrainingReminderDue>()
            .To<VisionPublished>());
}
