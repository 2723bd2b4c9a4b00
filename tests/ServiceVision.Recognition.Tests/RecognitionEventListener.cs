using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Testing;

namespace ServiceVision.Recognition.Tests;

/// <summary>Listens to the recognition service's events: what a partner would receive.</summary>
public static class RecognitionEventListener
{
    /// <summary>How long a test waits to be sure something does NOT arrive (a second event).</summary>
    public static TimeSpan Quiet { get; } = TimeSpan.FromSeconds(2);

    // Generous: the whole suite shares two cores, and a restarted host first binds its queues and claims its reminders.
    public static Task<BusEventListener> StartAsync(Uri broker) =>
        BusEventListener.StartAsync(broker, "recognition", TimeSpan.FromSeconds(60), events => events
            .To<RecognitionGiven>()
            .To<CelebrationHeld>()
            .To<CelebrationReminderDue>());
}
