using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Testing;

namespace ServiceVision.Surveys.Tests;

/// <summary>Listens to every survey event: what organizations, recognition or a partner would receive.</summary>
public static class SurveyEventListener
{
    /// <summary>How long a test waits to be sure something does NOT arrive.</summary>
    public static TimeSpan Quiet { get; } = TimeSpan.FromSeconds(1);

    public static Task<BusEventListener> StartAsync(Uri broker) =>
        BusEventListener.StartAsync(broker, "survey", Eventually.Patience, events => events
            .To<SurveyScoresPublished>()
            .To<CustomerFeedbackReceived>()
            .To<ServiceRecoveryNeeded>()
            .To<ServiceRecoveryOverdue>()
            .To<ComplaintMapped>());
}
